import MiniSearch, { type SearchOptions } from 'minisearch';
import { allowedEdits, isPrefixTerm, tokenize } from '../../functions/modules/search/domain/query-terms.js';
import type {
  DocumentKey,
  FieldValue,
  SearchCollection,
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
  SuggestQuery,
} from '../../functions/modules/search/ports/search-index.js';

const DEFAULT_SIZE = 20;
const MAX_SIZE = 100;
const DEFAULT_SUGGESTIONS = 8;
/** A title match counts three times a match elsewhere, as the OpenSearch adapter's `title^3`. */
const TITLE_BOOST = 3;

/** What the index keeps per document: the port's document with its fields cleaned of `undefined`. */
interface Stored {
  readonly collection: SearchCollection;
  readonly id: string;
  readonly version: number | undefined;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/**
 * Lower-cases and folds accents (`Überhitzung` → `uberhitzung`), as the OpenSearch adapter's
 * `folding` analyzer (lowercase + asciifolding) does.
 */
export function normalizeTerm(term: string): string {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Search-as-you-type over every field, with the shared term rules (domain/query-terms.ts). */
const TEXT_SEARCH: SearchOptions = {
  fields: ['title', 'text'],
  boost: { title: TITLE_BOOST },
  combineWith: 'AND',
  fuzzy: (term) => allowedEdits(term),
  prefix: isPrefixTerm,
};

/** The same over titles only: what suggestions complete. */
const TITLE_SEARCH: SearchOptions = { ...TEXT_SEARCH, fields: ['title'], boost: {} };

/**
 * The local twin of the OpenSearch adapter, on MiniSearch (docs/adr/0085-search-library.md). One
 * MiniSearch index per tenant, so a query can only ever reach the caller's tenant; collections,
 * exact filters and the `at` range are applied to the candidates of that one index. Full text is
 * MiniSearch's BM25 over `title` (boosted) and `text` (every other string field).
 */
export class InMemorySearchIndex implements SearchIndex {
  readonly #tenants = new Map<
    string,
    { readonly index: MiniSearch<Stored>; readonly documents: Map<string, Stored> }
  >();

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    for (const document of documents) {
      const tenant = this.#tenant(document.tenantId);
      const key = keyOf(document);
      const existing = tenant.documents.get(key);
      // A late, older copy never overwrites a newer one; an equal version is a redelivery.
      if (existing?.version !== undefined && document.version !== undefined && document.version < existing.version) {
        continue;
      }
      const stored: Stored = {
        collection: document.collection,
        id: document.id,
        version: document.version,
        fields: definedFields(document.fields),
      };
      if (existing) tenant.index.discard(key);
      tenant.documents.set(key, stored);
      tenant.index.add(stored);
    }
  }

  async remove(keys: readonly DocumentKey[]): Promise<void> {
    for (const key of keys) {
      const tenant = this.#tenants.get(key.tenantId);
      const id = keyOf(key);
      if (!tenant?.documents.delete(id)) continue;
      tenant.index.discard(id);
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const from = Math.max(0, query.from ?? 0);
    const size = Math.min(MAX_SIZE, Math.max(0, query.size ?? DEFAULT_SIZE));
    const tenant = this.#tenants.get(query.tenantId);
    const facetFields = query.facets ?? [];
    if (!tenant) return { total: 0, hits: [], facets: emptyFacets(facetFields) };

    const accepts = candidateFilter(query);
    const text = query.text?.trim() ?? '';
    let matches: { stored: Stored; score: number }[];
    if (text === '' || tokenize(text).length === 0) {
      matches = [...tenant.documents.values()]
        .filter(accepts)
        .sort((a, b) => atOf(b) - atOf(a) || byId(a.id, b.id))
        .map((stored) => ({ stored, score: 0 }));
    } else {
      matches = tenant.index
        .search(text, { ...TEXT_SEARCH, filter: (result) => accepts(tenant.documents.get(result.id) as Stored) })
        .map((result) => ({ stored: tenant.documents.get(result.id) as Stored, score: result.score }))
        // Ties broken newest first, then by id: pages of one query never overlap or skip.
        .sort((a, b) => b.score - a.score || atOf(b.stored) - atOf(a.stored) || byId(a.stored.id, b.stored.id));
    }

    return {
      total: matches.length,
      hits: matches.slice(from, from + size).map(
        ({ stored, score }): SearchHit => ({
          collection: stored.collection,
          id: stored.id,
          score,
          fields: stored.fields,
        }),
      ),
      facets: countFacets(
        facetFields,
        matches.map((m) => m.stored),
      ),
    };
  }

  async suggest(query: SuggestQuery): Promise<string[]> {
    const tenant = this.#tenants.get(query.tenantId);
    const size = Math.max(0, query.size ?? DEFAULT_SUGGESTIONS);
    if (!tenant || tokenize(query.text).length === 0) return [];
    const collections = new Set(query.collections);
    const results = tenant.index.search(query.text, {
      ...TITLE_SEARCH,
      filter: (result) => collections.has((tenant.documents.get(result.id) as Stored).collection),
    });
    const titles = new Set<string>();
    for (const result of results) {
      if (titles.size >= size) break;
      titles.add(String((tenant.documents.get(result.id) as Stored).fields.title));
    }
    return [...titles];
  }

  #tenant(tenantId: string) {
    let tenant = this.#tenants.get(tenantId);
    if (!tenant) {
      tenant = { index: newIndex(), documents: new Map() };
      this.#tenants.set(tenantId, tenant);
    }
    return tenant;
  }
}

function newIndex(): MiniSearch<Stored> {
  return new MiniSearch<Stored>({
    idField: 'key',
    fields: ['title', 'text'],
    extractField: (stored, field) => {
      if (field === 'key') return keyOf(stored);
      if (field === 'title') return String(stored.fields.title ?? '');
      // Every other string field is searchable text, as the OpenSearch mapping's `copy_to: all`.
      return Object.entries(stored.fields)
        .filter(([name, value]) => name !== 'title' && typeof value === 'string')
        .map(([, value]) => value)
        .join(' ');
    },
    tokenize,
    processTerm: (term) => normalizeTerm(term) || null,
  });
}

function candidateFilter(query: SearchQuery): (stored: Stored) => boolean {
  const collections = new Set(query.collections);
  const filters = Object.entries(query.filters ?? {});
  const { gte = Number.NEGATIVE_INFINITY, lte = Number.POSITIVE_INFINITY } = query.at ?? {};
  return (stored) => {
    if (!collections.has(stored.collection)) return false;
    if (!filters.every(([field, value]) => stored.fields[field] === value)) return false;
    const scope = Object.entries(query.scopes?.[stored.collection] ?? {});
    if (!scope.every(([field, value]) => stored.fields[field] === value)) return false;
    if (query.at === undefined) return true;
    const at = stored.fields.at;
    return typeof at === 'number' && at >= gte && at <= lte;
  };
}

function countFacets(fields: readonly string[], matches: readonly Stored[]): SearchResult['facets'] {
  const facets: Record<string, Record<string, number>> = emptyFacets(fields);
  for (const field of fields) {
    const counts = facets[field] as Record<string, number>;
    for (const stored of matches) {
      const value = field === 'collection' ? stored.collection : stored.fields[field];
      if (value === undefined || value === null) continue;
      const key = String(value);
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return facets;
}

function emptyFacets(fields: readonly string[]): Record<string, Record<string, number>> {
  return Object.fromEntries(fields.map((field) => [field, {}]));
}

function definedFields(fields: SearchDocument['fields']): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<
    string,
    FieldValue
  >;
}

function atOf(stored: Stored): number {
  const at = stored.fields.at;
  return typeof at === 'number' ? at : 0;
}

/** Code-unit order, as OpenSearch sorts a keyword (and far cheaper than localeCompare). */
function byId(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function keyOf(key: { collection: SearchCollection; id: string }): string {
  return `${key.collection}/${key.id}`;
}
