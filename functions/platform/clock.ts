/** Time as a dependency, so rules with durations and cursors are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
