import { describe, expect, it } from 'vitest';
import { limitsOf, PLAN_LIMITS } from '../../../functions/platform/rate-limit/plans.js';
import { rateLimitField, rateLimitPolicyField } from '../../../functions/platform/rate-limit/ratelimit-fields.js';
import { type BucketLimit, takeToken, tokensAt } from '../../../functions/platform/rate-limit/token-bucket.js';
import { FixedClock } from '../../support/fakes.js';

/** The token bucket's maths (docs/adr/0114) on a FixedClock: capacity 5, 2 tokens per second. */
describe('token bucket (GCRA form)', () => {
  const limit: BucketLimit = { capacity: 5, refillPerSecond: 2 };

  /** Takes `n` tokens at the clock's time, threading the bucket's tat. */
  function takeMany(clock: FixedClock, tat: number | undefined, n: number) {
    const decisions = [];
    let current = tat;
    for (let i = 0; i < n; i++) {
      const decision = takeToken(limit, current, clock.now().getTime());
      decisions.push(decision);
      current = decision.tatMs;
    }
    return { decisions, tat: current };
  }

  it('admits a full burst of `capacity`, counting down, then refuses with the exact wait for one token', () => {
    const clock = new FixedClock(new Date('2026-12-02T12:00:00.000Z'));
    const { decisions, tat } = takeMany(clock, undefined, 6);

    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    // Full again after 5 tokens at 2/s: 2.5 s, rounded up.
    expect(decisions[4]?.resetSeconds).toBe(3);
    // One token is back 500 ms later: Retry-After rounds up to 1 s.
    expect(decisions[5]?.retryAfterSeconds).toBe(1);
    expect(tokensAt(limit, tat, clock.now().getTime())).toBe(0);

    clock.advance(499);
    expect(takeToken(limit, tat, clock.now().getTime()).allowed).toBe(false);
    clock.advance(1);
    const back = takeToken(limit, tat, clock.now().getTime());
    expect(back).toMatchObject({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
  });

  it('refills at the rate up to the capacity, never beyond it', () => {
    const clock = new FixedClock(new Date('2026-12-02T12:00:00.000Z'));
    const { tat } = takeMany(clock, undefined, 5);
    clock.advance(1000); // two tokens back
    expect(tokensAt(limit, tat, clock.now().getTime())).toBe(2);
    expect(takeMany(clock, tat, 3).decisions.map((d) => d.allowed)).toEqual([true, true, false]);

    clock.advance(3_600_000); // idle for an hour: full, not 7200 tokens
    const { decisions } = takeMany(clock, tat, 6);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions[0]?.remaining).toBe(4);
  });

  it('computes Retry-After for a slow bucket exactly (1 token per 10 s)', () => {
    const slow: BucketLimit = { capacity: 2, refillPerSecond: 0.1 };
    const now = Date.parse('2026-12-02T12:00:00.000Z');
    const first = takeToken(slow, undefined, now);
    const second = takeToken(slow, first.tatMs, now);
    const third = takeToken(slow, second.tatMs, now + 2500);
    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
    expect(third.retryAfterSeconds).toBe(8); // the first token is back at 10 s: 7.5 s → 8
    expect(second.resetSeconds).toBe(20);
  });

  it('refuses unusable limits and falls back to the default plan without settings', () => {
    expect(() => limitsOf({ plan: 'free', overrides: { client: { capacity: 0, refillPerSecond: 1 } } })).toThrow(
      RangeError,
    );
    expect(limitsOf(undefined)).toEqual(PLAN_LIMITS.standard);
    expect(limitsOf({ plan: 'enterprise' })).toEqual(PLAN_LIMITS.enterprise);
    expect(limitsOf({ plan: 'unknown' as never })).toEqual(PLAN_LIMITS.standard);
  });

  it('writes the draft-09 structured fields: one list member per policy', () => {
    const buckets = [
      { name: 'client' as const, limit: PLAN_LIMITS.standard.client, remaining: 599, resetSeconds: 1 },
      { name: 'tenant' as const, limit: PLAN_LIMITS.standard.tenant },
    ];
    expect(rateLimitPolicyField(buckets)).toBe('"client";q=600;w=60, "tenant";q=3000;w=60');
    expect(rateLimitField(buckets)).toBe('"client";r=599;t=1');
  });
});
