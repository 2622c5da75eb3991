import { API_SCOPES, type ApiScope } from './api-key.js';

/**
 * The partner API's OAuth2 resource server: Cognito names a custom scope `<identifier>/<scope>`, so
 * an access token for `telemetry:write` carries `scope: "fleetops/telemetry:write"` (docs/adr/0113).
 */
export const OAUTH_RESOURCE_SERVER = 'fleetops';

/** How a scope of the partner API is spelled in a token and in an app client's allowed scopes. */
export function oauthScopeOf(scope: ApiScope): string {
  return `${OAUTH_RESOURCE_SERVER}/${scope}`;
}

/**
 * The partner API scopes a token's `scope` claim (space-separated) grants: only the resource
 * server's own, each exactly a known scope; anything else (`openid`, another server's) grants nothing.
 */
export function apiScopesOfTokenScope(claim: unknown): ApiScope[] {
  if (typeof claim !== 'string') return [];
  const prefix = `${OAUTH_RESOURCE_SERVER}/`;
  const granted = claim
    .split(' ')
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => entry.slice(prefix.length));
  return API_SCOPES.filter((scope) => granted.includes(scope));
}

/** An OAuth2 client's identity's userId: `oauth:<clientId>`. */
export const oauthUserIdOf = (clientId: string): string => `oauth:${clientId}`;

/**
 * Cognito app client ids are 26 lower-case letters and digits; the local issuer's follow the same
 * form. Bounded all the same: the id is a key of the integrations table.
 */
export const OAUTH_CLIENT_ID_PATTERN = /^[a-z0-9]{1,128}$/;

/**
 * A partner's OAuth2 client as the tenant's table keeps it: the mapping from the app client (the
 * token's verified `client_id`) to its tenant and the scopes the admin granted. The secret is the
 * identity provider's (Cognito's, the local issuer's): never stored here.
 */
export interface OAuthClient {
  readonly tenantId: string;
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
}
