import type { TokenEndpointBinding } from '../wiring/bindings.js';
import { ENV, requiredEnv } from '../wiring/environment.js';

/** Where partners get OAuth2 access tokens (client credentials, docs/adr/0113). */
export interface TokenEndpoint {
  /** An absolute URL, e.g. `https://fleetops-prod.auth.eu-west-1.amazoncognito.com/oauth2/token`. */
  readonly tokenUrl: string;
}

/**
 * A token endpoint from a URL, refused unless it is absolute `http(s)` (OpenAPI 3.1's `tokenUrl`
 * is a URL, docs/adr/0122): a misconfigured function fails at cold start, not in a partner's tool.
 */
export function tokenEndpointOf(url: string): TokenEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`The OAuth2 token URL must be absolute, got '${url}'`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`The OAuth2 token URL must be http(s), got '${url}'`);
  }
  return { tokenUrl: parsed.href };
}

/** Binds the stage's token endpoint (OAUTH_TOKEN_URL); the local stack passes its issuer's. */
export const oauthTokenEndpoint: TokenEndpointBinding<TokenEndpoint> = {
  kind: 'tokenEndpoint',
  env: [ENV.oauthTokenUrl],
  fromEnvironment: ({ env }) => tokenEndpointOf(requiredEnv(ENV.oauthTokenUrl, env)),
};
