import { describe, expect, it } from 'vitest';
import type { TimerFired, TimerScheduler } from '../../functions/platform/timers/timer-scheduler.js';

/** One fired timer as the target function would receive it. */
export interface FiredTimer {
  readonly source: string;
  readonly detailType: string;
  readonly detail: TimerFired;
  /** Wall-clock ms when it reached the bus. */
  readonly receivedAt: number;
}

/** A scheduler under test and the events its timers became. */
export interface TimerHarness {
  readonly timers: TimerScheduler;
  /** What its timers became so far (read live). */
  fired(): readonly FiredTimer[];
  readonly target: { readonly source: string; readonly detailType: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

/**
 * What every TimerScheduler must do (docs/adr/0110): the local host on DynamoDB Local runs it, and
 * so does the EventBridge Scheduler adapter against a stand-in of the Scheduler HTTP API driven by
 * the real SDK client. Timers here are one to two seconds out: the `at()` expression has a
 * one-second resolution.
 */
export function describeTimerContract(name: string, create: () => Promise<TimerHarness>): void {
  describe(`TimerScheduler contract: ${name}`, () => {
    it('fires once, not before it is due, as the target event with the payload', async () => {
      const { timers, fired: firedNow, target } = await create();
      const fired = {
        get length() {
          return firedNow().length;
        },
      };
      const at = new Date(Date.now() + 1200);
      await timers.schedule({ id: 'acme#A1#L1', at, payload: { alertId: 'A1', level: 1 } });
      await until(() => fired.length > 0);
      await sleep(300);

      expect(firedNow()).toHaveLength(1);
      const [event] = firedNow() as [FiredTimer];
      expect(event).toMatchObject({
        ...target,
        detail: { timerId: 'acme#A1#L1', payload: { alertId: 'A1', level: 1 } },
      });
      expect(Date.parse(event.detail.dueAt)).toBe(at.getTime());
      expect(event.receivedAt).toBeGreaterThanOrEqual(at.getTime() - 5);
    });

    it('never fires a cancelled timer; cancelling an unknown one is fine', async () => {
      const { timers, fired: firedNow } = await create();
      await timers.schedule({ id: 'cancel-me', at: new Date(Date.now() + 1000), payload: {} });
      await timers.cancel('cancel-me');
      await timers.cancel('never-existed');
      await sleep(1600);

      expect(firedNow()).toEqual([]);
    });

    it('moves a timer scheduled again under the same id (one firing, the last payload)', async () => {
      const { timers, fired: firedNow } = await create();
      await timers.schedule({ id: 'move-me', at: new Date(Date.now() + 1000), payload: { n: 1 } });
      const later = new Date(Date.now() + 2000);
      await timers.schedule({ id: 'move-me', at: later, payload: { n: 2 } });
      await until(() => firedNow().length > 0);
      await sleep(300);

      expect(firedNow().map((f) => f.detail.payload)).toEqual([{ n: 2 }]);
      expect(firedNow()[0]?.receivedAt).toBeGreaterThanOrEqual(later.getTime() - 5);
    });

    it('fires a timer whose time has passed at once', async () => {
      const { timers, fired: firedNow } = await create();
      await timers.schedule({ id: 'late', at: new Date(Date.now() - 60_000), payload: { late: true } });
      await until(() => firedNow().length > 0);

      expect(firedNow()[0]?.detail.payload).toEqual({ late: true });
    });
  });
}
