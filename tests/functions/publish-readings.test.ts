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
): DynamoDBRecord {
  const item = {
    ...(receivedAt ? { receivedAt } : {}),
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
  it('gives a batch stored a moment ago one grace for its fast-path mark before publishing it', async () => {
    // Prepare: the record reaches the stream consumer while ingest is still publishing the batch.
    const waits: number[] = [];
    const racing = handlerWith({
      sleep: async (ms) => {
        waits.push(ms);
        await repos.telemetry.markPublished([{ tenantId: 'acme', batchId: 'R' }]);
      },
    });
    const storedAt = new Date(clock.now().getTime() - 100).toISOString();

    // Act
    await racing(streamEvent([insert('acme', 'R', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, storedAt)]));

    // Assess
    expect(waits).toEqual([200]);
    expect(events.published).toHaveLength(0);
  });

  it('publishes a young batch after the grace when its mark never comes (the fast path died)', async () => {
    // Prepare
    const waits: number[] = [];
    const orphaned = handlerWith({
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const storedAt = clock.now().toISOString();

    // Act
    await orphaned(streamEvent([insert('acme', 'D', 'TRK-1', '2026-11-22T14:00:00.000Z', 1, storedAt)]));

    // Assess
    expect(waits).toEqual([300]);
    expect(events.published).toHaveLength(1);
  });
});
