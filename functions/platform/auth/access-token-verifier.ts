import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { TokensBinding } from '../wiring/bindings.js';
import { ENV } from '../wiring/environment.js';
import { InvalidToken } from './token-verifier.js';

/** What a verified client credentials access token says: which app client, for which scopes. */
export interface VerifiedAccessToken {
  readonly clientId: string;
  /** The `scope` claim, space-separated, as the issuer wrote it (`fleetops/telemetry:write …`). */
  readonly scope: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Verifies OAuth2 access tokens of the stage's user pool (Cognito in AWS, the local issuer locally). */
export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedAccessToken>;
}

/**
 * Verifies RS256 access tokens the way Cognito documents: signature on the pool's JWKS, issuer,
 * expiry, `token_use: access`, and a `client_id` (an access token has no `aud`; the client id is
 * what names the caller, docs/adr/0113). Only RS256: `alg: none` and HMAC tokens are refused.
 */
export class JoseAccessTokenVerifier implements AccessTokenVerifier {
  constructor(private readonly props: { readonly issuer: string; readonly keys: JWTVerifyGetKey }) {}

  async verify(token: string): Promise<VerifiedAccessToken> {
    let claims: Record<string, unknown>;
    try {
      const result = await jwtVerify(token, this.props.keys, {
        issuer: this.props.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
        clockTolerance: 5,
      });
      claims = result.payload as Record<string, unknown>;
    } catch (error) {
      throw new InvalidToken(error instanceof Error ? error.message : 'invalid token');
    }
    if (claims.token_use !== 'access') throw new InvalidToken('token_use must be access');
    if (typeof claims.client_id !== 'string' || claims.client_id === '') throw new InvalidToken('no client_id');
    return { clientId: claims.client_id, scope: typeof claims.scope === 'string' ? claims.scope : '', claims };
  }
}

/**
 * Binds the stage's user pool (JWT_ISSUER, JWKS_URL; the audience is not an access token's) through
 * {@link JoseAccessTokenVerifier}; `create` builds it over the local issuer's key.
 */
export const joseAccessTokenVerifier: TokensBinding<AccessTokenVerifier> = {
  kind: 'tokens',
  env: [ENV.jwtIssuer, ENV.jwksUrl],
  fromEnvironment: ({ env }) =>
    new JoseAccessTokenVerifier({
      issuer: env[ENV.jwtIssuer] as string,
      keys: createRemoteJWKSet(new URL(env[ENV.jwksUrl] as string)),
    }),
  create: (parts) => new JoseAccessTokenVerifier({ issuer: parts.issuer, keys: parts.keys }),
};
