import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbIngestLog } from '../../functions/modules/fleet/adapters/dynamodb-ingest-log.js';
import { loggedBatchPartFromItem } from '../../functions/modules/fleet/adapters/ingest-log-items.js';
import type { Reading } from '../../functions/modules/fleet/domain/reading.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';

/** `count` readings of one vehicle with every sensor, as ingest's schema would pass them. */
const readings = (count: number, vehicleId = 'TRK-1'): Reading[] =>
  Array.from({ length: count }, (_, i) => ({
    vehicleId,
    ts: new Date(Date.UTC(2026, 10, 22, 14) + i * 1000).toISOString(),
    engineTemp: 90.25 + (i % 10),
    oilPressure: 41.5,
    speed: 63.125,
    lat: 52.520008 + i * 1e-6,
    lng: 13.404954 - i * 1e-6,
    odometer: 120_345.75 + i,
    fuelLevel: 55.5,
    batteryVoltage: 12.65,
    rpm: 2100,
    acceleration: -0.35,
  }));

describe('DynamoDbIngestLog', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = new FixedClock();

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  const items = async () => {
    const result = await db.documentClient.send(new ScanCommand({ TableName: db.tables.ingestLog }));
    return (result.Items ?? []).sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  };
  const log = () =>
    dynamoDbIngestLog.create({ client: db.documentClient, tableName: db.tables.ingestLog as string, clock });

  it('writes a 500-reading batch as one item that reads back as the same readings, kept two days', async () => {
    // Prepare
    const batch = readings(500);
    const publishBy = new Date(clock.now().getTime() + 15_000);

    // Act
    await log().append({ tenantId: 'acme', batchId: 'B1', readings: batch, publishBy });

    // Assess
    const [item, ...rest] = await items();
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      pk: 'TENANT#acme#BATCH#B1',
      sk: 'PART#000',
      part: 0,
      parts: 1,
      expiresAt: clock.now().getTime() / 1000 + 2 * 86_400,
    });
    expect(loggedBatchPartFromItem(item as Record<string, unknown>)).toEqual({
      tenantId: 'acme',
      batchId: 'B1',
      readings: batch,
      storedAt: clock.now().toISOString(),
      publishBy: publishBy.toISOString(),
    });
  });

  it('splits a batch beyond 300 KB of readings into parts DynamoDB can hold, in order', async () => {
    // Prepare: long vehicle ids make a 500-reading batch larger than one part
    const batch = readings(500, `V-${'x'.repeat(600)}`);

    // Act
    await log().append({ tenantId: 'acme', batchId: 'B2', readings: batch, publishBy: clock.now() });

    // Assess
    const parts = await items();
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(String(part.readings).length).toBeLessThanOrEqual(300_000);
    expect(parts.every((part) => part.parts === parts.length)).toBe(true);
    const read = parts.map((part) => loggedBatchPartFromItem(part as Record<string, unknown>));
    expect(read.flatMap((part) => part?.readings ?? [])).toEqual(batch);
  });

  it('skips items that are not batch parts, and refuses a part without its batch attributes', () => {
    expect(loggedBatchPartFromItem({ pk: 'STREAM#first', sk: 'FIRST' })).toBeUndefined();
    expect(() => loggedBatchPartFromItem({ pk: 'p', sk: 's', entity: 'acceptedBatch', tenantId: 'acme' })).toThrow(
      /lacks its batch attributes/,
    );
    expect(() =>
      loggedBatchPartFromItem({
        pk: 'p',
        sk: 's',
        entity: 'acceptedBatch',
        tenantId: 'acme',
        batchId: 'B',
        readings: '[{"ts":"2026-11-22T14:00:00.000Z"}]',
        receivedAt: 'x',
        publishBy: 'y',
      }),
    ).toThrow(/without vehicleId and ts/);
  });
});
