import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestLogItems } from '../../functions/modules/fleet/adapters/ingest-log-items.js';
import { createPublishReadingsHandler } from '../../functions/modules/fleet/handlers/publish-readings.handler.js';
import { streamEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FakeEventPublisher, FixedClock, silentLogger, testTracer } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

/**
 * The INSERT record the ingest log's stream carries for one logged batch part holding one reading,
 * built with the adapter's own item format. `sequence` numbers the record and the part.
 */
function insert(
  tenantId: string,
  batchId: string,
  vehicleId: string,
  ts: string,
  sequence: number,
  receivedAt = '2026-11-22T14:00:00.000Z',
  publishBy = receivedAt,
): DynamoDBRecord {
  const [item] = ingestLogItems(
    {
      tenantId,
      batchId,
      readings: [{ vehicleId, ts, engineTemp: 120, oilPressure: 10 }],
      publishBy: new Date(publishBy),
    },
    new Date(receivedAt),
  );
  return record('INSERT', { ...item, sk: `PART#${sequence}`, part: sequence }, sequence);
}

function record(eventName: 'INSERT' | 'MODIFY', item: Record<string, unknown>, sequence: number): DynamoDBRecord {
  return {
    eventID: `e-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      NewImage: marshall(item) as Record<string, AttributeValue>,
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('publishReadings (ingest log stream consumer)', () => {
  let repos: TestRepositories;
  let events: FakeEventPublisher;
  let metrics: CapturingMetrics;
  let handler: ReturnType<typeof createPublishReadingsHandler>;
  const clock = new FixedClock();

  /** The handler over this test's repositories; `options` makes the stream consumer's grace observable. */
  const handlerWith = (options: Parameters<typeof createPublishReadingsHandler>[1] = {}) =>
    createPublishReadingsHandler(
      {
        fleet: repos.fleet,
        telemetry: repos.telemetry,
        events,
        clock,
        logger: silentLogger(),
        metrics,
        tracer: testTracer(),
      },
      options,
    );

  beforeEach(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    events = new FakeEventPublisher();
    metrics = new CapturingMetrics();
    handler = handlerWith();
  });

  it('moves vehicle state with every batch, and publishes only the batches ingest did not mark', async () => {
    // Prepare: batch A was published by ingest's fast path, batch B was not (ingest died after storing).
    await repos.telemetry.markPublished([{ tenantId: 'acme', batchId: 'A' }]);
    const records = [
      insert('acme', 'A', 'TRK-1', '2026-11-22T14:00:00.000Z', 1),
      insert('acme', 'B', 'TRK-2', '2026-11-22T14:00:01.000Z', 2),
      insert('acme', 'B', 'TRK-3', '2026-11-22T14:00:02.000Z', 3),
    ];

    // Act
    const result = await handler(streamEvent(records));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(events.published).toHaveLength(1);
    expect(events.published[0]?.detail).toMatchObject({
      tenantId: 'acme',
      batchId: 'B',
      readings: [{ vehicleId: 'TRK-2' }, { vehicleId: 'TRK-3' }],
    });
    expect(metrics.recorded).toContainEqual({ name: 'batchesPublishedByIngest', value: 1 });
    expect((await repos.fleet.getVehicleState('acme', 'TRK-2'))?.lastSeenAt).toBe('2026-11-22T14:00:01.000Z');
    expect((await repos.fleet.getVehicleState('acme', 'TRK-1'))?.lastSeenAt).toBe('2026-11-22T14:00:00.000Z');
  });

  it("does not take another tenant's mark for its own batch of the same id", async () => {
    // Prepare
    await repos.telemetry.markPublished([{ tenantId: 'globex', batchId: 'X' }]);

    // Act
    await handler(streamEvent([insert('acme', 'X', 'TRK-1', '2026-11-22T14:00:00.000Z', 1)]));

    // Assess
    expect(events.published).toHaveLength(1);
    expect(events.published[0]?.detail).toMatchObject({ tenantId: 'acme', batchId: 'X' });
  });
  /** An ISO time `ms` from the test clock's now. */
  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  it('waits for the mark of a batch whose ingest is still running, however long ago its first reading was stored', async () => {
    // Prepare: a 500-reading batch takes over a second to store under load; its first records reach
    // the consumer long before ingest has written the rest, published and marked it (ADR 0061's
    // known issue: 23 of 328 batches published twice when the grace counted from receivedAt).
    const waits: number[] = [];
    const slowIngest = handlerWith({
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
        if (waits.length === 3) await repos.telemetry.markPublished([{ tenantId: 'acme', batchId: 'S' }]);
      },
    });

    // Act
    await slowIngest(streamEvent([insert('acme', 'S', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, at(-1400), at(13_600))]));

    // Assess
    expect(waits).toHaveLength(3);
    expect(events.published).toHaveLength(0);
    expect(metrics.recorded).toContainEqual({ name: 'batchesPublishedByIngest', value: 1 });
  });

  it("publishes an unmarked batch once its ingest's deadline has passed (ingest died after storing)", async () => {
    // Prepare
    const waits: number[] = [];
    const orphaned = handlerWith({
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
    });

    // Act
    await orphaned(streamEvent([insert('acme', 'D', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, at(-1000), at(2000))]));

    // Assess: it waited exactly until the deadline, polling, and then published the batch once.
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(2000);
    expect(waits.length).toBeGreaterThan(1);
    expect(events.published).toHaveLength(1);
    expect(events.published[0]?.detail).toMatchObject({ tenantId: 'acme', batchId: 'D' });
  });

  it('publishes at once a batch its ingest handed over (the fast path failed), without waiting', async () => {
    // Prepare
    const waits: number[] = [];
    await repos.telemetry.markHandedOver([{ tenantId: 'acme', batchId: 'H' }]);
    const handedOver = handlerWith({ sleep: async (ms) => void waits.push(ms) });

    // Act
    await handedOver(streamEvent([insert('acme', 'H', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, at(0), at(15_000))]));

    // Assess
    expect(waits).toEqual([]);
    expect(events.published).toHaveLength(1);
  });

  it('publishes the batches that are due before it waits for the ones still owed to ingest', async () => {
    // Prepare: batch O is orphaned (deadline passed), batch Y is young; Y's ingest marks it later.
    const published: string[][] = [];
    const mixed = createPublishReadingsHandler(
      {
        fleet: repos.fleet,
        telemetry: repos.telemetry,
        events: {
          publish: async (batch) => {
            published.push(batch.map((e) => (e.detail as { batchId: string }).batchId));
          },
        },
        clock,
        logger: silentLogger(),
        metrics,
        tracer: testTracer(),
      },
      {
        sleep: async (ms) => {
          expect(published).toEqual([['O']]);
          clock.advance(ms);
          await repos.telemetry.markPublished([{ tenantId: 'acme', batchId: 'Y' }]);
        },
      },
    );

    // Act
    await mixed(
      streamEvent([
        insert('acme', 'O', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, at(-20_000), at(-5000)),
        insert('acme', 'Y', 'TRK-2', '2026-11-22T14:00:00.000Z', 2, at(-50), at(14_950)),
      ]),
    );

    // Assess
    expect(published).toEqual([['O']]);
  });

  it('stores every logged reading in the telemetry table, published by ingest or not', async () => {
    // Prepare: batch A was published by ingest's fast path, batch B was not.
    await repos.telemetry.markPublished([{ tenantId: 'acme', batchId: 'A' }]);

    // Act
    await handler(
      streamEvent([
        insert('acme', 'A', 'TRK-1', '2026-11-22T14:00:00.000Z', 1),
        insert('acme', 'B', 'TRK-2', '2026-11-22T14:00:01.000Z', 2),
      ]),
    );

    // Assess: both are found as stored, with the time ingest accepted them
    const readings = [
      { vehicleId: 'TRK-1', ts: '2026-11-22T14:00:00.000Z' },
      { vehicleId: 'TRK-2', ts: '2026-11-22T14:00:01.000Z' },
    ];
    expect(await repos.telemetry.unseen('acme', readings)).toEqual([]);
    expect(metrics.recorded).toContainEqual({ name: 'readingsStored', value: 2 });
  });

  it('joins the parts of one batch into one event, and stores and publishes a part redelivered as a MODIFY only once', async () => {
    // Prepare: a batch in two parts, and a rewrite of part 1 (MODIFY) that carries nothing new.
    const [part1, part2] = [
      insert('acme', 'P', 'TRK-1', '2026-11-22T14:00:00.000Z', 1),
      insert('acme', 'P', 'TRK-2', '2026-11-22T14:00:01.000Z', 2),
    ];
    const rewrite = { ...part1, eventName: 'MODIFY' as const, eventID: 'e-3' };

    // Act
    await handler(streamEvent([part1, part2, rewrite]));

    // Assess
    expect(events.published).toHaveLength(1);
    expect(events.published[0]?.detail).toMatchObject({
      batchId: 'P',
      readings: [{ vehicleId: 'TRK-1' }, { vehicleId: 'TRK-2' }],
    });
    expect(metrics.recorded).toContainEqual({ name: 'readingsStored', value: 2 });
  });

  it('fails the stream batch (for a retry, then the DLQ) on a part whose readings do not parse', async () => {
    // Prepare: a part of the log format whose readings attribute is cut short.
    const [item] = ingestLogItems(
      {
        tenantId: 'acme',
        batchId: 'C',
        readings: [{ vehicleId: 'TRK-1', ts: '2026-11-22T14:00:00.000Z' }],
        publishBy: clock.now(),
      },
      clock.now(),
    );
    const corrupt = record('INSERT', { ...item, readings: '[{"vehicleId":"TRK-1"' }, 7);

    // Act
    const result = await handler(streamEvent([insert('acme', 'OK', 'TRK-2', '2026-11-22T14:00:00.000Z', 6), corrupt]));

    // Assess: every record is reported, nothing is published
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '6' }, { itemIdentifier: '7' }] });
    expect(events.published).toHaveLength(0);
  });
});
