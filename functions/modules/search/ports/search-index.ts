/** The collections the product searches (C9); each is one OpenSearch index. */
export const SEARCH_COLLECTIONS = ['alerts', 'vehicles', 'tickets', 'messages', 'articles'] as const;
export type SearchCollection = (typeof SEARCH_COLLECTIONS)[number];

/** A stored field value: strings are full-text searchable and filterable, the rest filterable. */
export type FieldValue = string | number | boolean | null;

/**
 * The fields every document carries. `title` is the boosted field, the one suggestions complete and
 * results show; `snippet` is the one line shown under it; `at` (epoch milliseconds) is the instant
 * date ranges and filter-only listings (newest first) use.
 */
export interface DocumentFields extends Readonly<Record<string, FieldValue | undefined>> {
  readonly title: string;
  readonly snippet: string;
  readonly at: number;
}

export interface SearchDocument {
  readonly tenantId: string;
  readonly collection: SearchCollection;
  readonly id: string;
  /**
   * Monotonic version of the source record. An upsert whose version is lower than the stored one's
   * is ignored (a late, older copy never overwrites a newer one); an equal version overwrites, so
   * redelivery is harmless. Omit to always overwrite.
   */
  readonly version?: number;
  readonly fields: DocumentFields;
}

/** The key of one document. */
export interface DocumentKey {
  readonly tenantId: string;
  readonly collection: SearchCollection;
  readonly id: string;
}

export interface SearchQuery {
  readonly tenantId: string;
  /** The collections to search together; their facet is `collection`. */
  readonly collections: readonly SearchCollection[];
  /**
   * Free text, all terms required: each term also matches with typos (`fuzziness: AUTO`: none
   * up to 2 characters, 1 edit up to 5, 2 beyond) and the last one as a prefix (search as you type).
   * Omit to list by filters only, newest `at` first.
   */
  readonly text?: string;
  /** Exact-match filters on fields; a document without the field does not match. */
  readonly filters?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Exact-match filters that apply to one collection's documents only (a customer's messages:
   * `{messages: {ownerId}}`); documents of the other collections are not affected by them.
   */
  readonly scopes?: Readonly<Partial<Record<SearchCollection, Readonly<Record<string, string>>>>>;
  /** Inclusive bounds on `at`, epoch milliseconds. */
  readonly at?: { readonly gte?: number; readonly lte?: number };
  /** Fields whose values are counted over all matches (filters applied); `collection` counts collections. */
  readonly facets?: readonly string[];
  /** @default 0 */
  readonly from?: number;
  /** @default 20 */
  readonly size?: number;
}

export interface SearchHit {
  readonly collection: SearchCollection;
  readonly id: string;
  /** Relevance, higher is better; 0 for a filter-only listing. */
  readonly score: number;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export interface SearchResult {
  /** How many documents match, beyond the page. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /** Per requested facet field: value → number of matches with it. */
  readonly facets: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface SuggestQuery {
  readonly tenantId: string;
  readonly collections: readonly SearchCollection[];
  /** What the user typed so far, matched against titles as {@link SearchQuery.text} is. */
  readonly text: string;
  /** @default 8 */
  readonly size?: number;
}

/**
 * OpenSearch in AWS, MiniSearch in process locally. Every call names the tenant: an index query
 * without a tenant is not expressible, so no caller can search across tenants. Behaviour both
 * adapters share is pinned by tests/contracts/search-index.contract.ts.
 */
export interface SearchIndex {
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  remove(keys: readonly DocumentKey[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Distinct titles completing `text`, best match first. */
  suggest(query: SuggestQuery): Promise<string[]>;
}
