/** The collections the product searches (C9). */
export type SearchCollection = 'alerts' | 'tickets' | 'vehicles' | 'messages';

export interface SearchDocument {
  readonly tenantId: string;
  readonly collection: SearchCollection;
  readonly id: string;
  /** Flat fields; strings are full-text searchable, other values filterable. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export interface SearchQuery {
  readonly tenantId: string;
  readonly collection: SearchCollection;
  /** Free text; fuzzy matched. Omit to list by filters only. */
  readonly text?: string;
  /** Exact-match filters on fields. */
  readonly filters?: Readonly<Record<string, string | number | boolean>>;
  /** @default 0 */
  readonly from?: number;
  /** @default 20 */
  readonly size?: number;
}

export interface SearchHit {
  readonly id: string;
  readonly score: number;
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

/**
 * OpenSearch in AWS, an in-process index locally. Every call names the tenant: an index query
 * without a tenant is not expressible, so no caller can search across tenants.
 */
export interface SearchIndex {
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  remove(keys: readonly { tenantId: string; collection: SearchCollection; id: string }[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
}
