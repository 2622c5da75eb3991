import type { Client } from '@opensearch-project/opensearch';
import { openSearchClient } from '../../../platform/clients/opensearch.js';
import type { SearchBinding } from '../../../platform/wiring/bindings.js';
import { ENV } from '../../../platform/wiring/environment.js';
import type {
  SearchCollection,
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from '../ports/search-index.js';

export interface OpenSearchSearchIndexProps {
  /** Index names are `<prefix>-<collection>`. @default 'fleetops' */
  readonly indexPrefix?: string;
}

/** OpenSearch answered a bulk request with per-item errors. */
export class SearchIndexWriteFailed extends Error {
  override readonly name = 'SearchIndexWriteFailed';
}

type Fields = Readonly<Record<string, string | number | boolean | null>>;

/** Every collection's index: tenant and id exact, other strings full-text with an exact sub-field. */
const INDEX_DEFINITION: NonNullable<Parameters<Client['indices']['create']>[0]>['body'] = {
  mappings: {
    dynamic_templates: [
      {
        strings: {
          match_mapping_type: 'string',
          mapping: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
        },
      },
    ],
    properties: { tenantId: { type: 'keyword' }, id: { type: 'keyword' } },
  },
};

/**
 * The search port on OpenSearch. One index per collection, documents routed by tenant (a tenant's
 * documents share a shard) and every query carries a `tenantId` term filter, so no query can
 * reach another tenant's documents. Document ids are prefixed with the tenant so two tenants'
 * equal ids never overwrite each other.
 */
export class OpenSearchSearchIndex implements SearchIndex {
  private readonly prefix: string;
  private readonly ready = new Map<SearchCollection, Promise<void>>();

  constructor(
    private readonly client: Client,
    props: OpenSearchSearchIndexProps = {},
  ) {
    this.prefix = props.indexPrefix ?? 'fleetops';
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await Promise.all([...new Set(documents.map((doc) => doc.collection))].map((c) => this.ensureIndex(c)));
    const body = documents.flatMap((doc) => [
      { index: { _index: this.indexOf(doc.collection), _id: documentId(doc.tenantId, doc.id), routing: doc.tenantId } },
      { ...doc.fields, tenantId: doc.tenantId, id: doc.id },
    ]);
    await this.bulk(body);
  }

  async remove(keys: readonly { tenantId: string; collection: SearchCollection; id: string }[]): Promise<void> {
    if (keys.length === 0) return;
    const body = keys.map((key) => ({
      delete: { _index: this.indexOf(key.collection), _id: documentId(key.tenantId, key.id), routing: key.tenantId },
    }));
    await this.bulk(body, true);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const filter: Record<string, unknown>[] = [{ term: { tenantId: query.tenantId } }];
    for (const [field, value] of Object.entries(query.filters ?? {})) {
      // Strings are mapped as text with a keyword sub-field: exact matches go to the keyword.
      filter.push({ term: { [typeof value === 'string' ? `${field}.keyword` : field]: value } });
    }
    const must =
      query.text === undefined || query.text.trim() === ''
        ? [{ match_all: {} }]
        : [{ multi_match: { query: query.text, fields: ['*'], fuzziness: 'AUTO', lenient: true } }];
    const body = { from: query.from ?? 0, size: query.size ?? 20, query: { bool: { must, filter } } };
    const response = await this.client
      .search({ index: this.indexOf(query.collection), routing: query.tenantId, body })
      .catch((error: unknown) => {
        // Nothing was ever indexed in this collection: an empty result, not an outage.
        if (String((error as { message?: unknown })?.message).includes('index_not_found_exception')) return undefined;
        throw error;
      });
    if (!response) return { total: 0, hits: [] };
    const hits = response.body.hits;
    const total = typeof hits.total === 'number' ? hits.total : (hits.total?.value ?? 0);
    return {
      total,
      hits: hits.hits.map((hit): SearchHit => {
        const { tenantId: _tenant, id, ...fields } = (hit._source ?? {}) as Record<string, unknown>;
        return { id: String(id ?? hit._id), score: hit._score ?? 0, fields: fields as Fields };
      }),
    };
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
    const exists = await this.client.indices.exists({ index });
    if (exists.body) return;
    try {
      await this.client.indices.create({ index, body: INDEX_DEFINITION });
    } catch (error) {
      // Another writer created it in between: that is the state we wanted.
      if (!String((error as { message?: unknown })?.message).includes('resource_already_exists_exception')) throw error;
    }
  }

  private indexOf(collection: SearchCollection): string {
    return `${this.prefix}-${collection}`;
  }

  private async bulk(body: Record<string, unknown>[], ignoreNotFound = false): Promise<void> {
    const response = await this.client.bulk({ body, refresh: false });
    if (!response.body.errors) return;
    const failures = response.body.items
      .map((item) => Object.values(item)[0])
      .filter((result) => result?.error && !(ignoreNotFound && result.status === 404));
    if (failures.length > 0) {
      throw new SearchIndexWriteFailed(
        `${failures.length} search document(s) failed: ${failures.map((f) => f?.error?.type).join(', ')}`,
      );
    }
  }
}

function documentId(tenantId: string, id: string): string {
  return `${tenantId}#${id}`;
}

/** Binds the stage's search domain (SEARCH_ENDPOINT, es:ESHttp*) through {@link OpenSearchSearchIndex}. */
export const openSearchIndex: SearchBinding<SearchIndex> = {
  kind: 'search',
  env: [ENV.searchEndpoint, 'AWS_REGION'],
  fromEnvironment: ({ env }) =>
    new OpenSearchSearchIndex(openSearchClient(env[ENV.searchEndpoint] as string, env.AWS_REGION as string)),
};
