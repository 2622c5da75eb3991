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
    r.push(ts);
    if (r.length > RUN_KEEP + 1) {
      // Drop the second oldest in place (splice would allocate the removed part).
      r.copyWithin(1, 2);
      r.pop();
    }
    return;
  }
  let i = r.length;
  while (i > 0 && (r[i - 1] as number) > ts) i--;
  if (i > 0 && r[i - 1] === ts) return;
  r.splice(i, 0, ts);
  // Keep the first instant (the run's start) and the newest; drop the second oldest.
  if (r.length > RUN_KEEP + 1) r.splice(1, 1);
}

function cutAfter(r: number[], ts: number): number[] {
  let i = 0;
  while (i < r.length && (r[i] as number) <= ts) i++;
  return i === 0 ? r : r.slice(i);
}

/** Folds one observation (instant, value) into the run. Idempotent: a duplicate changes nothing. */
export function observe(run: ConditionRun, ts: number, value: boolean): void {
  if (value) {
    const runIsTrue = run.t > run.f;
    if (ts > run.f) {
      if (runIsTrue) insertSorted(run.r, ts);
      else run.r = [ts];
      if (ts > run.t) run.t = ts;
    } else {
      if (ts > run.t) run.t = ts;
      // A late true inside a false run: the false run now starts after it.
      if (!runIsTrue) run.r = cutAfter(run.r, ts);
    }
  } else {
    const runIsFalse = run.f > run.t;
    if (ts > run.t) {
      if (runIsFalse) insertSorted(run.r, ts);
      else run.r = [ts];
      if (ts > run.f) run.f = ts;
    } else {
      if (ts > run.f) run.f = ts;
      if (!runIsFalse) run.r = cutAfter(run.r, ts);
    }
  }
}

/** Milliseconds the condition has held (value true) or been clear (false), 0 when it is not so. */
export function heldFor(run: ConditionRun, value: boolean): number {
  const current = run.t > run.f;
  if (run.r.length === 0 || current !== value || (!value && run.f === 0)) return 0;
  return (run.r[run.r.length - 1] as number) - (run.r[0] as number);
}
