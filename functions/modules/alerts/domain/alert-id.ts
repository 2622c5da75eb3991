import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID for the alert a rule raises for one reading: the time part is the reading's instant (so
 * ids sort newest first by when the fault happened) and the random part is a hash of (tenant,
 * vehicle, type, ts). Deterministic on purpose: when the evaluation of an event is retried, the
 * retry computes the same id and can recognise the alert it raised the first time.
 */
export function alertIdFor(tenantId: string, vehicleId: string, ruleOrType: string, ts: string): string {
  const digest = createHash('sha256').update(`${tenantId}\u0000${vehicleId}\u0000${ruleOrType}\u0000${ts}`).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] ?? 0) % 32];
  return `${encodeTime(Date.parse(ts), 10)}${random}`;
}

/** The shape of a ULID (Crockford base32, 26 characters, first character 0–7). */
export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
