import { decodeJwtClaims } from './pkce.js';
import { type Role, rolesFromClaim } from './roles.js';

/** Who is signed in, as the app shows it. */
export interface SessionUser {
  readonly tenantId: string;
  readonly tenantName?: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/** A signed-in session: the ID token is what the APIs accept (the local issuer mints the same shape). */
export interface Session {
  readonly flow: 'demo' | 'cognito';
  readonly idToken: string;
  /** Cognito only; revoked on sign-out. */
  readonly refreshToken?: string;
  /** Epoch ms when the ID token expires. */
  readonly expiresAt: number;
  readonly user: SessionUser;
}

/** The user an ID token names (`sub`, `custom:tenantId`, `cognito:groups`, `name` or `email`). */
export function userFromIdToken(idToken: string, extra: Partial<SessionUser> = {}): SessionUser {
  const claims = decodeJwtClaims(idToken);
  const tenantId = claims['custom:tenantId'];
  const userId = claims.sub;
  if (typeof tenantId !== 'string' || typeof userId !== 'string') {
    throw new Error('The sign-in token names no tenant or user.');
  }
  const name = [claims.name, claims.email, claims['cognito:username'], userId].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return { tenantId, userId, name: name ?? userId, roles: rolesFromClaim(claims['cognito:groups']), ...extra };
}

/** Epoch ms of a JWT's `exp`. */
export function expiryOf(token: string): number {
  const exp = decodeJwtClaims(token).exp;
  return typeof exp === 'number' ? exp * 1000 : Date.now();
}
