import { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { DeadLetterQueue } from '../../local/bus/dead-letter-queue.js';
import { type BusTarget, InProcessEventBus } from '../../local/bus/in-process-event-bus.js';

const logger = new Logger({ logLevel: 'SILENT' });

function target(
  name: string,
  pattern: BusTarget['trigger']['pattern'],
  invoke: BusTarget['invoke'],
  retryAttempts?: number,
): BusTarget {
  const trigger = { kind: 'event' as const, pattern, ...(retryAttempts === undefined ? {} : { retryAttempts }) };
  const declaration: FunctionDeclaration = {
    name,
    description: name,
    entry: 'x',
    triggers: [trigger],
    bindings: {},
    factory: () => invoke,
  };
  return { declaration, trigger, invoke };
}

describe('in-process event bus', () => {
  it('delivers EventBridge-shaped events asynchronously to matching targets only', async () => {
    // Prepare
    const bus = new InProcessEventBus({ logger, deadLetters: new DeadLetterQueue() });
    const received: EventBridgeEvent<string, unknown>[] = [];
    const ignored: unknown[] = [];
    bus.addTarget(target('alerts', { source: ['fleetops.alerts'] }, async (e) => void received.push(e)));
    bus.addTarget(target('other', { source: ['fleetops.other'] }, async (e) => void ignored.push(e)));

    // Act
    await bus.publish([{ source: 'fleetops.alerts', detailType: 'alert.raised', detail: { alertId: 'a1' } }]);
    const synchronouslyDelivered = received.length;
    await bus.idle();

    // Assess
    expect(synchronouslyDelivered).toBe(0);
    expect(ignored).toHaveLength(0);
    expect(received).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'alert.raised',
        source: 'fleetops.alerts',
        account: '000000000000',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        region: 'us-east-1',
        resources: [],
        detail: { alertId: 'a1' },
      },
    ]);
  });

  it('retries a failing target with back-off, then succeeds', async () => {
    const bus = new InProcessEventBus({ logger, deadLetters: new DeadLetterQueue(), retryBaseDelayMs: 1 });
    let calls = 0;
    bus.addTarget(
      target('flaky', { source: ['s'] }, async () => {
        calls++;
        if (calls < 3) throw new Error('transient');
      }),
    );
    await bus.publish([{ source: 's', detailType: 'd', detail: {} }]);
    await bus.idle();
    expect(calls).toBe(3);
  });

  it('parks an event in the DLQ after retryAttempts retries', async () => {
    const deadLetters = new DeadLetterQueue();
    const bus = new InProcessEventBus({ logger, deadLetters, retryBaseDelayMs: 1 });
    let calls = 0;
    bus.addTarget(
      target(
        'broken',
        { source: ['s'] },
        async () => {
          calls++;
          throw new Error('always');
        },
        2,
      ),
    );
    await bus.publish([{ source: 's', detailType: 'd', detail: { n: 1 } }]);
    await bus.idle();
    expect(calls).toBe(3);
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({ kind: 'event', functionName: 'broken', attempts: 3, error: 'always' }),
    ]);
  });

  it('idle() waits for deliveries caused by deliveries', async () => {
    const bus = new InProcessEventBus({ logger, deadLetters: new DeadLetterQueue() });
    const seen: string[] = [];
    bus.addTarget(
      target('first', { 'detail-type': ['one'] }, async () => {
        seen.push('one');
        await new Promise((r) => setTimeout(r, 10));
        await bus.publish([{ source: 's', detailType: 'two', detail: {} }]);
      }),
    );
    bus.addTarget(target('second', { 'detail-type': ['two'] }, async () => void seen.push('two')));
    await bus.publish([{ source: 's', detailType: 'one', detail: {} }]);
    await bus.idle();
    expect(seen).toEqual(['one', 'two']);
  });

  it('publishes any number of events, as the EventBridge adapter of the port does (found by the kill test)', async () => {
    // Prepare: publishReadings hands over one event per ingest batch, often more than PutEvents' 10
    const bus = new InProcessEventBus({ logger, deadLetters: new DeadLetterQueue() });
    const seen: number[] = [];
    bus.addTarget(target('all', { source: ['s'] }, async (event) => void seen.push((event.detail as { i: number }).i)));
    const many = Array.from({ length: 23 }, (_, i) => ({ source: 's', detailType: 'd', detail: { i } }));

    // Act
    await bus.publish(many);
    await bus.idle();

    // Assess: every event delivered once
    expect(seen.sort((a, b) => a - b)).toEqual(many.map((_, i) => i));
  });

  it('rejects what PutEvents rejects: a detail that is not an object', async () => {
    const bus = new InProcessEventBus({ logger, deadLetters: new DeadLetterQueue() });
    await expect(bus.publish([{ source: 's', detailType: 'd', detail: [1] }])).rejects.toThrow(/JSON object/);
  });
});
