import { createHash, randomBytes } from 'node:crypto';

/** Scopes of the partner API (contract): what a key or an OAuth2 client may do. */
export const API_SCOPES = [
  'telemetry:write',
  'vehicles:read',
  'alerts:read',
  'alerts:write',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The role an API key's caller has: a partner (routes then narrow it by scope, docs/adr/0108). */
export const API_KEY_ROLE = 'partner';

/** How often `lastUsedAt` is written at most: every request would make each call a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** An API key as stored: its hash, never the key. */
export interface ApiKey {
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly name: string;
  /** The visible start of the key, `fok_…` (12 characters), to recognise it in a list. */
  readonly prefix: string;
  readonly scopes: readonly ApiScope[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

/** A key in the form a client sends: `fok_<8 id chars>_<43 chars: 32 random bytes, base64url>`. */
export const API_KEY_PATTERN = /^fok_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/;

/**
 * A new key and what is stored of it: the SHA-256 of the whole key (the key has 256 bits of
 * randomness, so a fast hash is as strong as a slow one and costs nothing per request), and the
 * prefix shown in lists. The key itself is answered once and kept nowhere.
 */
export function newApiKey(): {
  readonly apiKeyId: string;
  readonly key: string;
  readonly prefix: string;
  readonly hash: string;
} {
  const id = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const key = `fok_${id}_${randomBytes(32).toString('base64url')}`;
  return { apiKeyId: `key_${id}`, key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

/** The stored form of a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key a request carries: `x-api-key: fok_…` or `Authorization: ApiKey fok_…`. */
export function apiKeyOfHeaders(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const direct = headers['x-api-key']?.trim();
  if (direct) return direct;
  const match = /^ApiKey\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
  return match?.[1];
}

/** Whether `lastUsedAt` is old enough to be written again. */
export function lastUsedIsStale(key: Pick<ApiKey, 'lastUsedAt'>, now: Date): boolean {
  return key.lastUsedAt === undefined || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}
