import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error http_ece (web-push's own encryption library) ships no types
import ece from 'http_ece';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { WebPushNotifier } from '../../functions/modules/notifications/adapters/web-push-notifier.js';
import { subscriptionIdFor } from '../../functions/modules/notifications/domain/push-subscription.js';
import { createNotifyAlertHandler } from '../../functions/modules/notifications/handlers/notify-alert.handler.js';
import { dynamoDbConnectionRepository } from '../../functions/modules/realtime/adapters/dynamodb-connection-repository.js';
import { EnvelopeFieldCipher } from '../../functions/platform/crypto/field-cipher.js';
import type { RepositoryAdapter } from '../../functions/platform/dynamodb/table-adapter.js';
import type { DurableTimer, TimerScheduler } from '../../functions/platform/timers/timer-scheduler.js';
import { LocalDataKeys } from '../../local/crypto/local-data-keys.js';
import { OutboxNotifier } from '../../local/outbox/outbox-notifier.js';
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

class RecordingTimers implements TimerScheduler {
  readonly scheduled: DurableTimer[] = [];
  async schedule(timer: DurableTimer): Promise<void> {
    this.scheduled.push(timer);
  }
  async cancel(): Promise<void> {}
}

/** A browser: its keys, and the subscription it would post for `endpoint`. */
function browser(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return { ecdh, auth, endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } };
}

describe('notifyAlert with Web Push (handler, DynamoDB Local, a push service on loopback)', () => {
  const clock = new FixedClock(new Date('2026-11-22T14:00:00.000Z'));
  let db: TestDatabase;
  let server: Server;
  let origin: string;
  const requests: { path: string; headers: Record<string, unknown>; body: Buffer }[] = [];
  const build = <P>(adapter: RepositoryAdapter<P>): P =>
    adapter.create({ client: db.documentClient, tableName: db.tables[adapter.table.id] as string, clock });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        requests.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        // `/gone/…` is a subscription the browser dropped: RFC 8030 says 410 Gone.
        response.writeHead(request.url?.startsWith('/gone/') ? 410 : 201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('pushes to each live subscription once, removes the one that is gone, and records every attempt', async () => {
    // Arrange: a dispatcher with two browsers (one dropped) and three phone tokens; a manager with none
    const fleet = build(dynamoDbFleetRepository);
    const push = build(dynamoDbPushSubscriptions);
    await fleet.putUser({ tenantId: 'acme', userId: 'acme-dispatcher', name: 'Dana', roles: ['dispatcher'] });
    await fleet.putUser({ tenantId: 'globex', userId: 'globex-dispatcher', name: 'Gus', roles: ['dispatcher'] });
    const live = browser(`${origin}/live/laptop`);
    const dropped = browser(`${origin}/gone/old-phone`);
    for (const b of [live, dropped]) {
      const target = { kind: 'web' as const, endpoint: b.endpoint, keys: b.keys };
      await push.save({
        ...target,
        tenantId: 'acme',
        userId: 'acme-dispatcher',
        subscriptionId: subscriptionIdFor(target),
        createdAt: clock.now().toISOString(),
      });
    }
    // Phones: an FCM token registered as an endpoint, an APNs one whose endpoint APNs disabled, and
    // a token stored before tokens were registered (no endpoint).
    const sns = new OutboxNotifier(clock);
    const phone = { kind: 'fcm' as const, token: `fcm-${randomBytes(20).toString('hex')}` };
    const oldIphone = { kind: 'apns' as const, token: randomBytes(32).toString('hex') };
    const legacy = { kind: 'fcm' as const, token: `legacy-${randomBytes(20).toString('hex')}` };
    const phoneEndpoint = await sns.register('fcm', phone.token);
    const iphoneEndpoint = await sns.register('apns', oldIphone.token);
    sns.disableEndpoint(iphoneEndpoint);
    for (const target of [
      { ...phone, endpointArn: phoneEndpoint },
      { ...oldIphone, endpointArn: iphoneEndpoint },
      legacy,
    ]) {
      await push.save({
        ...target,
        tenantId: 'acme',
        userId: 'acme-dispatcher',
        subscriptionId: subscriptionIdFor(target),
        createdAt: clock.now().toISOString(),
      });
    }
    const attempts = build(dynamoDbAttemptLog);
    const handler = createNotifyAlertHandler({
      fleet,
      settings: build(dynamoDbNotificationSettings),
      inbox: build(dynamoDbInbox),
      attempts,
      held: build(dynamoDbHeldMessages),
      states: build(dynamoDbEscalationStates),
      connections: build(dynamoDbConnectionRepository),
      gateway: new FakeConnectionGateway(),
      push,
      vapid: build(dynamoDbVapidKeys),
      cipher: new EnvelopeFieldCipher(await LocalDataKeys.create()),
      notifier: new ChannelNotifier({
        sms: new FakeNotifier(),
        webpush: new WebPushNotifier('mailto:ops@acme.example'),
        push: sns,
      }),
      timers: new RecordingTimers(),
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
    });
    const alert: Alert = {
      tenantId: 'acme',
      alertId: 'acme-TRK-101-ENGINE_FAILURE-1',
      vehicleId: 'TRK-101',
      type: 'ENGINE_FAILURE',
      severity: 'CRITICAL',
      status: 'open',
      message: 'Engine failure on TRK-101',
      history: [],
      raisedAt: clock.now().toISOString(),
    };
    const event = busEvent('fleetops.alerts', 'alert.raised', alert);

    // Act: the event, then its redelivery
    await handler(event);
    await handler(event);

    // Assert: one request per browser, none for the redelivery, none to another tenant's user
    expect(requests.map((r) => r.path).sort()).toEqual(['/gone/old-phone', '/live/laptop']);
    const request = requests.find((r) => r.path === '/live/laptop');
    expect(request?.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '86400', urgency: 'high' });
    const payload = JSON.parse(
      (
        ece.decrypt(request?.body, { version: 'aes128gcm', privateKey: live.ecdh, authSecret: live.auth }) as Buffer
      ).toString(),
    );
    expect(payload).toMatchObject({
      title: 'CRITICAL ENGINE_FAILURE on TRK-101',
      body: 'Engine failure on TRK-101',
      url: `/alerts/${alert.alertId}`,
      severity: 'CRITICAL',
    });

    // The phone got it once, through its endpoint, with the alert to open
    const pushed = sns.list({ channel: 'push' });
    expect(pushed.map((m) => [m.destination, m.subject, m.metadata.alertId, m.metadata.platform])).toEqual([
      [phoneEndpoint, 'CRITICAL ENGINE_FAILURE on TRK-101', alert.alertId, 'fcm'],
    ]);

    // The record, one entry per target: laptop and phone sent, the old browser and the disabled
    // iPhone gone (and forgotten), the legacy token not deliverable
    const record = (await attempts.list('acme', alert.alertId)).filter((a) => a.channel === 'push');
    expect(record.map((a) => [a.status, a.reason ?? null, a.to?.startsWith('…')]).sort()).toEqual([
      ['failed', 'subscription_gone', true],
      ['failed', 'subscription_gone', true],
      ['sent', null, true],
      ['sent', null, true],
      ['suppressed', 'unregistered_target', true],
    ]);
    expect(JSON.stringify(record)).not.toContain(origin);
    expect(JSON.stringify(record)).not.toContain(phone.token);
    const left = await push.listByUser('acme', 'acme-dispatcher');
    expect(left.map((s) => (s.kind === 'web' ? s.endpoint : s.token)).sort()).toEqual(
      [phone.token, legacy.token, `${origin}/live/laptop`].sort(),
    );
  });
});
