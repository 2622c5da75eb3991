import type { ApiScope } from '../domain/api-key.js';

/** A new app client: its id and its secret, which the identity provider shows this once. */
export interface RegisteredOAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The identity provider's management API for partner app clients (docs/adr/0113): Cognito's
 * `CreateUserPoolClient` / `DeleteUserPoolClient` on the stage's user pool in AWS, the local
 * issuer's client store locally. A client may use the client credentials grant only, for the
 * resource server's scopes it was given.
 */
export interface OAuthClientDirectory {
  /** Creates a confidential client for the client credentials grant with exactly these scopes. */
  register(client: { readonly name: string; readonly scopes: readonly ApiScope[] }): Promise<RegisteredOAuthClient>;
  /** Deletes the client: it gets no more tokens (`invalid_client`). Idempotent. */
  remove(clientId: string): Promise<void>;
}
