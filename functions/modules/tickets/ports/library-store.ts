import type { KbArticle } from '../domain/article.js';
import type { CannedResponse } from '../domain/canned-response.js';

export interface LibraryPage<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** A tenant's collection of one kind (canned responses, articles), keyed by id. */
export interface TenantCollection<T> {
  /** In id order. InvalidCursor for another tenant's cursor. */
  list(tenantId: string, limit: number, cursor?: string): Promise<LibraryPage<T>>;
  get(tenantId: string, id: string): Promise<T | undefined>;
  /** Creates (`mode: 'create'`, false when the id is taken) or replaces an existing one (false when none). */
  put(item: T & { readonly tenantId: string }, id: string, mode: 'create' | 'replace'): Promise<boolean>;
  /** False when there was none. */
  delete(tenantId: string, id: string): Promise<boolean>;
}

export type CannedResponseStore = TenantCollection<CannedResponse>;
export type ArticleStore = TenantCollection<KbArticle>;
