import { fromLocal, nextDay, toLocal } from '../../../platform/time/zoned-time.js';
import type { Severity } from './channels.js';

export const DIGEST_FREQUENCIES = ['off', 'hourly', 'daily'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** A user's digest (contract: `digest`): these severities are collected and sent in one message. */
export interface DigestSettings {
  readonly frequency: DigestFrequency;
  readonly severities: readonly Severity[];
}

/** The local hour at which a daily digest is sent: the start of the working day. */
export const DAILY_DIGEST_HOUR = 8;

/** Whether alerts of this severity go to the user's digest instead of being sent one by one. */
export function isDigested(severity: Severity, digest: DigestSettings | undefined): boolean {
  return digest !== undefined && digest.frequency !== 'off' && digest.severities.includes(severity);
}

/**
 * When the digest window holding `instant` closes, on the user's wall clock: hourly at the next
 * local full hour (zones with a half-hour offset, such as Asia/Kolkata, close at :30 UTC), daily at
 * the next {@link DAILY_DIGEST_HOUR}:00 local. Everything collected before that instant is sent then.
 */
export function digestWindowEnd(instant: Date, frequency: Exclude<DigestFrequency, 'off'>, timeZone: string): Date {
  const local = toLocal(instant, timeZone);
  if (frequency === 'hourly') {
    const startOfHour = fromLocal({ ...local, minute: 0, second: 0 }, timeZone);
    // An hour later in absolute time is the next local full hour, also across a DST change.
    return new Date(startOfHour.getTime() + 3_600_000);
  }
  const today = local.hour < DAILY_DIGEST_HOUR ? local : { ...local, ...nextDay(local) };
  return fromLocal(
    { year: today.year, month: today.month, day: today.day, hour: DAILY_DIGEST_HOUR, minute: 0, second: 0 },
    timeZone,
  );
}
