import { randomBytes } from 'node:crypto';
import { Client } from '@opensearch-project/opensearch';
import { describe, expect, it } from 'vitest';
import {
  INDEX_DEFINITION,
  OpenSearchSearchIndex,
  SearchIndexWriteFailed,
} from '../../functions/modules/search/adapters/opensearch-search-index.js';
import { describeSearchIndexContract } from '../contracts/search-index.contract.js';

// The shared SearchIndex contract needs a real domain: set OPENSEARCH_URL (e.g. a local
// opensearch container without security, `plugins.security.disabled=true`) to run it against this
// adapter too. Without it only the request-shape tests below run: nothing here can reach a domain.
const openSearchUrl = process.env.OPENSEARCH_URL;
if (openSearchUrl) {
  const client = new Client({ node: openSearchUrl });
  const prefixes = new WeakMap<object, string>();
  describeSearchIndexContract(
    'OpenSearchSearchIndex',
    () => {
      const indexPrefix = `contract-${randomBytes(4).toString('hex')}`;
      const index = new OpenSearchSearchIndex(client, { indexPrefix });
      prefixes.set(index, indexPrefix);
      return index;
    },
    async (index) => {
      await client.indices.refresh({ index: `${prefixes.get(index)}-*` });
    },
  );
}

type Call = { method: string; params: Record<string, unknown> };

interface FakeOptions {
  readonly bulkErrors?: readonly { status: number; type: string }[];
  readonly searchBody?: Record<string, unknown>;
}

/** The slice of the OpenSearch client the adapter uses, recording every request. */
function fakeOpenSearch(options: FakeOptions = {}) {
  const calls: Call[] = [];
  const indices = new Set<string>();
  const client = {
    indices: {
      exists: async (params: { index: string }) => {
        calls.push({ method: 'indices.exists', params });
        return { body: indices.has(params.index) };
      },
      create: async (params: { index: string }) => {
        calls.push({ method: 'indices.create', params });
        indices.add(params.index);
        return { body: {} };
      },
    },
    bulk: async (params: Record<string, unknown>) => {
      calls.push({ method: 'bulk', params });
      const errors = options.bulkErrors ?? [];
      return {
        body: {
          errors: errors.length > 0,
          items: errors.map((e) => ({ index: { status: e.status, error: { type: e.type } } })),
        },
      };
    },
    search: async (params: Record<string, unknown>) => {
      calls.push({ method: 'search', params });
      return { body: options.searchBody ?? { hits: { total: { value: 0 }, hits: [] } } };
    },
  };
  return { client: client as unknown as Client, calls };
}

const fields = { title: 'Engine overheating', snippet: 'HIGH', at: 1000 };

describe('OpenSearchSearchIndex writes', () => {
  it('creates each index once with the folding analyzer, keyword tenant and the all field', async () => {
    // Prepare
    const { client, calls } = fakeOpenSearch();
    const index = new OpenSearchSearchIndex(client);
    const doc = { tenantId: 'acme-corp', collection: 'alerts' as const, id: 'a1', fields };

    // Act
    await index.upsert([doc]);
    await index.upsert([doc, { ...doc, collection: 'vehicles', id: 'TRK-101' }]);

    // Assess
    const creates = calls.filter((c) => c.method === 'indices.create').map((c) => c.params);
    expect(creates).toEqual([
      { index: 'fleetops-alerts', body: INDEX_DEFINITION },
      { index: 'fleetops-vehicles', body: INDEX_DEFINITION },
    ]);
    expect(INDEX_DEFINITION).toMatchObject({
      settings: { analysis: { analyzer: { folding: { filter: ['lowercase', 'asciifolding'] } } } },
      mappings: {
        properties: { tenantId: { type: 'keyword' }, at: { type: 'long' }, all: { type: 'text' } },
        dynamic_templates: [{ strings: { mapping: { copy_to: 'all', analyzer: 'folding' } } }],
      },
    });
    expect(calls.find((c) => c.method === 'bulk')?.params.body).toEqual([
      { index: { _index: 'fleetops-alerts', _id: 'acme-corp#a1', routing: 'acme-corp' } },
      { ...fields, tenantId: 'acme-corp', id: 'a1' },
    ]);
  });

  it('writes a versioned document with an external_gte version and drops undefined fields', async () => {
    const { client, calls } = fakeOpenSearch();

    await new OpenSearchSearchIndex(client).upsert([
      { tenantId: 'acme', collection: 'alerts', id: 'a1', version: 3, fields: { ...fields, assigneeId: undefined } },
    ]);

    expect(calls.find((c) => c.method === 'bulk')?.params.body).toEqual([
      {
        index: { _index: 'fleetops-alerts', _id: 'acme#a1', routing: 'acme', version: 3, version_type: 'external_gte' },
      },
      { ...fields, tenantId: 'acme', id: 'a1' },
    ]);
  });

  it('treats a version conflict as the newer copy winning, and fails on other bulk errors', async () => {
    const doc = { tenantId: 'acme', collection: 'alerts' as const, id: 'a1', version: 1, fields };
    const conflict = fakeOpenSearch({ bulkErrors: [{ status: 409, type: 'version_conflict_engine_exception' }] });
    const rejected = fakeOpenSearch({ bulkErrors: [{ status: 429, type: 'es_rejected_execution_exception' }] });

    await new OpenSearchSearchIndex(conflict.client).upsert([doc]);
    await expect(new OpenSearchSearchIndex(rejected.client).upsert([doc])).rejects.toBeInstanceOf(
      SearchIndexWriteFailed,
    );
  });

  it('ignores deleting what is not there, but fails on other bulk errors', async () => {
    const key = { tenantId: 'acme', collection: 'alerts' as const, id: 'a1' };

    await new OpenSearchSearchIndex(fakeOpenSearch({ bulkErrors: [{ status: 404, type: 'not_found' }] }).client).remove(
      [key],
    );
    await expect(
      new OpenSearchSearchIndex(fakeOpenSearch({ bulkErrors: [{ status: 429, type: 'es_rejected' }] }).client).remove([
        key,
      ]),
    ).rejects.toBeInstanceOf(SearchIndexWriteFailed);
  });
});

describe('OpenSearchSearchIndex queries', () => {
  it('filters and routes every search by the caller tenant, over one index per collection', async () => {
    // Prepare
    const { client, calls } = fakeOpenSearch({
      searchBody: {
        hits: {
          total: { value: 7 },
          hits: [
            {
              _index: 'fleetops-vehicles',
              _id: 'acme#TRK-101',
              _score: 2.5,
              _source: { tenantId: 'acme', id: 'TRK-101', title: 'Volvo' },
            },
          ],
        },
        aggregations: {
          collection: {
            buckets: [
              { key: 'fleetops-alerts', doc_count: 6 },
              { key: 'fleetops-vehicles', doc_count: 1 },
            ],
          },
          severity: { buckets: [{ key: 'HIGH', doc_count: 6 }] },
        },
      },
    });

    // Act
    const result = await new OpenSearchSearchIndex(client).search({
      tenantId: 'acme',
      collections: ['alerts', 'vehicles'],
      text: 'engin TRK-142 overh',
      filters: { severity: 'HIGH', open: true },
      at: { gte: 10, lte: 20 },
      facets: ['collection', 'severity'],
      from: 20,
      size: 5,
    });

    // Assess
    expect(result).toEqual({
      total: 7,
      hits: [{ collection: 'vehicles', id: 'TRK-101', score: 2.5, fields: { title: 'Volvo' } }],
      facets: { collection: { alerts: 6, vehicles: 1 }, severity: { HIGH: 6 } },
    });
    const textFields = ['title^3', 'all'];
    expect(calls[0]?.params).toEqual({
      index: 'fleetops-alerts,fleetops-vehicles',
      routing: 'acme',
      ignore_unavailable: true,
      body: {
        from: 20,
        size: 5,
        track_total_hits: true,
        track_scores: true,
        query: {
          bool: {
            must: [
              {
                bool: {
                  must: [
                    { multi_match: { query: 'engin', fields: textFields, fuzziness: 'AUTO' } },
                    { multi_match: { query: 'TRK', fields: textFields, fuzziness: 'AUTO' } },
                    { multi_match: { query: '142', fields: textFields, fuzziness: 0 } },
                    {
                      bool: {
                        should: [
                          { multi_match: { query: 'overh', fields: textFields, fuzziness: 'AUTO' } },
                          { multi_match: { query: 'overh', fields: textFields, type: 'bool_prefix' } },
                        ],
                        minimum_should_match: 1,
                      },
                    },
                  ],
                },
              },
            ],
            filter: [
              { term: { tenantId: 'acme' } },
              { term: { 'severity.keyword': 'HIGH' } },
              { term: { open: true } },
              { range: { at: { gte: 10, lte: 20 } } },
            ],
          },
        },
        sort: ['_score', { at: { order: 'desc', unmapped_type: 'long' } }, { id: 'asc' }],
        aggs: {
          collection: { terms: { field: '_index', size: 20 } },
          severity: { terms: { field: 'severity.keyword', size: 20 } },
        },
      },
    });
  });

  it('lists newest first without text, with score 0', async () => {
    const { client, calls } = fakeOpenSearch({
      searchBody: {
        hits: { total: 1, hits: [{ _index: 'fleetops-alerts', _id: 'acme#a1', _score: 1, _source: { id: 'a1' } }] },
      },
    });

    const result = await new OpenSearchSearchIndex(client).search({ tenantId: 'acme', collections: ['alerts'] });

    expect(result).toEqual({ total: 1, hits: [{ collection: 'alerts', id: 'a1', score: 0, fields: {} }], facets: {} });
    expect(calls[0]?.params.body).toMatchObject({
      query: { bool: { filter: [{ term: { tenantId: 'acme' } }] } },
      sort: [{ at: { order: 'desc', unmapped_type: 'long' } }, { id: 'asc' }],
    });
  });

  it('suggests distinct titles of the tenant, collapsed on the exact title', async () => {
    const { client, calls } = fakeOpenSearch({
      searchBody: {
        hits: {
          hits: [
            { _index: 'fleetops-alerts', _id: 'acme#a1', _source: { title: 'Engine overheating' } },
            { _index: 'fleetops-vehicles', _id: 'acme#v', _source: { title: 'Volvo engine truck' } },
          ],
        },
      },
    });

    const suggestions = await new OpenSearchSearchIndex(client).suggest({
      tenantId: 'acme',
      collections: ['alerts', 'vehicles'],
      text: 'eng',
      size: 3,
    });

    expect(suggestions).toEqual(['Engine overheating', 'Volvo engine truck']);
    expect(calls[0]?.params).toMatchObject({
      index: 'fleetops-alerts,fleetops-vehicles',
      routing: 'acme',
      body: {
        size: 3,
        collapse: { field: 'title.keyword' },
        query: { bool: { filter: [{ term: { tenantId: 'acme' } }] } },
      },
    });
  });

  it('answers empty results when no collection index exists yet', async () => {
    const { client } = fakeOpenSearch();
    (client as unknown as { search: () => Promise<never> }).search = async () => {
      throw new Error('index_not_found_exception: no such index [fleetops-tickets]');
    };
    const index = new OpenSearchSearchIndex(client);

    expect(await index.search({ tenantId: 'acme', collections: ['tickets'], facets: ['status'] })).toEqual({
      total: 0,
      hits: [],
      facets: { status: {} },
    });
    expect(await index.suggest({ tenantId: 'acme', collections: ['tickets'], text: 'x' })).toEqual([]);
  });
});
