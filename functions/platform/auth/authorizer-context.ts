import { isRole, type Role } from '../wiring/roles.js';
import { type Identity, TENANT_ID_PATTERN } from './identity.js';

/**
 * What the HTTP API's Lambda REQUEST authorizer hands a route for a caller that presented an API
 * key (`requestContext.authorizer.lambda`, docs/adr/0108). Values are strings (API Gateway's
 * context is flat): `roles` and `scopes` are JSON arrays. Only an authorizer can set this part of
 * the event, so a client cannot forge it; the local gateway sets it the same way, from the same code.
 */
export interface AuthorizerContext {
  /**
   * `apiKey`: a partner key; `oauthClient`: a partner's client credentials access token (both with
   * scopes, docs/adr/0113); `user`: a verified user token (roles only).
   */
  readonly principal: 'apiKey' | 'oauthClient' | 'user';
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: string;
  readonly scopes: string;
}

/** The context for an identity: a machine caller (with scopes: a key unless said otherwise) or a user. */
export function authorizerContextOf(
  identity: Identity,
  machine: 'apiKey' | 'oauthClient' = 'apiKey',
): AuthorizerContext {
  return {
    principal: identity.scopes === undefined ? 'user' : machine,
    tenantId: identity.tenantId,
    userId: identity.userId,
    roles: JSON.stringify(identity.roles),
    scopes: JSON.stringify(identity.scopes ?? []),
  };
}

function stringArray(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** The identity an authorizer context stands for, or undefined when it is not one of ours. */
export function identityOfAuthorizerContext(context: unknown): Identity | undefined {
  if (!context || typeof context !== 'object') return undefined;
  const c = context as Partial<Record<keyof AuthorizerContext, unknown>>;
  if (c.principal !== 'apiKey' && c.principal !== 'oauthClient' && c.principal !== 'user') return undefined;
  if (typeof c.tenantId !== 'string' || !TENANT_ID_PATTERN.test(c.tenantId)) return undefined;
  if (typeof c.userId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/.test(c.userId)) return undefined;
  const roles = stringArray(c.roles).filter((role): role is Role => isRole(role));
  const identity = { tenantId: c.tenantId, userId: c.userId, roles };
  return c.principal === 'user' ? identity : { ...identity, scopes: stringArray(c.scopes) };
}
