import { randomBytes } from 'node:crypto';
import { Client } from '@opensearch-project/opensearch';
import { describe, expect, it } from 'vitest';
import {
  OpenSearchSearchIndex,
  SearchIndexWriteFailed,
} from '../../functions/modules/search/adapters/opensearch-search-index.js';
import { describeSearchIndexContract } from '../contracts/search-index.contract.js';

// The shared SearchIndex contract needs a real domain: set OPENSEARCH_URL (e.g. a local
// opensearch container without security) to run it against this adapter too.
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

/** The slice of the OpenSearch client the adapter uses, recording every request. */
function fakeOpenSearch(options: { bulkErrors?: { status: number; type: string }[] } = {}) {
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
          items: errors.map((e) => ({ delete: { status: e.status, error: { type: e.type } } })),
        },
      };
    },
    search: async (params: Record<string, unknown>) => {
      calls.push({ method: 'search', params });
      return {
        body: {
          hits: {
            total: { value: 1 },
            hits: [{ _id: 'acme#a1', _score: 2, _source: { tenantId: 'acme', id: 'a1', message: 'Engine' } }],
          },
        },
      };
    },
  };
  return { client: client as unknown as Client, calls };
}

describe('OpenSearchSearchIndex', () => {
  it('creates the index once with tenantId as a keyword, routes by tenant and prefixes ids', async () => {
    // Prepare
    const { client, calls } = fakeOpenSearch();
    const index = new OpenSearchSearchIndex(client);
    const doc = { tenantId: 'acme-corp', collection: 'alerts' as const, id: 'a1', fields: { message: 'Engine' } };

    // Act
    await index.upsert([doc]);
    await index.upsert([doc]);

    // Assess
    const creates = calls.filter((c) => c.method === 'indices.create');
    expect(creates).toHaveLength(1);
    expect(creates[0]?.params).toMatchObject({
      index: 'fleetops-alerts',
      body: { mappings: { properties: { tenantId: { type: 'keyword' } } } },
    });
    expect(calls.find((c) => c.method === 'bulk')?.params.body).toEqual([
      { index: { _index: 'fleetops-alerts', _id: 'acme-corp#a1', routing: 'acme-corp' } },
      { message: 'Engine', tenantId: 'acme-corp', id: 'a1' },
    ]);
  });

  it('always filters and routes a search by the caller tenant', async () => {
    const { client, calls } = fakeOpenSearch();
    const index = new OpenSearchSearchIndex(client);

    const result = await index.search({
      tenantId: 'acme',
      collection: 'alerts',
      text: 'engin',
      filters: { severity: 'CRITICAL', open: true },
      size: 5,
    });

    expect(result).toEqual({ total: 1, hits: [{ id: 'a1', score: 2, fields: { message: 'Engine' } }] });
    expect(calls[0]?.params).toEqual({
      index: 'fleetops-alerts',
      routing: 'acme',
      body: {
        from: 0,
        size: 5,
        query: {
          bool: {
            must: [{ multi_match: { query: 'engin', fields: ['*'], fuzziness: 'AUTO', lenient: true } }],
            filter: [
              { term: { tenantId: 'acme' } },
              { term: { 'severity.keyword': 'CRITICAL' } },
              { term: { open: true } },
            ],
          },
        },
      },
    });
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

describe('OpenSearchSearchIndex before anything was indexed', () => {
  it('answers an empty result when the collection index does not exist yet', async () => {
    const { client } = fakeOpenSearch();
    (client as unknown as { search: () => Promise<never> }).search = async () => {
      throw new Error('index_not_found_exception: no such index [fleetops-tickets]');
    };

    const result = await new OpenSearchSearchIndex(client).search({ tenantId: 'acme', collection: 'tickets' });

    expect(result).toEqual({ total: 0, hits: [] });
  });
});
