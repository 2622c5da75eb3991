import { isRole, type Role } from '../wiring/roles.js';

/** Who is calling, as established by a verified token. The tenant never comes from a body. */
export interface Identity {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  /** Partner API scopes, when the caller is an API key or an OAuth2 client (docs/adr/0108). */
  readonly scopes?: readonly string[];
}

/** Claim names: Cognito ID tokens carry the tenant as a custom attribute and roles as groups. */
export const CLAIMS = {
  tenantId: 'custom:tenantId',
  groups: 'cognito:groups',
  subject: 'sub',
  issuedAt: 'iat',
} as const;

/**
 * A tenant id is a key prefix of every table and index: short and plain, so no tenant can make a
 * key exceed DynamoDB's limits or collide with another tenant's by embedding a separator (`#`).
 */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Cognito subjects are UUIDs; the local issuer uses readable ids. Bounded all the same. */
const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
/** How far a token's `iat` may be ahead of our clock (clock skew between issuer and us). */
export const MAX_ISSUED_AT_SKEW_SECONDS = 60;

/**
 * Roles from a `cognito:groups` claim: only a JSON array of strings, each kept only if it is
 * exactly a role name. A group whose name merely contains a role (`ops,admin`, `x admin`) grants
 * nothing: no string is ever split.
 */
export function parseGroups(value: unknown): Role[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Role => typeof item === 'string' && isRole(item));
}

/** Why claims were refused, for logs (never shown to a client beyond 401). */
export type ClaimsProblem = 'tenant' | 'subject' | 'issuedAt';

/**
 * Builds an Identity from verified claims, or says which claim is unacceptable: a missing or
 * malformed tenant or subject, or an `iat` further in the future than the allowed skew.
 */
export function identityFromClaims(
  claims: Readonly<Record<string, unknown>>,
  now: Date = new Date(),
): Identity | ClaimsProblem {
  const tenantId = claims[CLAIMS.tenantId];
  const userId = claims[CLAIMS.subject];
  if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) return 'tenant';
  if (typeof userId !== 'string' || !USER_ID_PATTERN.test(userId)) return 'subject';
  const issuedAt = Number(claims[CLAIMS.issuedAt]);
  if (Number.isFinite(issuedAt) && issuedAt > now.getTime() / 1000 + MAX_ISSUED_AT_SKEW_SECONDS) return 'issuedAt';
  return { tenantId, userId, roles: parseGroups(claims[CLAIMS.groups]) };
}

/** True when `identityFromClaims` produced an identity rather than a problem. */
export function isIdentity(value: Identity | ClaimsProblem): value is Identity {
  return typeof value === 'object';
}

/**
 * The payload of a JWT, decoded without verification. Only for a token that was already verified
 * upstream (API Gateway's JWT authorizer), to read claims in their original JSON form: the
 * authorizer hands handlers array claims flattened into strings like `[admin dispatcher]`.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
