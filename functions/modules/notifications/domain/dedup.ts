import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import type { Channel } from './channels.js';

/** What is delivered at most once: one alert, one person, one channel, one escalation step. */
export interface DeliveryIdentity {
  readonly tenantId: string;
  readonly alertId: string;
  readonly userId: string;
  readonly channel: Channel;
  /** The escalation level (and round) the delivery belongs to; a summary has its own tag. */
  readonly step: string;
}

/** The step tag of an escalation position: `L1` for level 1 of the first round, `L0R2` for a repeat. */
export function stepTag(level: number, round = 0): string {
  return round === 0 ? `L${level}` : `L${level}R${round}`;
}

/**
 * The de-duplication key of a delivery. A person holding several roles, the same person named by
 * role and by id, or a redelivered event all produce the same key, so the conditional claim on it
 * lets exactly one copy through.
 */
export function deliveryKey(identity: DeliveryIdentity): string {
  return [identity.alertId, identity.userId, identity.channel, identity.step].join('#');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a delivery's inbox entry: a ULID whose time is when the step fell due and whose random
 * part is the delivery key's hash, so a redelivered event stores the very same entry again (a no-op)
 * rather than a second one, and the in-app delivery needs no claim before it (docs/adr/0120).
 */
export function inboxNotificationId(key: string, dueAt: string): string {
  const digest = createHash('sha256').update(key).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] as number) & 31];
  return encodeTime(Date.parse(dueAt), 10) + random;
}
