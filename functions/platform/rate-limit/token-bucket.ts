/**
 * A token bucket (capacity `C`, refilled at `r` tokens per second, each request taking one token)
 * kept as ONE number: its theoretical arrival time `tat` (the GCRA form of the same bucket). With
 * the emission interval `T = 1000 / r` ms, the bucket holds `min(C, (now + C·T − tat) / T)` tokens;
 * a request is admitted when `max(tat, now) − now ≤ (C − 1)·T`, and moves `tat` to
 * `max(tat, now) + T`. One number per bucket is what lets a store admit a request with a single
 * conditional write (docs/adr/0114). Pure: no clock, no I/O.
 */

/** A bucket's limits. */
export interface BucketLimit {
  /** Tokens when full: the burst a caller may send at once. A positive integer. */
  readonly capacity: number;
  /** Tokens added per second, up to the capacity. Positive. */
  readonly refillPerSecond: number;
}

/** What taking one token from a bucket decides. */
export interface BucketDecision {
  readonly allowed: boolean;
  /** The bucket's `tat` after the request (ms since the epoch); unchanged when refused. */
  readonly tatMs: number;
  /** Whole tokens left after the request. */
  readonly remaining: number;
  /** Seconds until the bucket is full again (rounded up; 0 when full). */
  readonly resetSeconds: number;
  /** When refused: whole seconds until one token is there (at least 1); 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/** Throws unless the limit is usable: an integer capacity ≥ 1 and a positive, finite refill rate. */
export function checkLimit(limit: BucketLimit): BucketLimit {
  if (!Number.isInteger(limit.capacity) || limit.capacity < 1) {
    throw new RangeError(`capacity must be a positive integer, got ${limit.capacity}`);
  }
  if (!Number.isFinite(limit.refillPerSecond) || limit.refillPerSecond <= 0) {
    throw new RangeError(`refillPerSecond must be positive, got ${limit.refillPerSecond}`);
  }
  return limit;
}

/** Milliseconds one token takes to come back. */
export function emissionIntervalMs(limit: BucketLimit): number {
  return 1000 / limit.refillPerSecond;
}

/** The latest `tat` at which a request is still admitted at `nowMs`: `now + (C − 1)·T`. */
export function admitUntilMs(limit: BucketLimit, nowMs: number): number {
  return nowMs + (limit.capacity - 1) * emissionIntervalMs(limit);
}

/** Tokens in the bucket at `nowMs` (fractional; the capacity when `tat` is absent or past). */
export function tokensAt(limit: BucketLimit, tatMs: number | undefined, nowMs: number): number {
  if (tatMs === undefined || tatMs <= nowMs) return limit.capacity;
  const interval = emissionIntervalMs(limit);
  return Math.min(limit.capacity, (nowMs + limit.capacity * interval - tatMs) / interval);
}

/** Rounding slack for intervals that are not whole milliseconds (1000 / 3 …). */
const EPSILON = 1e-6;

/** Whole seconds from `nowMs` to `atMs`, rounded up; 0 when `atMs` is not after `nowMs`. */
function secondsUntil(atMs: number, nowMs: number): number {
  const ms = atMs - nowMs;
  return ms <= EPSILON ? 0 : Math.ceil(ms / 1000 - EPSILON);
}

/** The decision for a bucket at `tat` (undefined: never used, or forgotten) taking one token at `nowMs`. */
export function takeToken(limit: BucketLimit, tatMs: number | undefined, nowMs: number): BucketDecision {
  const interval = emissionIntervalMs(limit);
  const from = tatMs === undefined ? nowMs : Math.max(tatMs, nowMs);
  if (from <= admitUntilMs(limit, nowMs) + EPSILON) {
    const next = from + interval;
    return {
      allowed: true,
      tatMs: next,
      remaining: Math.floor(tokensAt(limit, next, nowMs) + EPSILON),
      resetSeconds: secondsUntil(next, nowMs),
      retryAfterSeconds: 0,
    };
  }
  const current = tatMs as number; // from > admitUntil ≥ now, so tat is set and after now
  return {
    allowed: false,
    tatMs: current,
    remaining: Math.floor(tokensAt(limit, current, nowMs) + EPSILON),
    resetSeconds: secondsUntil(current, nowMs),
    // Admitted again once tat − t ≤ (C − 1)·T, i.e. at t = tat − (C − 1)·T.
    retryAfterSeconds: Math.max(1, secondsUntil(current - (limit.capacity - 1) * interval, nowMs)),
  };
}
