import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { TokensBinding } from '../wiring/bindings.js';
import { ENV } from '../wiring/environment.js';
import { identityFromClaims, isIdentity } from './identity.js';
import { InvalidToken, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

export interface JoseTokenVerifierProps {
  readonly issuer: string;
  readonly audience: string;
  /** `createRemoteJWKSet(new URL(JWKS_URL))` in AWS; `createLocalJWKSet(jwks)` locally. */
  readonly keys: JWTVerifyGetKey;
}

/**
 * Verifies RS256 ID tokens the way API Gateway's JWT authorizer does: signature, issuer,
 * audience, expiry, and `token_use: id`. Only RS256 is accepted, so `alg: none` and HMAC
 * tokens signed with a public key are refused.
 */
export class JoseTokenVerifier implements TokenVerifier {
  constructor(private readonly props: JoseTokenVerifierProps) {}

  async verify(token: string): Promise<VerifiedToken> {
    let claims: Record<string, unknown>;
    try {
      const result = await jwtVerify(token, this.props.keys, {
        issuer: this.props.issuer,
        audience: this.props.audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
      });
      claims = result.payload as Record<string, unknown>;
    } catch (error) {
      throw new InvalidToken(error instanceof Error ? error.message : 'invalid token');
    }
    if (claims.token_use !== 'id') throw new InvalidToken('token_use must be id');
    const identity = identityFromClaims(claims);
    if (!isIdentity(identity)) throw new InvalidToken(`unacceptable claim: ${identity}`);
    return { identity, claims };
  }
}

/**
 * Binds the stage's user pool (JWT_ISSUER, JWT_AUDIENCE, JWKS_URL) through {@link JoseTokenVerifier}.
 * `create` builds the same verifier over other keys: the local issuer's.
 */
export const joseTokenVerifier: TokensBinding<TokenVerifier> = {
  kind: 'tokens',
  env: [ENV.jwtIssuer, ENV.jwtAudience, ENV.jwksUrl],
  fromEnvironment: ({ env }) =>
    new JoseTokenVerifier({
      issuer: env[ENV.jwtIssuer] as string,
      audience: env[ENV.jwtAudience] as string,
      keys: createRemoteJWKSet(new URL(env[ENV.jwksUrl] as string)),
    }),
  create: (parts) => new JoseTokenVerifier(parts),
};
