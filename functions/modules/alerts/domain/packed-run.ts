/**
 * How long a condition has held, or been clear, in event time, from readings that may arrive out
 * of order (docs/adr/0070-rule-model-evaluation-state-and-caching.md).
 *
 * `t`/`f` are the newest instants (epoch ms, 0 = never) at which the condition was seen true and
 * false; `r` holds, sorted, the instants of the current run: readings whose value is the newest
 * value and that are newer than every reading of the other value. The run's duration is
 * `r[last] - r[0]`. A late reading of the other value inside the run cuts it at that instant.
 * `r` keeps its first instant and the newest ones only ({@link RUN_KEEP}); when a late reading
 * cuts into the part that was dropped, the run restarts at the oldest instant kept, which is
 * later than the true start: a duration can be under-, never over-estimated, so a `forSeconds`
 * rule may fire late but never early.
 *
 * The run is laid out in a vehicle's packed evaluation state (docs/adr/0131): at offset
 * `o` of the vehicle's values, `[t, f, n, h, r0 … r8]`, where `t`/`f` are the run's newest true and
 * false instants, `n` the number of instants kept and `r0…` those instants, sorted (a full run's
 * `r1 … r8` as a ring starting at `h`, so dropping the second oldest is one write, not a shift).
 * Every field is a number in one typed array, so a vehicle's runs sit next to each other in memory
 * instead of behind three objects each. The object form it replaced is the reference it is tested
 * against (tests/functions/domain/fixtures/object-condition-run.ts, alert-engine-fast-paths.test.ts).
 */

/** Instants of a run kept beyond its first one (a power of two: the ring wraps with a mask). */
export const RUN_KEEP = 8;

/** Numbers a run takes in the packed values. */
export const RUN_SIZE = 4 + RUN_KEEP + 1;

const T = 0;
const F = 1;
const N = 2;
/** Where the ring of the newest instants starts (0 unless the run is full). */
const H = 3;
const R = 4;
const RING = RUN_KEEP;
/** Ring positions wrap with a mask (integer arithmetic), not `%` on the stored doubles. */
const RING_MASK = RING - 1;
if ((RING & RING_MASK) !== 0) throw new Error('RUN_KEEP must be a power of two for the run ring');

/**
 * The newest instant of a run of `n` instants. A full run keeps `r1 … r8` as a ring starting at
 * `H`, so dropping the second oldest for a new instant is one write, not a shift of eight.
 */
function newest(v: Float64Array, o: number, n: number): number {
  if (n < RING + 1) return v[o + R + n - 1] as number;
  return v[o + R + 1 + (((v[o + H] as number) + RING_MASK) & RING_MASK)] as number;
}

/** Puts a full run's ring back in order (`H` = 0), for the rare edits that need the sorted array. */
function linearise(v: Float64Array, o: number): void {
  const head = v[o + H] as number;
  if (head === 0) return;
  const ring = v.slice(o + R + 1, o + R + 1 + RING);
  for (let i = 0; i < RING; i++) v[o + R + 1 + i] = ring[(head + i) & RING_MASK] as number;
  v[o + H] = 0;
}

function insertSorted(v: Float64Array, o: number, ts: number): void {
  const n = v[o + N] as number;
  const r = o + R;
  if (n === 0 || ts > newest(v, o, n)) {
    // In-order readings: append (the common case); when full, the new instant replaces the
    // second oldest, which is the ring's oldest.
    if (n < RUN_KEEP + 1) {
      v[r + n] = ts;
      v[o + N] = n + 1;
      return;
    }
    const head = v[o + H] as number;
    v[r + 1 + head] = ts;
    v[o + H] = (head + 1) & RING_MASK;
    return;
  }
  linearise(v, o);
  let i = n;
  while (i > 0 && (v[r + i - 1] as number) > ts) i--;
  if (i > 0 && v[r + i - 1] === ts) return;
  if (n < RUN_KEEP + 1) {
    for (let k = n; k > i; k--) v[r + k] = v[r + k - 1] as number;
    v[r + i] = ts;
    v[o + N] = n + 1;
    return;
  }
  // Full: keep the first instant (the run's start) and the newest; the second oldest goes.
  if (i === 0) {
    v[r] = ts;
    return;
  }
  if (i === 1) return;
  for (let k = 1; k < i - 1; k++) v[r + k] = v[r + k + 1] as number;
  v[r + i - 1] = ts;
}

/** Drops the instants at or before `ts`. */
function cutAfter(v: Float64Array, o: number, ts: number): void {
  const n = v[o + N] as number;
  const r = o + R;
  if ((v[r] as number) > ts) return;
  linearise(v, o);
  let i = 0;
  while (i < n && (v[r + i] as number) <= ts) i++;
  for (let k = i; k < n; k++) v[r + k - i] = v[r + k] as number;
  v[o + N] = n - i;
}

function restart(v: Float64Array, o: number, ts: number): void {
  v[o + R] = ts;
  v[o + N] = 1;
  v[o + H] = 0;
}

/** Folds one observation (instant, value) into the run at `o`. Idempotent: a duplicate changes nothing. */
export function observeAt(v: Float64Array, o: number, ts: number, value: boolean): void {
  // The same steps for either value, with the roles of `t` and `f` swapped.
  const same = o + (value ? T : F);
  const other = o + (value ? F : T);
  const newestSame = v[same] as number;
  const newestOther = v[other] as number;
  const runIsSame = newestSame > newestOther;
  if (ts > newestOther) {
    if (runIsSame) insertSorted(v, o, ts);
    else restart(v, o, ts);
    if (ts > newestSame) v[same] = ts;
  } else {
    if (ts > newestSame) v[same] = ts;
    // A late reading of this value inside a run of the other: that run now starts after it.
    if (!runIsSame) cutAfter(v, o, ts);
  }
}

/**
 * The common observation, folded without the general path: a reading newer than every other of
 * the run at `o`, with the value of the current run (a condition that keeps holding, or keeps
 * clear, on in-order readings). Appends its instant and returns how long the run now lasts
 * (what {@link heldForAt} would answer for `value`); returns -1 and changes nothing for any other
 * observation, which the caller then folds with {@link observeAt}. The same state as observeAt
 * (tests/functions/domain/alert-engine-fast-paths.test.ts) with fewer loads and no calls.
 */
export function extendRun(v: Float64Array, o: number, ts: number, value: boolean): number {
  const same = o + (value ? T : F);
  const newestSame = v[same] as number;
  // A current run of this value (its newest instant newer than the other's), and ts after both.
  if (!(ts > newestSame && newestSame > (v[o + (value ? F : T)] as number))) return -1;
  const n = v[o + N] as number;
  if (n < RING + 1) {
    v[o + R + n] = ts;
    v[o + N] = n + 1;
  } else {
    // Full: the new instant replaces the ring's oldest (the run's second oldest), as insertSorted does.
    const head = v[o + H] as number;
    v[o + R + 1 + head] = ts;
    v[o + H] = (head + 1) & RING_MASK;
  }
  v[same] = ts;
  return ts - (v[o + R] as number);
}

/** Milliseconds the run at `o` has held (value true) or been clear (false), 0 when it is not so. */
export function heldForAt(v: Float64Array, o: number, value: boolean): number {
  const t = v[o + T] as number;
  const f = v[o + F] as number;
  const n = v[o + N] as number;
  if (n === 0 || t > f !== value || (!value && f === 0)) return 0;
  return newest(v, o, n) - (v[o + R] as number);
}

/** The run at `o` in its object form (tests, diagnostics, the stored form of older states). */
export function runAt(v: Float64Array, o: number): { t: number; f: number; r: number[] } {
  const n = v[o + N] as number;
  const head = v[o + H] as number;
  const r = Array.from({ length: n }, (_, i) =>
    i === 0 || n < RING + 1 ? (v[o + R + i] as number) : (v[o + R + 1 + ((head + i - 1) & RING_MASK)] as number),
  );
  return { t: v[o + T] as number, f: v[o + F] as number, r };
}

/** Writes a run in its object form at `o` (a state stored before docs/adr/0131). */
export function setRunAt(v: Float64Array, o: number, run: { t: number; f: number; r: readonly number[] }): void {
  v[o + T] = run.t;
  v[o + F] = run.f;
  v[o + H] = 0;
  const n = Math.min(run.r.length, RUN_KEEP + 1);
  v[o + N] = n;
  for (let i = 0; i < n; i++) v[o + R + i] = run.r[i] as number;
}
