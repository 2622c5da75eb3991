import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { DeadLetterQueue } from '../../local/bus/dead-letter-queue.js';
import { type BusTarget, InProcessEventBus } from '../../local/bus/in-process-event-bus.js';

const logger = new Logger({ logLevel: 'SILENT' });
type Invoke = BusTarget['invoke'];

function target(name: string, invoke: Invoke, retryAttempts = 4): BusTarget {
  const trigger = { kind: 'event' as const, pattern: { source: ['fleetops.telemetry'] }, retryAttempts };
  const declaration: FunctionDeclaration = {
    name,
    description: name,
    entry: 'x',
    factory: () => async () => undefined,
    triggers: [trigger],
    bindings: {},
  };
  return { declaration, trigger, invoke };
}

const never: Invoke = () => new Promise(() => undefined); // the process "dies" inside the target
const event = (n: number) => ({ source: 'fleetops.telemetry', detailType: 'telemetry.received', detail: { n } });

/** A bus over `dir` with the given targets, journal replayed, as the stack starts one. */
function busOn(dir: string, targets: Record<string, Invoke>, deadLetters = new DeadLetterQueue()) {
  const bus = new InProcessEventBus({ logger, deadLetters, retryBaseDelayMs: 1, journalDir: dir });
  for (const [name, invoke] of Object.entries(targets)) bus.addTarget(target(name, invoke));
  return { bus, replayed: bus.replayJournal(), deadLetters };
}

describe('durable in-process event bus (journal)', () => {
  it('after a crash before delivery completed, a new bus on the same journal delivers the event', async () => {
    // Prepare: the target never finishes; the bus is then dropped without any stop.
    const dir = mkdtempSync(join(tmpdir(), 'bus-'));
    const crashed = busOn(dir, { evaluate: never });
    await crashed.bus.publish([event(1)]);
    await new Promise((resolve) => setImmediate(resolve)); // the delivery has started and hangs

    // Act
    const received: EventBridgeEvent<string, unknown>[] = [];
    const restarted = busOn(dir, { evaluate: async (e) => void received.push(e) });
    await restarted.bus.idle();

    // Assess: the same event (same id), delivered once by the new bus.
    expect(restarted.replayed).toBe(1);
    expect(received.map((e) => e.detail)).toEqual([{ n: 1 }]);
    expect(received[0]?.['detail-type']).toBe('telemetry.received');
  });

  it('does not replay a completed (event, target) pair, only the unfinished one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bus-'));
    let hang = false;
    const first = busOn(dir, {
      evaluate: async () => undefined,
      index: (e) => (hang && (e.detail as { n: number }).n === 2 ? never(e) : Promise.resolve()),
    });
    await first.bus.publish([event(1)]);
    await first.bus.idle(); // event 1 completed by both targets
    hang = true;
    await first.bus.publish([event(2)]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // evaluate finished event 2, index hangs

    const seen: string[] = [];
    const second = busOn(dir, {
      evaluate: async (e) => void seen.push(`evaluate ${(e.detail as { n: number }).n}`),
      index: async (e) => void seen.push(`index ${(e.detail as { n: number }).n}`),
    });
    await second.bus.idle();

    expect(second.replayed).toBe(1);
    expect(seen).toEqual(['index 2']);
  });

  it('keeps dead letters across a restart and does not replay a dead-lettered pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bus-'));
    const file = join(dir, 'dead-letters.jsonl');
    const first = busOn(
      dir,
      {
        broken: async () => {
          throw new Error('boom');
        },
      },
      new DeadLetterQueue({ file }),
    );
    await first.bus.publish([event(7)]);
    await first.bus.idle();

    let calls = 0;
    const second = busOn(dir, { broken: async () => void calls++ }, new DeadLetterQueue({ file }));
    await second.bus.idle();

    expect(second.replayed).toBe(0);
    expect(calls).toBe(0);
    expect(second.deadLetters.list()).toMatchObject([
      { kind: 'event', functionName: 'broken', attempts: 5, error: 'boom', payload: { detail: { n: 7 } } },
    ]);
  });

  it('compacts: once every entry is settled the journal is rewritten empty; on start it keeps only pending pairs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bus-'));
    const journal = join(dir, 'events.jsonl');
    const bus = new InProcessEventBus({
      logger,
      deadLetters: new DeadLetterQueue(),
      journalDir: dir,
      journal: { settledCompactBytes: 1 },
    });
    bus.addTarget(target('evaluate', async () => undefined));
    for (let i = 0; i < 20; i++) await bus.publish([event(i)]);
    await bus.idle();
    expect(statSync(journal).size).toBe(0);

    // A crashed process's journal: one pending event, one settled, and a torn last line.
    const crashed = busOn(dir, { evaluate: never });
    await crashed.bus.publish([event(100)]);
    const lines = readFileSync(journal, 'utf8');
    writeFileSync(journal, `${lines}{"accepted":{"id":"torn`);
    const restarted = busOn(dir, { evaluate: async () => undefined });
    expect(restarted.replayed).toBe(1);
    const kept = readFileSync(journal, 'utf8').trim().split('\n');
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0] as string)).toMatchObject({ accepted: { detail: { n: 100 } }, targets: ['evaluate'] });
    await restarted.bus.idle();
  });

  it('resolves publish only after the event is in the journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bus-'));
    const { bus } = busOn(dir, { evaluate: never });
    await bus.publish([event(1), event(2)]);
    const text = readFileSync(join(dir, 'events.jsonl'), 'utf8');
    expect(
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).accepted.detail),
    ).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
