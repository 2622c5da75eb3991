/**
 * When a failed message is tried again (docs/adr/0066): the Svix schedule after the first attempt,
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each with ±{@link JITTER} jitter so a partner that
 * comes back is not hit by every backlogged message in the same second. Eight attempts in all.
 */
export const SVIX_RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** The relative jitter of a retry delay: a delay d becomes a uniform draw from [0.9 d, 1.1 d]. */
export const JITTER = 0.1;

/** The longest `Retry-After` honoured; a partner asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or undefined
 * when the schedule is exhausted. `retryAfterMs` (a 429/503's `Retry-After`) is a floor: the next
 * attempt never comes before it. `random` is in [0, 1).
 */
export function nextRetryDelay(
  attempt: number,
  options: { readonly schedule: readonly number[]; readonly random: () => number; readonly retryAfterMs?: number },
): number | undefined {
  const base = options.schedule[attempt - 1];
  if (base === undefined) return undefined;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * options.random()));
  const floor = Math.min(options.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, floor);
}

/**
 * A `Retry-After` header in milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3);
 * undefined when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!/[a-z]/i.test(text) || Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * A schedule from `FLEETOPS_WEBHOOK_RETRY_DELAYS_MS` (comma-separated milliseconds; the local
 * stack's tests shorten it), else the Svix schedule.
 */
export function retryScheduleFrom(raw: string | undefined): readonly number[] {
  if (raw === undefined || raw.trim() === '') return SVIX_RETRY_DELAYS_MS;
  const delays = raw.split(',').map((v) => Number(v.trim()));
  if (delays.length === 0 || delays.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`FLEETOPS_WEBHOOK_RETRY_DELAYS_MS is not a list of milliseconds: ${raw}`);
  }
  return delays;
}
