import { isRole, type Role } from '../wiring/roles.js';

/** Who is calling, as established by a verified token. The tenant never comes from a body. */
export interface Identity {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
}

/** Claim names: Cognito ID tokens carry the tenant as a custom attribute and roles as groups. */
export const CLAIMS = {
  tenantId: 'custom:tenantId',
  groups: 'cognito:groups',
  subject: 'sub',
} as const;

/**
 * Reads roles from a `cognito:groups` claim in any of the shapes it arrives in: a JSON array
 * (verified token), or the `[admin dispatcher]` string API Gateway's JWT authorizer makes of it.
 */
export function parseGroups(value: unknown): Role[] {
  let items: unknown[] = [];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    items = value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter((s) => s.length > 0);
  }
  return items.filter((item): item is Role => typeof item === 'string' && isRole(item));
}

/** Builds an Identity from claims, or undefined when tenant or subject is missing. */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): Identity | undefined {
  const tenantId = claims[CLAIMS.tenantId];
  const userId = claims[CLAIMS.subject];
  if (typeof tenantId !== 'string' || tenantId === '' || typeof userId !== 'string' || userId === '') {
    return undefined;
  }
  return { tenantId, userId, roles: parseGroups(claims[CLAIMS.groups]) };
}
