import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  INDEX_DEFINITION,
  OpenSearchSearchIndex,
  SearchIndexWriteFailed,
} from '../../functions/modules/search/adapters/opensearch-search-index.js';
import { HttpOpenSearchTransport, OpenSearchResponseError } from '../../functions/platform/clients/opensearch.js';
import { verifySigV4 } from '../../local/gateway/sigv4-verifier.js';
import { describeSearchIndexContract } from '../contracts/search-index.contract.js';

// The shared SearchIndex contract needs a real domain: set OPENSEARCH_URL (e.g. a local
// opensearch container without security, `plugins.security.disabled=true`) to run it against this
// adapter too. Without it only the request-shape tests below run: nothing here can reach a domain.
const openSearchUrl = process.env.OPENSEARCH_URL;
if (openSearchUrl) {
  const client = new HttpOpenSearchTransport({ node: openSearchUrl });
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
      await client.request({ method: 'POST', path: `/${prefixes.get(index)}-*/_refresh` });
    },
  );
}

type Call = {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, or the parsed lines of an NDJSON one. */
  body: unknown;
  contentType: string | undefined;
};

interface FakeOptions {
  readonly bulkErrors?: readonly { status: number; type: string }[];
  readonly searchBody?: Record<string, unknown>;
  /** `_search` answers 404 index_not_found_exception, as a domain where nothing was indexed yet. */
  readonly noIndex?: boolean;
  /** `PUT` of an index answers resource_already_exists_exception (another writer won the race). */
  readonly createRace?: boolean;
}

const CREDENTIALS = { accessKeyId: 'AKIAFLEETOPSTEST0001', secretAccessKey: 'test-secret-of-the-fake-domain' };

/**
 * An OpenSearch domain on 127.0.0.1 that answers the REST calls the adapter makes, verifies each
 * request's SigV4 signature as the service would (403 otherwise) and records every call.
 */
async function fakeOpenSearch(options: FakeOptions = {}) {
  const calls: Call[] = [];
  const indices = new Set<string>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const refusal = await verifySigV4(
      { method: req.method ?? '', url: req.url ?? '/', headers: req.headers },
      raw,
      CREDENTIALS,
    );
    if (refusal) return reply(403, { message: refusal });
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = raw.toString('utf8');
    const contentType = req.headers['content-type'];
    const body =
      text === ''
        ? undefined
        : contentType === 'application/x-ndjson'
          ? text
              .trimEnd()
              .split('\n')
              .map((line) => JSON.parse(line) as unknown)
          : (JSON.parse(text) as unknown);
    calls.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      contentType,
    });
    if (req.method === 'HEAD') return reply(indices.has(url.pathname.slice(1)) ? 200 : 404);
    if (req.method === 'PUT') {
      if (options.createRace) {
        return reply(400, { error: { type: 'resource_already_exists_exception', reason: 'exists' }, status: 400 });
      }
      indices.add(url.pathname.slice(1));
      return reply(200, { acknowledged: true });
    }
    if (url.pathname === '/_bulk') {
      const errors = options.bulkErrors ?? [];
      return reply(200, {
        errors: errors.length > 0,
        items: errors.map((e) => ({ index: { status: e.status, error: { type: e.type } } })),
      });
    }
    if (url.pathname.endsWith('/_search')) {
      if (options.noIndex) {
        return reply(404, { error: { type: 'index_not_found_exception', reason: 'no such index' }, status: 404 });
      }
      return reply(200, options.searchBody ?? { hits: { total: { value: 0 }, hits: [] } });
    }
    return reply(400, { error: { type: 'unexpected_call', reason: `${req.method} ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const node = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const transport = new HttpOpenSearchTransport({ node, signing: { region: 'eu-west-1', credentials: CREDENTIALS } });
  return { client: transport, calls, node };
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const fields = { title: 'Engine overheating', snippet: 'HIGH', at: 1000 };

describe('OpenSearchSearchIndex writes', () => {
  it('creates each index once with the folding analyzer, keyword tenant and the all field', async () => {
    // Prepare
    const { client, calls } = await fakeOpenSearch();
    const index = new OpenSearchSearchIndex(client);
    const doc = { tenantId: 'acme-corp', collection: 'alerts' as const, id: 'a1', fields };

    // Act
    await index.upsert([doc]);
    await index.upsert([doc, { ...doc, collection: 'vehicles', id: 'TRK-101' }]);

    // Assess
    const creates = calls.filter((c) => c.method === 'PUT').map((c) => ({ path: c.path, body: c.body }));
    expect(creates).toEqual([
      { path: '/fleetops-alerts', body: INDEX_DEFINITION },
      { path: '/fleetops-vehicles', body: INDEX_DEFINITION },
    ]);
    // Each index is probed once per container, not before every write.
    expect(calls.filter((c) => c.method === 'HEAD').map((c) => c.path)).toEqual([
      '/fleetops-alerts',
      '/fleetops-vehicles',
    ]);
    expect(INDEX_DEFINITION).toMatchObject({
      settings: { analysis: { analyzer: { folding: { filter: ['lowercase', 'asciifolding'] } } } },
      mappings: {
        properties: { tenantId: { type: 'keyword' }, at: { type: 'long' }, all: { type: 'text' } },
        dynamic_templates: [{ strings: { mapping: { copy_to: 'all', analyzer: 'folding' } } }],
      },
    });
    const bulk = calls.find((c) => c.path === '/_bulk');
    expect(bulk).toMatchObject({ method: 'POST', query: { refresh: 'false' }, contentType: 'application/x-ndjson' });
    expect(bulk?.body).toEqual([
      { index: { _index: 'fleetops-alerts', _id: 'acme-corp#a1', routing: 'acme-corp' } },
      { ...fields, tenantId: 'acme-corp', id: 'a1' },
    ]);
  });

  it('writes a versioned document with an external_gte version and drops undefined fields', async () => {
    const { client, calls } = await fakeOpenSearch();

    await new OpenSearchSearchIndex(client).upsert([
      { tenantId: 'acme', collection: 'alerts', id: 'a1', version: 3, fields: { ...fields, assigneeId: undefined } },
    ]);

    expect(calls.find((c) => c.path === '/_bulk')?.body).toEqual([
      {
        index: { _index: 'fleetops-alerts', _id: 'acme#a1', routing: 'acme', version: 3, version_type: 'external_gte' },
      },
      { ...fields, tenantId: 'acme', id: 'a1' },
    ]);
  });

  it('treats a version conflict as the newer copy winning, and fails on other bulk errors', async () => {
    const doc = { tenantId: 'acme', collection: 'alerts' as const, id: 'a1', version: 1, fields };
    const conflict = await fakeOpenSearch({ bulkErrors: [{ status: 409, type: 'version_conflict_engine_exception' }] });
    const rejected = await fakeOpenSearch({ bulkErrors: [{ status: 429, type: 'es_rejected_execution_exception' }] });

    await new OpenSearchSearchIndex(conflict.client).upsert([doc]);
    await expect(new OpenSearchSearchIndex(rejected.client).upsert([doc])).rejects.toBeInstanceOf(
      SearchIndexWriteFailed,
    );
  });

  it('ignores deleting what is not there, but fails on other bulk errors', async () => {
    const key = { tenantId: 'acme', collection: 'alerts' as const, id: 'a1' };

    const missing = await fakeOpenSearch({ bulkErrors: [{ status: 404, type: 'not_found' }] });
    const rejected = await fakeOpenSearch({ bulkErrors: [{ status: 429, type: 'es_rejected' }] });

    await new OpenSearchSearchIndex(missing.client).remove([key]);
    await expect(new OpenSearchSearchIndex(rejected.client).remove([key])).rejects.toBeInstanceOf(
      SearchIndexWriteFailed,
    );
    expect(missing.calls.find((c) => c.path === '/_bulk')?.body).toEqual([
      { delete: { _index: 'fleetops-alerts', _id: 'acme#a1', routing: 'acme' } },
    ]);
  });
});

describe('OpenSearchSearchIndex queries', () => {
  it('filters and routes every search by the caller tenant, over one index per collection', async () => {
    // Prepare
    const { client, calls } = await fakeOpenSearch({
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
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/fleetops-alerts,fleetops-vehicles/_search',
      query: { routing: 'acme', ignore_unavailable: 'true' },
    });
    expect(calls[0]).toEqual({
      method: 'POST',
      path: '/fleetops-alerts,fleetops-vehicles/_search',
      query: { routing: 'acme', ignore_unavailable: 'true' },
      contentType: 'application/json',
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
    const { client, calls } = await fakeOpenSearch({
      searchBody: {
        hits: { total: 1, hits: [{ _index: 'fleetops-alerts', _id: 'acme#a1', _score: 1, _source: { id: 'a1' } }] },
      },
    });

    const result = await new OpenSearchSearchIndex(client).search({ tenantId: 'acme', collections: ['alerts'] });

    expect(result).toEqual({ total: 1, hits: [{ collection: 'alerts', id: 'a1', score: 0, fields: {} }], facets: {} });
    expect(calls[0]?.body).toMatchObject({
      query: { bool: { filter: [{ term: { tenantId: 'acme' } }] } },
      sort: [{ at: { order: 'desc', unmapped_type: 'long' } }, { id: 'asc' }],
    });
  });

  it('suggests distinct titles of the tenant, collapsed on the exact title', async () => {
    const { client, calls } = await fakeOpenSearch({
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
    expect(calls[0]).toMatchObject({
      path: '/fleetops-alerts,fleetops-vehicles/_search',
      query: { routing: 'acme' },
      body: {
        size: 3,
        collapse: { field: 'title.keyword' },
        query: { bool: { filter: [{ term: { tenantId: 'acme' } }] } },
      },
    });
  });

  it('answers empty results when no collection index exists yet', async () => {
    const { client } = await fakeOpenSearch({ noIndex: true });
    const index = new OpenSearchSearchIndex(client);

    expect(await index.search({ tenantId: 'acme', collections: ['tickets'], facets: ['status'] })).toEqual({
      total: 0,
      hits: [],
      facets: { status: {} },
    });
    expect(await index.suggest({ tenantId: 'acme', collections: ['tickets'], text: 'x' })).toEqual([]);
  });
});

describe('HttpOpenSearchTransport', () => {
  it('is refused by the domain when it signs with the wrong secret', async () => {
    const { node } = await fakeOpenSearch();
    const wrong = new HttpOpenSearchTransport({
      node,
      signing: { region: 'eu-west-1', credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-secret' } },
    });

    const failure = await new OpenSearchSearchIndex(wrong)
      .search({ tenantId: 'acme', collections: ['alerts'] })
      .catch((e) => e);

    expect(failure).toBeInstanceOf(OpenSearchResponseError);
    expect(failure).toMatchObject({ statusCode: 403 });
  });

  it('takes an index another writer created in between as created', async () => {
    const { client, calls } = await fakeOpenSearch({ createRace: true });

    await new OpenSearchSearchIndex(client).upsert([{ tenantId: 'acme', collection: 'alerts', id: 'a1', fields }]);

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'HEAD /fleetops-alerts',
      'PUT /fleetops-alerts',
      'POST /_bulk',
    ]);
  });

  it('rejects an answer it did not accept with the status and OpenSearch error type', async () => {
    const { client } = await fakeOpenSearch();

    const failure = await client.request({ method: 'GET', path: '/_cat/nothing' }).catch((e) => e);

    expect(failure).toBeInstanceOf(OpenSearchResponseError);
    expect(failure).toMatchObject({ statusCode: 400, type: 'unexpected_call' });
  });
});
