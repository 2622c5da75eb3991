import type { OAuthClient } from '../domain/oauth-client.js';

/** A page of a tenant's OAuth2 clients. */
export interface OAuthClientPage {
  readonly items: readonly OAuthClient[];
  readonly nextCursor?: string;
}

/** The client → tenant mapping of partner OAuth2 clients (docs/adr/0113). */
export interface OAuthClientRepository {
  create(client: OAuthClient): Promise<void>;
  /** The client with that id, whatever its tenant (a token carries only the client id). */
  find(clientId: string): Promise<OAuthClient | undefined>;
  list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<OAuthClientPage>;
  /** Revokes the tenant's client (idempotent); undefined when the tenant has no such client. */
  revoke(tenantId: string, clientId: string, at: string): Promise<OAuthClient | undefined>;
}
