import type { ApiKey } from '../domain/api-key.js';

/** A page of a tenant's keys. */
export interface ApiKeyPage {
  readonly items: readonly ApiKey[];
  readonly nextCursor?: string;
}

/** API keys, by hash (authentication) and by tenant (the admin's list). */
export interface ApiKeyRepository {
  create(key: ApiKey, hash: string): Promise<void>;
  /** The key with that hash, whatever its tenant (the request carries only the key). */
  findByHash(hash: string): Promise<ApiKey | undefined>;
  list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<ApiKeyPage>;
  /** Revokes the tenant's key (idempotent); undefined when the tenant has no such key. */
  revoke(tenantId: string, apiKeyId: string, at: string): Promise<ApiKey | undefined>;
  /** Records a use, unless one at most a minute old is recorded already. */
  touch(key: ApiKey, hash: string, at: string): Promise<void>;
}
