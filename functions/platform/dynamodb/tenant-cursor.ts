import { InvalidCursor } from '../errors.js';

/** A list cursor's codec: the tenant it was issued to and the last key handed out. */
export interface TenantCursor {
  /** base64url JSON naming the tenant and the last key handed out; opaque to clients. */
  encode(tenantId: string, key: string): string;
  /** The key to resume after; InvalidCursor for a malformed cursor or another tenant's. */
  decode(cursor: string, tenantId: string): string;
}

/**
 * The cursor of a keyed, tenant-scoped list (alerts, vehicles): version 1, the tenant, and the
 * last key under `field`, checked against `keyPattern` so a forged cursor cannot steer a query.
 * A cursor replayed by another tenant answers 400 INVALID_CURSOR, never that tenant's page.
 */
export function tenantCursor(field: string, keyPattern: RegExp): TenantCursor {
  return {
    encode: (tenantId, key) => Buffer.from(JSON.stringify({ v: 1, t: tenantId, [field]: key })).toString('base64url'),
    decode: (cursor, tenantId) => {
      let payload: unknown;
      try {
        if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new InvalidCursor();
        payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw new InvalidCursor();
      }
      const { v, t, [field]: key } = (payload ?? {}) as Record<string, unknown>;
      if (v !== 1 || t !== tenantId || typeof key !== 'string' || !keyPattern.test(key)) throw new InvalidCursor();
      return key;
    },
  };
}
