import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../local/runtime/concurrency-limit.js';

/** A call that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('the local per-function concurrency of event invocations', () => {
  it('runs at most `limit` calls at once and starts the waiting ones in order as slots free', async () => {
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const limited = concurrencyLimit(2, async (i: number) => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await gates[i]?.opened;
      running--;
      return i * 10;
    });
    const results = gates.map((_, i) => limited(i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[1]?.open();
    await results[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
  });

  it('frees the slot of a call that throws, and passes the error to its caller', async () => {
    const limited = concurrencyLimit(1, async (fail: boolean) => {
      if (fail) throw new Error('handler failed');
      return 'ok';
    });
    const [failed, next] = [limited(true), limited(false)];
    await expect(failed).rejects.toThrow('handler failed');
    await expect(next).resolves.toBe('ok');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => concurrencyLimit(0, async () => undefined)).toThrow(/positive integer/);
    expect(() => concurrencyLimit(Number.NaN, async () => undefined)).toThrow(/positive integer/);
  });
});
