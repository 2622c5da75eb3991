import {
  OpenSearchResponseError,
  type OpenSearchTransport,
  openSearchTransport,
} from '../../../platform/clients/opensearch.js';
import type { SearchBinding } from '../../../platform/wiring/bindings.js';
import { ENV } from '../../../platform/wiring/environment.js';
import { isPrefixTerm, tokenize } from '../domain/query-terms.js';
import {
  type DocumentKey,
  type FieldValue,
  SEARCH_COLLECTIONS,
  type SearchCollection,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type SuggestQuery,
} from '../ports/search-index.js';

export interface OpenSearchSearchIndexProps {
  /** Index names are `<prefix>-<collection>`. @default 'fleetops' */
  readonly indexPrefix?: string;
}

/** OpenSearch answered a bulk request with per-item errors. */
export class SearchIndexWriteFailed extends Error {
  override readonly name = 'SearchIndexWriteFailed';
}

const DEFAULT_SIZE = 20;
const MAX_SIZE = 100;
const DEFAULT_SUGGESTIONS = 8;
/** Distinct values a facet reports at most. */
const FACET_SIZE = 20;
/** The fields text queries read: `all` (every string, the title too) and the title again, boosted. */
const TEXT_FIELDS = ['title^3', 'all'];

/**
 * Every collection's index. Strings are text (lowercased, accent-folded, `_` split like a space, as
 * the local MiniSearch twin tokenizes) with an exact `keyword` sub-field for filters and facets, and
 * copied into `all` for full text; `tenantId` and `id` exact, `at` epoch milliseconds.
 */
export const INDEX_DEFINITION = {
  settings: {
    analysis: {
      char_filter: { underscore_as_space: { type: 'mapping', mappings: ['_=>\\u0020'] } },
      analyzer: {
        folding: {
          type: 'custom',
          char_filter: ['underscore_as_space'],
          tokenizer: 'standard',
          filter: ['lowercase', 'asciifolding'],
        },
      },
    },
  },
  mappings: {
    dynamic_templates: [
      {
        strings: {
          match_mapping_type: 'string',
          mapping: {
            type: 'text',
            analyzer: 'folding',
            copy_to: 'all',
            fields: { keyword: { type: 'keyword', ignore_above: 256 } },
          },
        },
      },
    ],
    properties: {
      tenantId: { type: 'keyword' },
      id: { type: 'keyword' },
      at: { type: 'long' },
      all: { type: 'text', analyzer: 'folding' },
      title: {
        type: 'text',
        analyzer: 'folding',
        copy_to: 'all',
        fields: { keyword: { type: 'keyword', ignore_above: 256 } },
      },
    },
  },
};

/**
 * The search port on OpenSearch. One index per collection (`fleetops-alerts`, `fleetops-vehicles`,
 * …), documents routed by tenant (a tenant's documents share a shard) and every query carries a
 * `tenantId` term filter, so no query can reach another tenant's documents. Document ids are
 * prefixed with the tenant so two tenants' equal ids never overwrite each other; versioned
 * documents are written with external versions, so an older copy is refused by OpenSearch itself.
 */
export class OpenSearchSearchIndex implements SearchIndex {
  private readonly prefix: string;
  private readonly ready = new Map<SearchCollection, Promise<void>>();

  constructor(
    private readonly transport: OpenSearchTransport,
    props: OpenSearchSearchIndexProps = {},
  ) {
    this.prefix = props.indexPrefix ?? 'fleetops';
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await Promise.all([...new Set(documents.map((doc) => doc.collection))].map((c) => this.ensureIndex(c)));
    const body = documents.flatMap((doc) => [
      {
        index: {
          _index: this.indexOf(doc.collection),
          _id: documentId(doc.tenantId, doc.id),
          routing: doc.tenantId,
          // external_gte: a lower version is a conflict (kept out), an equal one a redelivery.
          ...(doc.version === undefined ? {} : { version: doc.version, version_type: 'external_gte' }),
        },
      },
      { ...definedFields(doc.fields), tenantId: doc.tenantId, id: doc.id },
    ]);
    await this.bulk(body, (status) => status === 409);
  }

  async remove(keys: readonly DocumentKey[]): Promise<void> {
    if (keys.length === 0) return;
    const body = keys.map((key) => ({
      delete: { _index: this.indexOf(key.collection), _id: documentId(key.tenantId, key.id), routing: key.tenantId },
    }));
    await this.bulk(body, (status) => status === 404);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const facetFields = query.facets ?? [];
    const text = query.text?.trim() ?? '';
    const body = {
      from: Math.max(0, query.from ?? 0),
      size: Math.min(MAX_SIZE, Math.max(0, query.size ?? DEFAULT_SIZE)),
      track_total_hits: true,
      query: {
        bool: {
          ...(text === '' ? {} : { must: [textQuery(text, TEXT_FIELDS)] }),
          filter: filtersOf(query, (c) => this.indexOf(c)),
        },
      },
      // Without text, newest first; with text, by score, ties newest first; then id for stable pages.
      sort: [...(text === '' ? [] : ['_score']), { at: { order: 'desc', unmapped_type: 'long' } }, { id: 'asc' }],
      track_scores: true,
      ...(facetFields.length === 0 ? {} : { aggs: aggregationsOf(facetFields) }),
    };
    const response = await this.searchRequest(query.collections, query.tenantId, body);
    if (!response) return { total: 0, hits: [], facets: Object.fromEntries(facetFields.map((f) => [f, {}])) };
    const { hits, aggregations } = response;
    return {
      total: typeof hits.total === 'number' ? hits.total : (hits.total?.value ?? 0),
      hits: hits.hits.map((hit): SearchHit => {
        const { tenantId: _tenant, id, ...fields } = (hit._source ?? {}) as Record<string, FieldValue>;
        return {
          collection: this.collectionOf(hit._index),
          id: String(id ?? hit._id),
          score: text === '' ? 0 : (hit._score ?? 0),
          fields,
        };
      }),
      facets: Object.fromEntries(
        facetFields.map((field) => [field, this.bucketsOf(field, aggregations?.[field]?.buckets ?? [])]),
      ),
    };
  }

  async suggest(query: SuggestQuery): Promise<string[]> {
    const text = query.text.trim();
    if (text === '') return [];
    const body = {
      size: Math.max(0, query.size ?? DEFAULT_SUGGESTIONS),
      _source: ['title'],
      query: { bool: { must: [textQuery(text, ['title'])], filter: [{ term: { tenantId: query.tenantId } }] } },
      // One hit per distinct title: many alerts share a message.
      collapse: { field: 'title.keyword' },
    };
    const response = await this.searchRequest(query.collections, query.tenantId, body);
    if (!response) return [];
    const { hits } = response;
    return [...new Set(hits.hits.map((hit) => String((hit._source as { title?: unknown } | undefined)?.title ?? '')))];
  }

  /**
   * Creates the collection's index on first write with the mapping isolation depends on: `tenantId`
   * as a keyword, so the term filter matches `acme-corp` exactly instead of its analysed tokens.
   */
  private ensureIndex(collection: SearchCollection): Promise<void> {
    let ready = this.ready.get(collection);
    if (!ready) {
      ready = this.createIndex(collection).catch((error: unknown) => {
        this.ready.delete(collection);
        throw error;
      });
      this.ready.set(collection, ready);
    }
    return ready;
  }

  private async createIndex(collection: SearchCollection): Promise<void> {
    const index = this.indexOf(collection);
    const exists = await this.transport.request({ method: 'HEAD', path: `/${index}` }, [404]);
    if (exists.statusCode === 200) return;
    try {
      await this.transport.request({ method: 'PUT', path: `/${index}`, body: INDEX_DEFINITION });
    } catch (error) {
      // Another writer created it in between: that is the state we wanted.
      if (!(error instanceof OpenSearchResponseError && error.type === 'resource_already_exists_exception'))
        throw error;
    }
  }

  /** `_search` over the collections' indices, routed to the tenant's shard; undefined when none exists yet. */
  private async searchRequest(
    collections: readonly SearchCollection[],
    tenantId: string,
    body: Record<string, unknown>,
  ): Promise<SearchResponseBody | undefined> {
    try {
      const response = await this.transport.request<SearchResponseBody>({
        method: 'POST',
        path: `/${this.indicesOf(collections)}/_search`,
        query: { routing: tenantId, ignore_unavailable: true },
        body,
      });
      return response.body;
    } catch (error) {
      // Nothing was ever indexed in these collections: an empty result, not an outage.
      if (error instanceof OpenSearchResponseError && error.type === 'index_not_found_exception') return undefined;
      throw error;
    }
  }

  private indexOf(collection: SearchCollection): string {
    return `${this.prefix}-${collection}`;
  }

  private indicesOf(collections: readonly SearchCollection[]): string {
    return [...new Set(collections)].map((c) => this.indexOf(c)).join(',');
  }

  private collectionOf(index: string): SearchCollection {
    const name = index.slice(this.prefix.length + 1);
    const collection = SEARCH_COLLECTIONS.find((c) => c === name);
    if (!collection) throw new Error(`Search hit from an index this adapter does not own: ${index}`);
    return collection;
  }

  private bucketsOf(field: string, buckets: readonly { key: unknown; doc_count: number }[]): Record<string, number> {
    return Object.fromEntries(
      buckets.map((b) => [field === 'collection' ? this.collectionOf(String(b.key)) : String(b.key), b.doc_count]),
    );
  }

  private async bulk(body: Record<string, unknown>[], expected: (status: number) => boolean): Promise<void> {
    const response = await this.transport.request<BulkResponseBody>({
      method: 'POST',
      path: '/_bulk',
      query: { refresh: false },
      body,
      ndjson: true,
    });
    if (!response.body.errors) return;
    const failures = response.body.items
      .map((item) => Object.values(item)[0])
      .filter((result) => result?.error && !expected(result.status));
    if (failures.length > 0) {
      throw new SearchIndexWriteFailed(
        `${failures.length} search document(s) failed: ${failures.map((f) => f?.error?.type).join(', ')}`,
      );
    }
  }
}

interface SearchResponseBody {
  readonly hits: {
    readonly total?: number | { readonly value: number };
    readonly hits: readonly { _index: string; _id: string; _score?: number | null; _source?: unknown }[];
  };
  readonly aggregations?: Record<string, { readonly buckets?: readonly { key: unknown; doc_count: number }[] }>;
}

interface BulkResponseBody {
  readonly errors: boolean;
  readonly items: readonly Record<string, { status: number; error?: { type?: string } } | undefined>[];
}

/**
 * Every term required; each fuzzy (`AUTO`) unless it has a digit (ids and values match exactly);
 * the last one also as a prefix (search as you type): the term rules the local index applies too
 * (domain/query-terms.ts). A prefix expands to at most OpenSearch's 50 terms (`max_expansions`).
 */
function textQuery(text: string, fields: readonly string[]): Record<string, unknown> {
  const terms = tokenize(text);
  return {
    bool: {
      must: terms.map((term, i) => {
        const match = {
          multi_match: { query: term, fields: [...fields], fuzziness: /\p{N}/u.test(term) ? 0 : 'AUTO' },
        };
        if (!isPrefixTerm(term, i, terms)) return match;
        const prefix = { multi_match: { query: term, fields: [...fields], type: 'bool_prefix' } };
        return { bool: { should: [match, prefix], minimum_should_match: 1 } };
      }),
    },
  };
}

/**
 * The tenant first, always; then exact filters (strings on their keyword), the per-collection
 * scopes (a document of that index must match them, others pass) and the `at` range.
 */
function filtersOf(query: SearchQuery, indexOf: (collection: SearchCollection) => string): Record<string, unknown>[] {
  const filter: Record<string, unknown>[] = [{ term: { tenantId: query.tenantId } }];
  for (const [field, value] of Object.entries(query.filters ?? {})) {
    filter.push({ term: { [typeof value === 'string' ? `${field}.keyword` : field]: value } });
  }
  for (const [collection, scope] of Object.entries(query.scopes ?? {})) {
    const index = { term: { _index: indexOf(collection as SearchCollection) } };
    const terms = Object.entries(scope ?? {}).map(([field, value]) => ({ term: { [`${field}.keyword`]: value } }));
    filter.push({
      bool: {
        should: [{ bool: { must_not: [index] } }, { bool: { filter: [index, ...terms] } }],
        minimum_should_match: 1,
      },
    });
  }
  if (query.at) {
    filter.push({
      range: {
        at: {
          ...(query.at.gte === undefined ? {} : { gte: query.at.gte }),
          ...(query.at.lte === undefined ? {} : { lte: query.at.lte }),
        },
      },
    });
  }
  return filter;
}

/** A terms aggregation per facet; the collection facet counts indices. */
function aggregationsOf(fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((field) => [
      field,
      { terms: { field: field === 'collection' ? '_index' : `${field}.keyword`, size: FACET_SIZE } },
    ]),
  );
}

function definedFields(fields: SearchDocument['fields']): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<
    string,
    FieldValue
  >;
}

function documentId(tenantId: string, id: string): string {
  return `${tenantId}#${id}`;
}

/** Binds the stage's search domain (SEARCH_ENDPOINT, es:ESHttp*) through {@link OpenSearchSearchIndex}. */
export const openSearchIndex: SearchBinding<SearchIndex> = {
  kind: 'search',
  env: [ENV.searchEndpoint, 'AWS_REGION'],
  fromEnvironment: ({ env }) =>
    new OpenSearchSearchIndex(openSearchTransport(env[ENV.searchEndpoint] as string, env.AWS_REGION as string)),
};
