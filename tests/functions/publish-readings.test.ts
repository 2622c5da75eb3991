import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPublishReadingsHandler } from '../../functions/modules/fleet/handlers/publish-readings.handler.js';
import { streamEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FakeEventPublisher, FixedClock, silentLogger, testTracer } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

/** The INSERT record the telemetry table's stream carries for one stored reading. */
function insert(
  tenantId: string,
  batchId: string,
  vehicleId: string,
  ts: string,
  sequence: number,
  receivedAt?: string,
  publishBy?: string,
): DynamoDBRecord {
  const item = {
    ...(receivedAt ? { receivedAt } : {}),
    ...(publishBy ? { publishBy } : {}),
    pk: `TENANT#${tenantId}#VEHICLE#${vehicleId}`,
    sk: `TS#${ts}`,
    entity: 'reading',
    tenantId,
    batchId,
    vehicleId,
    ts,
    engineTemp: 120,
    oilPressure: 10,
  };
  return {
    eventID: `e-${sequence}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      NewImage: marshall(item) as Record<string, AttributeValue>,
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('publishReadings (telemetry stream consumer)', () => {
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

  it('gives a batch stored before deadlines were recorded one grace from its receivedAt', async () => {
    // Prepare: an item written by the previous ingest, with receivedAt and no publishBy.
    const waits: number[] = [];
    const legacy = handlerWith({
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
    });

    // Act
    await legacy(streamEvent([insert('acme', 'L', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, at(-100))]));

    // Assess
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(200);
    expect(events.published).toHaveLength(1);
  });
});
