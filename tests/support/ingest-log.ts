import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { loggedBatchPartFromItem } from '../../functions/modules/fleet/adapters/ingest-log-items.js';
import { createPublishReadingsHandler } from '../../functions/modules/fleet/handlers/publish-readings.handler.js';
import type { Clock } from '../../functions/platform/clock.js';
import { streamEvent } from './api-gateway-events.js';
import type { createTestDatabase } from './dynamodb.js';
import { CapturingMetrics, FakeEventPublisher, silentLogger, testTracer } from './fakes.js';
import type { TestRepositories } from './repositories.js';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** The ingest log's items as INSERT records of its stream, in the order DynamoDB returns them. */
async function logRecords(db: TestDatabase): Promise<DynamoDBRecord[]> {
  const result = await db.documentClient.send(new ScanCommand({ TableName: db.tables.ingestLog }));
  return (result.Items ?? []).map((item, i) => ({
    eventID: `e-${i}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      NewImage: marshall(item) as Record<string, AttributeValue>,
      SequenceNumber: String(i + 1),
      StreamViewType: 'NEW_IMAGE',
    },
  }));
}

/** Every batch part in the ingest log, as its stream hands them on. */
export async function loggedParts(db: TestDatabase) {
  const result = await db.documentClient.send(new ScanCommand({ TableName: db.tables.ingestLog }));
  return (result.Items ?? []).flatMap((item) => loggedBatchPartFromItem(item) ?? []);
}

/**
 * Runs the ingest log's real consumer (`publishReadings`) over every logged part, as the log's
 * stream does after ingest: the readings reach the telemetry table and vehicle state. It publishes
 * to a bus of its own (what ingest's fast path did not publish is not the caller's to count) and
 * does not wait for marks. Consuming twice is what a redelivery is: idempotent.
 */
export async function consumeIngestLog(db: TestDatabase, repos: TestRepositories, clock: Clock): Promise<void> {
  const consumer = createPublishReadingsHandler(
    {
      fleet: repos.fleet,
      telemetry: repos.telemetry,
      events: new FakeEventPublisher(),
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
    },
    { sleep: async () => undefined },
  );
  const result = await consumer(streamEvent(await logRecords(db)));
  if (result.batchItemFailures.length > 0) throw new Error('the ingest log consumer failed');
}
