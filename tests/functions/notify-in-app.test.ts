import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { dynamoDbFleetRepository } from '../../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { ChannelNotifier } from '../../functions/modules/notifications/adapters/channel-notifier.js';
import { dynamoDbAttemptLog } from '../../functions/modules/notifications/adapters/dynamodb-attempt-log.js';
import { dynamoDbEscalationStates } from '../../functions/modules/notifications/adapters/dynamodb-escalation-states.js';
import { dynamoDbHeldMessages } from '../../functions/modules/notifications/adapters/dynamodb-held-messages.js';
import { dynamoDbInbox } from '../../functions/modules/notifications/adapters/dynamodb-inbox.js';
import { dynamoDbNotificationSettings } from '../../functions/modules/notifications/adapters/dynamodb-notification-settings.js';
import { dynamoDbPushSubscriptions } from '../../functions/modules/notifications/adapters/dynamodb-push-subscriptions.js';
import { dynamoDbVapidKeys } from '../../functions/modules/notifications/adapters/dynamodb-vapid-keys.js';
import { inboxNotificationId } from '../../functions/modules/notifications/domain/dedup.js';
import {
  createNotifyAlertHandler,
  type NotifyAlertDeps,
} from '../../functions/modules/notifications/handlers/notify-alert.handler.js';
import type { AttemptLog } from '../../functions/modules/notifications/ports/attempt-log.js';
import { dynamoDbConnectionRepository } from '../../functions/modules/realtime/adapters/dynamodb-connection-repository.js';
import { EnvelopeFieldCipher } from '../../functions/platform/crypto/field-cipher.js';
import type { RepositoryAdapter } from '../../functions/platform/dynamodb/table-adapter.js';
import type { TimerScheduler } from '../../functions/platform/timers/timer-scheduler.js';
import { LocalDataKeys } from '../../local/crypto/local-data-keys.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import {
  CapturingMetrics,
  FakeConnectionGateway,
  FakeNotifier,
  FixedClock,
  silentLogger,
  testTracer,
} from '../support/fakes.js';

const timers: TimerScheduler = { schedule: async () => {}, cancel: async () => {} };

/**
 * The in-app delivery is stored before its claim, under an id made of its delivery key (ADR 0120):
 * a redelivered `alert.raised`, or the retry of an invocation that died between the inbox entry and
 * its record, leaves one inbox entry, one `sent` attempt and one `notification.created` frame.
 */
describe('notifyAlert in-app delivery without a claim before it (handler, DynamoDB Local)', () => {
  const clock = new FixedClock(new Date('2026-11-22T14:00:00.000Z'));
  let db: TestDatabase;
  const build = <P>(adapter: RepositoryAdapter<P>): P =>
    adapter.create({ client: db.documentClient, tableName: db.tables[adapter.table.id] as string, clock });

  beforeAll(async () => {
    db = await createTestDatabase();
    await build(dynamoDbFleetRepository).putUser({
      tenantId: 'acme',
      userId: 'acme-dispatcher',
      name: 'Dana',
      roles: ['dispatcher'],
    });
  });

  async function handlerWith(attempts: AttemptLog, gateway: FakeConnectionGateway) {
    const deps: NotifyAlertDeps = {
      fleet: build(dynamoDbFleetRepository),
      settings: build(dynamoDbNotificationSettings),
      inbox: build(dynamoDbInbox),
      attempts,
      held: build(dynamoDbHeldMessages),
      states: build(dynamoDbEscalationStates),
      connections: build(dynamoDbConnectionRepository),
      gateway,
      push: build(dynamoDbPushSubscriptions),
      vapid: build(dynamoDbVapidKeys),
      cipher: new EnvelopeFieldCipher(await LocalDataKeys.create()),
      notifier: new ChannelNotifier({ sms: new FakeNotifier(), email: new FakeNotifier() }),
      timers,
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
    };
    return createNotifyAlertHandler(deps);
  }

  const alertOf = (alertId: string): Alert => ({
    tenantId: 'acme',
    alertId,
    vehicleId: 'TRK-101',
    type: 'OIL_PRESSURE_LOW',
    severity: 'HIGH',
    status: 'open',
    message: 'Oil pressure low on TRK-101',
    history: [],
    raisedAt: clock.now().toISOString(),
  });

  async function inboxOf(alertId: string) {
    const page = await build(dynamoDbInbox).list('acme', 'acme-dispatcher', { limit: 100 });
    return page.items.filter((n) => n.alertId === alertId);
  }

  async function inAppRecord(attempts: AttemptLog, alertId: string) {
    return (await attempts.list('acme', alertId)).filter((a) => a.channel === 'in_app');
  }

  it('a redelivered alert.raised stores one inbox entry, records one sent attempt and pushes one frame', async () => {
    // Arrange
    const attempts = build(dynamoDbAttemptLog);
    await build(dynamoDbConnectionRepository).put({
      connectionId: 'conn-dana',
      tenantId: 'acme',
      userId: 'acme-dispatcher',
      roles: ['dispatcher'],
      connectedAt: clock.now().toISOString(),
    });
    const gateway = new FakeConnectionGateway();
    const handler = await handlerWith(attempts, gateway);
    const alert = alertOf('acme-TRK-101-OIL-1');
    const event = busEvent('fleetops.alerts', 'alert.raised', alert);

    // Act
    await handler(event);
    await handler(event);

    // Assert
    const entries = await inboxOf(alert.alertId);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.notificationId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect((await inAppRecord(attempts, alert.alertId)).map((a) => [a.status, a.attempt, a.step])).toEqual([
      ['sent', 1, 'L0'],
    ]);
    const frames = (gateway.frames.get('conn-dana') ?? []) as { type: string; data: { notificationId: string } }[];
    expect(frames.filter((f) => f.type === 'notification.created').map((f) => f.data.notificationId)).toEqual([
      entries[0]?.notificationId,
    ]);
  });

  it('an invocation that dies between the inbox entry and its record is retried into one entry and one record', async () => {
    // Arrange: the first invocation's in-app settle fails (the container dies, say)
    const attempts = build(dynamoDbAttemptLog);
    let failNext = true;
    const dying: AttemptLog = Object.assign(Object.create(attempts) as AttemptLog, {
      settle: async (...args: Parameters<AttemptLog['settle']>) => {
        if (failNext && args[1].channel === 'in_app') {
          failNext = false;
          throw new Error('container died');
        }
        return attempts.settle(...args);
      },
    });
    const handler = await handlerWith(dying, new FakeConnectionGateway());
    const alert = alertOf('acme-TRK-101-OIL-2');
    await build(dynamoDbConnectionRepository).remove('conn-dana');
    const event = busEvent('fleetops.alerts', 'alert.raised', alert);

    // Act: the bus retries the failed invocation
    await expect(handler(event)).rejects.toThrow();
    expect(await inboxOf(alert.alertId)).toHaveLength(1);
    expect(await inAppRecord(attempts, alert.alertId)).toEqual([]);
    await handler(event);

    // Assert
    expect(await inboxOf(alert.alertId)).toHaveLength(1);
    expect((await inAppRecord(attempts, alert.alertId)).map((a) => a.status)).toEqual(['sent']);
  });

  it('an inbox id is a ULID of the step time, the same for the same delivery and different for another', () => {
    const at = '2026-11-22T14:00:00.000Z';
    const id = inboxNotificationId('A1#dana#in_app#L0', at);
    expect(id).toBe(inboxNotificationId('A1#dana#in_app#L0', at));
    expect(id).not.toBe(inboxNotificationId('A1#dana#in_app#L1', at));
    expect(id.slice(0, 10)).toBe(inboxNotificationId('A2#marcus#in_app#L0', at).slice(0, 10));
    expect(id > inboxNotificationId('A1#dana#in_app#L0', '2026-11-22T13:59:59.999Z')).toBe(true);
  });
});
