import { type AuthorizerContext, authorizerContextOf } from '../../../platform/auth/authorizer-context.js';
import type { Identity } from '../../../platform/auth/identity.js';
import {
  API_KEY_PATTERN,
  API_KEY_ROLE,
  type ApiKey,
  type ApiScope,
  apiKeyOfHeaders,
  hashApiKey,
  lastUsedIsStale,
  newApiKey,
} from '../domain/api-key.js';
import { ApiKeyNotFound } from '../errors.js';
import type { ApiKeyPage, ApiKeyRepository } from '../ports/api-key-repository.js';

/** The ports the API key routes need. */
export interface ApiKeyPorts {
  readonly apiKeys: ApiKeyRepository;
  readonly clock: { now(): Date };
}

/** A key as its list shows it: never the key, never its hash. */
export type ApiKeySummary = Omit<ApiKey, 'tenantId' | 'createdBy'>;

function summaryOf(key: ApiKey): ApiKeySummary {
  const { tenantId: _tenant, createdBy: _by, ...summary } = key;
  return summary;
}

/** `POST /v1/api-keys`: a new key, answered once with the key itself. */
export async function createApiKey(
  ports: ApiKeyPorts,
  command: {
    readonly tenantId: string;
    readonly userId: string;
    readonly name: string;
    readonly scopes: readonly ApiScope[];
  },
): Promise<ApiKeySummary & { readonly key: string }> {
  const generated = newApiKey();
  const key: ApiKey = {
    tenantId: command.tenantId,
    apiKeyId: generated.apiKeyId,
    name: command.name,
    prefix: generated.prefix,
    scopes: [...new Set(command.scopes)],
    createdAt: ports.clock.now().toISOString(),
    createdBy: command.userId,
  };
  await ports.apiKeys.create(key, generated.hash);
  return { ...summaryOf(key), key: generated.key };
}

/** `GET /v1/api-keys`. */
export async function listApiKeys(
  ports: ApiKeyPorts,
  command: { readonly tenantId: string; readonly limit: number; readonly cursor?: string },
): Promise<{ readonly items: readonly ApiKeySummary[]; readonly nextCursor?: string }> {
  const page: ApiKeyPage = await ports.apiKeys.list(command.tenantId, command);
  return { items: page.items.map(summaryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** `DELETE /v1/api-keys/{apiKeyId}`: the key stops authenticating at once (kept, revoked, for audit). */
export async function revokeApiKey(
  ports: ApiKeyPorts,
  command: { readonly tenantId: string; readonly apiKeyId: string },
): Promise<void> {
  const revoked = await ports.apiKeys.revoke(command.tenantId, command.apiKeyId, ports.clock.now().toISOString());
  if (!revoked) throw new ApiKeyNotFound(command.apiKeyId);
}

/** Who an accepted API key is: what the HTTP authorizer hands the route (docs/adr/0108). */
export interface ApiKeyPrincipal {
  readonly tenantId: string;
  readonly apiKeyId: string;
  /** The identity's userId: `apikey:<apiKeyId>`. */
  readonly userId: string;
  readonly roles: readonly string[];
  readonly scopes: readonly ApiScope[];
}

/**
 * The authorizer's question: which tenant and scopes a presented key stands for, or undefined for
 * a malformed, unknown or revoked key (one answer for all, 401). Records `lastUsedAt` at most once
 * a minute; a failure to record it does not refuse the request.
 */
export async function authenticateApiKey(
  ports: Pick<ApiKeyPorts, 'clock'> & { readonly apiKeys: Pick<ApiKeyRepository, 'findByHash' | 'touch'> },
  presented: string,
  onTouchError: (error: unknown) => void = () => {},
): Promise<ApiKeyPrincipal | undefined> {
  if (!API_KEY_PATTERN.test(presented)) return undefined;
  const hash = hashApiKey(presented);
  const key = await ports.apiKeys.findByHash(hash);
  if (!key || key.revokedAt !== undefined) return undefined;
  const now = ports.clock.now();
  if (lastUsedIsStale(key, now)) await ports.apiKeys.touch(key, hash, now.toISOString()).catch(onTouchError);
  return {
    tenantId: key.tenantId,
    apiKeyId: key.apiKeyId,
    userId: `apikey:${key.apiKeyId}`,
    roles: [API_KEY_ROLE],
    scopes: key.scopes,
  };
}

/** What the HTTP authorizer decides for a request's API key. */
export type ApiKeyDecision =
  | { readonly kind: 'absent' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'allowed'; readonly context: AuthorizerContext };

/**
 * The HTTP authorizer's API-key half, the same code in the Lambda authorizer and the local
 * gateway: no key presented (`absent`: the bearer token path decides), a key that does not
 * authenticate (`denied`: 401), or the context the route reads its identity from.
 */
export async function decideApiKey(
  ports: Parameters<typeof authenticateApiKey>[0],
  headers: Readonly<Record<string, string | undefined>>,
  onTouchError?: (error: unknown) => void,
): Promise<ApiKeyDecision> {
  const presented = apiKeyOfHeaders(headers);
  if (presented === undefined) return { kind: 'absent' };
  const principal = await authenticateApiKey(ports, presented, onTouchError);
  if (!principal) return { kind: 'denied' };
  return {
    kind: 'allowed',
    context: authorizerContextOf({
      tenantId: principal.tenantId,
      userId: principal.userId,
      roles: principal.roles as Identity['roles'],
      scopes: principal.scopes,
    }),
  };
}
