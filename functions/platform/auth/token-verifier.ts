import type { Identity } from './identity.js';

/** The token is missing, malformed, expired, unsigned, wrongly signed or for another audience. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

export interface VerifiedToken {
  readonly identity: Identity;
  /** The verified claims, as API Gateway hands them to a handler. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Cognito's JWKS in AWS, the local issuer's key locally. Throws InvalidToken. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}
