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
 */
export interface ConditionRun {
  t: number;
  f: number;
  r: number[];
}

/** Instants of a run kept beyond its first one. */
export const RUN_KEEP = 8;

export function emptyRun(): ConditionRun {
  return { t: 0, f: 0, r: [] };
}

function insertSorted(r: number[], ts: number): void {
  const last = r[r.length - 1];
  if (last === undefined || ts > last) {
    // In-order readings: append (the common case).
    const n = r.length;
    if (n < RUN_KEEP + 1) {
      r.push(ts);
      return;
    }
    // Full: drop the second oldest in place, shifting the newest left (a loop over 8 numbers is
    // cheaper than copyWithin's builtin call; splice would allocate the removed part).
    for (let i = 1; i < n - 1; i++) r[i] = r[i + 1] as number;
    r[n - 1] = ts;
    return;
  }
  let i = r.length;
  while (i > 0 && (r[i - 1] as number) > ts) i--;
  if (i > 0 && r[i - 1] === ts) return;
  // Insert at i in place (splice would allocate); when full, keep the first instant (the run's
  // start) and the newest: the second oldest of the run with `ts` in it is dropped.
  const n = r.length;
  if (n < RUN_KEEP + 1) {
    r.push(ts);
    for (let k = n; k > i; k--) r[k] = r[k - 1] as number;
    r[i] = ts;
    return;
  }
  if (i === 0) {
    r[0] = ts; // the old start is now the second oldest
    return;
  }
  if (i === 1) return; // `ts` itself is the second oldest
  for (let k = 1; k < i - 1; k++) r[k] = r[k + 1] as number;
  r[i - 1] = ts;
}

/** Drops, in place, the instants at or before `ts`. */
function cutAfter(r: number[], ts: number): void {
  let i = 0;
  while (i < r.length && (r[i] as number) <= ts) i++;
  if (i === 0) return;
  for (let k = i; k < r.length; k++) r[k - i] = r[k] as number;
  r.length -= i;
}

/** The value flipped: the run restarts at `ts`, reusing its array (a flip happens on many readings). */
function restart(run: ConditionRun, ts: number): void {
  const r = run.r;
  r.length = 0;
  r.push(ts);
}

/** Folds one observation (instant, value) into the run. Idempotent: a duplicate changes nothing. */
export function observe(run: ConditionRun, ts: number, value: boolean): void {
  if (value) {
    const runIsTrue = run.t > run.f;
    if (ts > run.f) {
      if (runIsTrue) insertSorted(run.r, ts);
      else restart(run, ts);
      if (ts > run.t) run.t = ts;
    } else {
      if (ts > run.t) run.t = ts;
      // A late true inside a false run: the false run now starts after it.
      if (!runIsTrue) cutAfter(run.r, ts);
    }
  } else {
    const runIsFalse = run.f > run.t;
    if (ts > run.t) {
      if (runIsFalse) insertSorted(run.r, ts);
      else restart(run, ts);
      if (ts > run.f) run.f = ts;
    } else {
      if (ts > run.f) run.f = ts;
      if (!runIsFalse) cutAfter(run.r, ts);
    }
  }
}

/** Milliseconds the condition has held (value true) or been clear (false), 0 when it is not so. */
export function heldFor(run: ConditionRun, value: boolean): number {
  const current = run.t > run.f;
  if (run.r.length === 0 || current !== value || (!value && run.f === 0)) return 0;
  return (run.r[run.r.length - 1] as number) - (run.r[0] as number);
}
