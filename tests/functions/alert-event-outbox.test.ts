import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { alertSchema } from '../../functions/modules/alerts/events.js';
import { createChangeAlertHandler } from '../../functions/modules/alerts/handlers/change-alert.handler.js';
import { createPublishAlertEventsHandler } from '../../functions/modules/alerts/handlers/publish-alert-events.handler.js';
import { ALERTS_TABLE } from '../../functions/modules/alerts/tables.js';
import type { DomainEvent, EventPublisher } from '../../functions/platform/events/event-publisher.js';
import { httpEvent, jsonBody, streamEvent, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import {
  CapturingMetrics,
  FakeEventPublisher,
  silentLogger,
  testTracer,
  unlimitedRateLimiter,
} from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const dispatcher = (userId: string): TestCaller => ({ tenantId: 'acme', userId, roles: ['dispatcher'] });

/**
 * Issue #9 / ADR 0063: a lifecycle change whose event the request does not get onto the bus (the
 * publish fails, or the process dies right after the write) is still published, by the alerts
 * table's stream, from the owed event written in the same transaction as the alert.
 */
describe('alert lifecycle events survive a failed or dead publish (transactional outbox)', () => {
  let db: TestDatabase;
  let repos: TestRepositories;
  const basics = () => ({
    clock: { now: () => new Date() },
    logger: silentLogger(),
    metrics: new CapturingMetrics(),
    tracer: testTracer(),
    rateLimits: unlimitedRateLimiter,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables);
  });

  let seq = 0;
  const raise = async (): Promise<Alert> => {
    const ts = new Date(Date.UTC(2026, 10, 23, 9, 0, seq++)).toISOString();
    const vehicleId = `OUT-${seq}`;
    const alert: Alert = {
      tenantId: 'acme',
      alertId: alertIdFor('acme', vehicleId, 'engine-failure', ts),
      vehicleId,
      type: 'ENGINE_FAILURE',
      ruleId: 'engine-failure',
      severity: 'CRITICAL',
      status: 'open',
      message: 'Engine failure',
      raisedAt: ts,
      history: [{ at: ts, by: 'system', action: 'raised' }],
    };
    expect((await repos.alerts.raiseIfNotOpen(alert)).raised).toBe(true);
    return alert;
  };
  const changeWith = (events: EventPublisher) =>
    createChangeAlertHandler({ alerts: repos.alerts, events, idempotency: repos.idempotency, ...basics() });
  const acknowledge = (handler: ReturnType<typeof changeWith>, alertId: string) =>
    handler({
      ...httpEvent({
        method: 'POST',
        path: '/v1/alerts/{alertId}/acknowledge',
        caller: dispatcher('d1'),
        body: {},
      }),
      pathParameters: { alertId },
    });

  /** The stream's INSERT records of the owed events the table holds for an alert, as Lambda hands them over. */
  const owedInserts = async (alertId: string): Promise<DynamoDBRecord[]> => {
    const { Items = [] } = await db.documentClient.send(
      new QueryCommand({
        TableName: db.tables[ALERTS_TABLE.id],
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'TENANT#acme', ':prefix': `OUTBOX#${alertId}#` },
        ConsistentRead: true,
      }),
    );
    return Items.map((item, index) => ({
      eventID: `e${index}`,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: String(index + 1),
        NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      },
    }));
  };
  const streamConsumer = (events: EventPublisher) =>
    createPublishAlertEventsHandler({ alerts: repos.alerts, events, ...basics() }, { sleep: async () => {} });

  it('publish failed after the write: the request still answers the change, and the stream publishes its event', async () => {
    // Prepare
    const alert = await raise();
    const bus = new FakeEventPublisher();
    bus.failures = 1; // PutEvents fails right after the write

    // Act
    const answer = await acknowledge(changeWith(bus), alert.alertId);
    const owed = await owedInserts(alert.alertId);
    const drained = await streamConsumer(bus)(streamEvent(owed));

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(jsonBody(answer)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'd1' });
    expect(drained).toEqual({ batchItemFailures: [] });
    expect(bus.published.map((e) => [e.detailType, (e.detail as Alert).alertId])).toEqual([
      ['alert.acknowledged', alert.alertId],
    ]);
    expect(alertSchema.parse(bus.published[0]?.detail)).toEqual(await repos.alerts.get('acme', alert.alertId));
    expect(await owedInserts(alert.alertId)).toEqual([]); // cleared once published
  });

  it('the process died between the write and PutEvents: the event is still delivered', async () => {
    // Prepare: a publish that never returns, as a process killed inside it
    const alert = await raise();
    const dead: EventPublisher = { publish: () => new Promise<void>(() => {}) };
    const bus = new FakeEventPublisher();

    // Act
    void acknowledge(changeWith(dead), alert.alertId);
    let owed: DynamoDBRecord[] = [];
    for (let i = 0; i < 50 && owed.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      owed = await owedInserts(alert.alertId);
    }
    await streamConsumer(bus)(streamEvent(owed));

    // Assess
    expect((await repos.alerts.get('acme', alert.alertId))?.status).toBe('acknowledged');
    expect(bus.published.map((e) => e.detailType)).toEqual(['alert.acknowledged']);
  });

  it('in the normal case the request publishes and clears, and the stream publishes nothing more', async () => {
    // Prepare: the stream hands the owed event over as it was written, while the request publishes
    const alert = await raise();
    let handedOver: DynamoDBRecord[] = [];
    const byRequest: DomainEvent[] = [];
    const bus: EventPublisher = {
      publish: async (events) => {
        handedOver = await owedInserts(alert.alertId);
        byRequest.push(...events);
      },
    };
    const byStream: DomainEvent[] = [];

    // Act
    await acknowledge(changeWith(bus), alert.alertId);
    await streamConsumer({ publish: async (events) => void byStream.push(...events) })(streamEvent(handedOver));

    // Assess
    expect(handedOver).toHaveLength(1);
    expect(byRequest.map((e) => e.detailType)).toEqual(['alert.acknowledged']);
    expect(byStream).toEqual([]);
    expect(await owedInserts(alert.alertId)).toEqual([]);
  });

  it('a change that loses its conditional write owes nothing; alerts, locks and rules on the stream are skipped', async () => {
    const alert = await raise();
    const bus = new FakeEventPublisher();
    const handler = changeWith(bus);

    const results = await Promise.all([acknowledge(handler, alert.alertId), acknowledge(handler, alert.alertId)]);
    const other: DynamoDBRecord = {
      eventID: 'a',
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '1',
        NewImage: marshall({ pk: 'TENANT#acme', sk: 'ALERT#x', entity: 'alert' }) as never,
      },
    };
    const published: DomainEvent[] = [];
    await streamConsumer({ publish: async (events) => void published.push(...events) })(streamEvent([other]));

    expect(results.map((r) => r.statusCode)).toEqual([200, 200]); // the same user's repeat is 200 unchanged
    expect(
      (await repos.alerts.get('acme', alert.alertId))?.history.filter((h) => h.action === 'acknowledged'),
    ).toHaveLength(1);
    expect(await owedInserts(alert.alertId)).toEqual([]);
    expect(published).toEqual([]);
  });
});
