import { createECDH, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbAlertRepository } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { dynamoDbAttemptLog } from '../../functions/modules/notifications/adapters/dynamodb-attempt-log.js';
import { dynamoDbInbox } from '../../functions/modules/notifications/adapters/dynamodb-inbox.js';
import { dynamoDbNotificationSettings } from '../../functions/modules/notifications/adapters/dynamodb-notification-settings.js';
import { dynamoDbPushSubscriptions } from '../../functions/modules/notifications/adapters/dynamodb-push-subscriptions.js';
import { dynamoDbVapidKeys } from '../../functions/modules/notifications/adapters/dynamodb-vapid-keys.js';
import { deliveryKey } from '../../functions/modules/notifications/domain/dedup.js';
import { createAlertDeliveriesHandler } from '../../functions/modules/notifications/handlers/alert-deliveries.handler.js';
import { createEscalationPoliciesHandler } from '../../functions/modules/notifications/handlers/escalation-policies.handler.js';
import { createNotificationInboxHandler } from '../../functions/modules/notifications/handlers/notification-inbox.handler.js';
import { createNotificationPolicyHandler } from '../../functions/modules/notifications/handlers/notification-policy.handler.js';
import { createNotificationPreferencesHandler } from '../../functions/modules/notifications/handlers/notification-preferences.handler.js';
import { createPushSubscriptionsHandler } from '../../functions/modules/notifications/handlers/push-subscriptions.handler.js';
import { EnvelopeFieldCipher } from '../../functions/platform/crypto/field-cipher.js';
import type { RepositoryAdapter } from '../../functions/platform/dynamodb/table-adapter.js';
import { LocalDataKeys } from '../../local/crypto/local-data-keys.js';
import { OutboxNotifier } from '../../local/outbox/outbox-notifier.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FixedClock, silentLogger, testTracer, unlimitedRateLimiter } from '../support/fakes.js';

const clock = new FixedClock();
const basics = () => ({
  clock,
  logger: silentLogger(),
  metrics: new CapturingMetrics(),
  tracer: testTracer(),
  rateLimits: unlimitedRateLimiter,
});
const admin: TestCaller = { tenantId: 'acme', userId: 'acme-admin', roles: ['admin'] };
const dispatcher: TestCaller = { tenantId: 'acme', userId: 'acme-dispatcher', roles: ['dispatcher'] };
const driver: TestCaller = { tenantId: 'acme', userId: 'acme-driver', roles: ['driver'] };
const globexAdmin: TestCaller = { tenantId: 'globex', userId: 'acme-admin', roles: ['admin'] };
const partner: TestCaller = { tenantId: 'acme', userId: 'acme-partner', roles: ['partner'] };

/** A browser's `PushSubscription.toJSON()`. */
function browserSubscription(endpoint = `https://push.example.net/send/${randomBytes(8).toString('hex')}`) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

describe('notification routes (handlers on DynamoDB Local)', () => {
  let db: TestDatabase;
  let cipher: EnvelopeFieldCipher;
  const build = <P>(adapter: RepositoryAdapter<P>): P =>
    adapter.create({ client: db.documentClient, tableName: db.tables[adapter.table.id] as string, clock });

  beforeAll(async () => {
    db = await createTestDatabase();
    cipher = new EnvelopeFieldCipher(await LocalDataKeys.create());
  });

  /** The local SNS twin: device tokens become endpoints there. */
  const sns = new OutboxNotifier(clock);
  const pushHandler = () =>
    createPushSubscriptionsHandler({
      push: build(dynamoDbPushSubscriptions),
      vapid: build(dynamoDbVapidKeys),
      cipher,
      endpoints: sns,
      ...basics(),
    });
  /** Calls a handler as API Gateway does: the route's template in routeKey, its values in pathParameters. */
  const call = (
    handler: ReturnType<typeof pushHandler>,
    method: string,
    path: string,
    caller: TestCaller,
    body?: unknown,
    pathParameters?: Record<string, string>,
  ) =>
    handler({
      ...httpEvent({ method, path, caller, ...(body === undefined ? {} : { body }) }),
      ...(pathParameters ? { pathParameters } : {}),
    });

  describe('push subscriptions', () => {
    it('serves one VAPID public key, made once and the same for every container', async () => {
      // Arrange: two containers, each with its own adapters and cache
      const first = pushHandler();
      const second = pushHandler();

      // Act
      const [a, b] = await Promise.all([
        call(first, 'GET', '/v1/push/vapid-public-key', driver),
        call(second, 'GET', '/v1/push/vapid-public-key', admin),
      ]);

      // Assert: an uncompressed P-256 point, the same from both
      expect(a?.statusCode).toBe(200);
      const key = jsonBody<{ publicKey: string }>(a).publicKey;
      expect(Buffer.from(key, 'base64url')).toHaveLength(65);
      expect(jsonBody<{ publicKey: string }>(b).publicKey).toBe(key);
      const stored = await build(dynamoDbVapidKeys).get();
      expect(stored?.publicKey).toBe(key);
      expect(stored?.sealedPrivateKey).not.toContain(key); // sealed, not the key in clear
    });

    it('stores a browser once (201, then 200), lists it masked without its keys, and forgets it on DELETE', async () => {
      // Arrange
      const handler = pushHandler();
      const subscription = browserSubscription();

      // Act
      const created = await call(handler, 'POST', '/v1/me/push-subscriptions', dispatcher, subscription);
      const again = await call(handler, 'POST', '/v1/me/push-subscriptions', dispatcher, {
        ...subscription,
        label: 'Laptop',
      });
      const listed = await call(handler, 'GET', '/v1/me/push-subscriptions', dispatcher);

      // Assert
      expect(created?.statusCode).toBe(201);
      expect(again?.statusCode).toBe(200);
      const id = jsonBody<{ subscriptionId: string }>(created).subscriptionId;
      expect(jsonBody<{ subscriptionId: string }>(again).subscriptionId).toBe(id);
      const items = jsonBody<{ items: Record<string, unknown>[] }>(listed).items;
      expect(items).toEqual([
        {
          subscriptionId: id,
          kind: 'web',
          to: expect.stringMatching(/^…/),
          createdAt: clock.now().toISOString(),
          label: 'Laptop',
        },
      ]);
      expect(JSON.stringify(items)).not.toContain(subscription.keys.auth);
      expect(JSON.stringify(items)).not.toContain(subscription.endpoint);

      // Act: delete
      const deleted = await call(
        handler,
        'DELETE',
        '/v1/me/push-subscriptions/{subscriptionId}',
        dispatcher,
        undefined,
        { subscriptionId: id },
      );
      const deletedAgain = await call(
        handler,
        'DELETE',
        '/v1/me/push-subscriptions/{subscriptionId}',
        dispatcher,
        undefined,
        { subscriptionId: id },
      );

      // Assert
      expect(deleted?.statusCode).toBe(204);
      expect(deletedAgain?.statusCode).toBe(404);
      expect(jsonBody(deletedAgain)).toMatchObject({ code: 'PUSH_SUBSCRIPTION_NOT_FOUND' });
    });

    it('registers a mobile token as its SNS endpoint (contract: {platform, token}), once per token', async () => {
      // Arrange
      const handler = pushHandler();
      const token = `fcm-${randomBytes(24).toString('hex')}`;

      // Act
      const created = await call(handler, 'POST', '/v1/me/push-subscriptions', driver, { platform: 'fcm', token });
      const again = await call(handler, 'POST', '/v1/me/push-subscriptions', driver, { platform: 'fcm', token });

      // Assert: stored with the endpoint it was registered as; the view shows neither token nor endpoint
      expect(created?.statusCode).toBe(201);
      expect(again?.statusCode).toBe(200);
      expect(jsonBody(created)).toMatchObject({ kind: 'fcm', subscriptionId: expect.stringMatching(/^[\w-]{22}$/) });
      expect(created?.body).not.toContain(token);
      const [stored] = await build(dynamoDbPushSubscriptions).listByUser('acme', 'acme-driver');
      expect(stored).toMatchObject({ kind: 'fcm', token, endpointArn: await sns.register('fcm', token) });
    });

    it('refuses a device token the platform does not accept with 422 INVALID_PUSH_TOKEN, storing nothing', async () => {
      // Arrange
      const handler = pushHandler();

      // Act: APNs device tokens are hexadecimal
      const refused = await call(handler, 'POST', '/v1/me/push-subscriptions', dispatcher, {
        platform: 'apns',
        token: `not-hex-${randomBytes(24).toString('base64url')}`,
      });

      // Assert
      expect(refused?.statusCode).toBe(422);
      expect(jsonBody(refused)).toMatchObject({ code: 'INVALID_PUSH_TOKEN' });
      const listed = await call(handler, 'GET', '/v1/me/push-subscriptions', dispatcher);
      expect(jsonBody<{ items: { kind: string }[] }>(listed).items.filter((s) => s.kind === 'apns')).toEqual([]);
    });

    it('keeps one user’s and one tenant’s subscriptions from every other: list empty, DELETE 404', async () => {
      // Arrange
      const handler = pushHandler();
      const created = await call(handler, 'POST', '/v1/me/push-subscriptions', admin, browserSubscription());
      const id = jsonBody<{ subscriptionId: string }>(created).subscriptionId;

      // Act: the same user id in another tenant, and another user of the same tenant
      const otherTenant = await call(handler, 'GET', '/v1/me/push-subscriptions', globexAdmin);
      const otherTenantDelete = await call(
        handler,
        'DELETE',
        '/v1/me/push-subscriptions/{subscriptionId}',
        globexAdmin,
        undefined,
        { subscriptionId: id },
      );
      const otherUserDelete = await call(
        handler,
        'DELETE',
        '/v1/me/push-subscriptions/{subscriptionId}',
        dispatcher,
        undefined,
        { subscriptionId: id },
      );
      const own = await call(handler, 'GET', '/v1/me/push-subscriptions', admin);

      // Assert
      expect(jsonBody<{ items: unknown[] }>(otherTenant).items).toEqual([]);
      expect(otherTenantDelete?.statusCode).toBe(404);
      expect(otherUserDelete?.statusCode).toBe(404);
      expect(jsonBody<{ items: { subscriptionId: string }[] }>(own).items.map((s) => s.subscriptionId)).toEqual([id]);
    });

    it.each([
      ['an http endpoint', { ...browserSubscription('http://push.example.net/x') }, 'body.endpoint'],
      [
        'a short auth secret',
        { ...browserSubscription(), keys: { ...browserSubscription().keys, auth: 'abc' } },
        'body.keys.auth',
      ],
      ['an unknown platform', { platform: 'blackberry', token: 'x'.repeat(40) }, 'body'],
    ])('answers 400 naming the field for %s', async (_what, body, path) => {
      // Act
      const result = await call(pushHandler(), 'POST', '/v1/me/push-subscriptions', driver, body);

      // Assert
      expect(result?.statusCode).toBe(400);
      expect(JSON.stringify(jsonBody(result))).toContain(path);
    });

    it('is not for partners (machines have no push): 403', async () => {
      // Act
      const result = await call(pushHandler(), 'POST', '/v1/me/push-subscriptions', partner, browserSubscription());

      // Assert
      expect(result?.statusCode).toBe(403);
    });
  });

  describe('tenant notification policy', () => {
    const policyHandler = () =>
      createNotificationPolicyHandler({ settings: build(dynamoDbNotificationSettings), ...basics() });
    const prefsHandler = () =>
      createNotificationPreferencesHandler({ settings: build(dynamoDbNotificationSettings), ...basics() });
    const policy = {
      defaults: {
        CRITICAL: ['in_app', 'push', 'sms'],
        HIGH: ['in_app', 'push'],
        MEDIUM: ['in_app'],
        LOW: ['in_app'],
        INFO: [],
      },
      required: { CRITICAL: ['sms'], HIGH: [], MEDIUM: [], LOW: [], INFO: [] },
      criticalBreaksQuietHours: false,
    };

    it('answers the default policy until the tenant sets one, with the platform floor locked', async () => {
      // Act
      const result = await call(policyHandler(), 'GET', '/v1/notification-policy', { ...admin, tenantId: 'initech' });

      // Assert
      expect(result?.statusCode).toBe(200);
      expect(jsonBody(result)).toMatchObject({
        isDefault: true,
        criticalBreaksQuietHours: true,
        required: { CRITICAL: ['in_app'] },
        locked: { CRITICAL: ['in_app'], HIGH: [] },
      });
    });

    it('saves an admin’s policy (CRITICAL in-app added to what it requires) for that tenant only', async () => {
      // Act
      const saved = await call(policyHandler(), 'PUT', '/v1/notification-policy', admin, policy);
      const read = await call(policyHandler(), 'GET', '/v1/notification-policy', admin);
      const otherTenant = await call(policyHandler(), 'GET', '/v1/notification-policy', globexAdmin);

      // Assert
      expect(saved?.statusCode).toBe(200);
      expect(jsonBody(read)).toMatchObject({
        isDefault: false,
        criticalBreaksQuietHours: false,
        required: { CRITICAL: ['in_app', 'sms'], HIGH: [] },
        defaults: { INFO: [] },
      });
      expect(jsonBody(otherTenant)).toMatchObject({ isDefault: true, criticalBreaksQuietHours: true });
    });

    it('makes users keep what it requires: a preference without CRITICAL sms is 422 CHANNEL_REQUIRED', async () => {
      // Arrange
      await call(policyHandler(), 'PUT', '/v1/notification-policy', admin, policy);

      // Act
      const result = await call(prefsHandler(), 'PUT', '/v1/me/notification-preferences', dispatcher, {
        channels: { CRITICAL: ['in_app'], HIGH: [], MEDIUM: [], LOW: [], INFO: [] },
      });
      const shown = await call(prefsHandler(), 'GET', '/v1/me/notification-preferences', dispatcher);

      // Assert
      expect(result?.statusCode).toBe(422);
      expect(jsonBody(result)).toMatchObject({ code: 'CHANNEL_REQUIRED', details: [{ path: 'channels.CRITICAL' }] });
      expect(jsonBody(shown)).toMatchObject({ isDefault: true, required: { CRITICAL: ['in_app', 'sms'] } });
    });

    it('refuses defaults that leave out a required channel (422 naming it) and bad bodies (400)', async () => {
      // Act
      const missing = await call(policyHandler(), 'PUT', '/v1/notification-policy', admin, {
        ...policy,
        defaults: { ...policy.defaults, CRITICAL: ['in_app'] },
      });
      const bad = await call(policyHandler(), 'PUT', '/v1/notification-policy', admin, { ...policy, required: {} });

      // Assert
      expect(missing?.statusCode).toBe(422);
      expect(jsonBody(missing)).toMatchObject({
        code: 'DEFAULTS_MISS_REQUIRED',
        details: [{ path: 'defaults.CRITICAL', message: expect.stringContaining('sms') }],
      });
      expect(bad?.statusCode).toBe(400);
    });

    it('is admin-only: a dispatcher is 403 on GET and PUT', async () => {
      // Act
      const get = await call(policyHandler(), 'GET', '/v1/notification-policy', dispatcher);
      const put = await call(policyHandler(), 'PUT', '/v1/notification-policy', dispatcher, policy);

      // Assert
      expect(get?.statusCode).toBe(403);
      expect(put?.statusCode).toBe(403);
    });
  });

  describe('preferences, escalation policies, inbox and deliveries', () => {
    it('preferences: a zone the runtime does not know is 400; a valid PUT is read back for that user only', async () => {
      // Arrange
      const handler = createNotificationPreferencesHandler({
        settings: build(dynamoDbNotificationSettings),
        ...basics(),
      });
      const body = {
        channels: { CRITICAL: ['in_app', 'push'], HIGH: ['in_app'], MEDIUM: [], LOW: [], INFO: [] },
        quietHours: { start: '22:00', end: '06:30', timezone: 'Europe/Berlin', allowCritical: true },
      };
      const tenant: TestCaller = { tenantId: 'hooli', userId: 'hooli-driver', roles: ['driver'] };

      // Act
      const badZone = await call(handler as never, 'PUT', '/v1/me/notification-preferences', tenant, {
        ...body,
        quietHours: { ...body.quietHours, timezone: 'Mars/Olympus' },
      });
      const saved = await call(handler as never, 'PUT', '/v1/me/notification-preferences', tenant, body);
      const mine = await call(handler as never, 'GET', '/v1/me/notification-preferences', tenant);
      const someoneElse = await call(handler as never, 'GET', '/v1/me/notification-preferences', {
        ...tenant,
        userId: 'hooli-other',
      });

      // Assert
      expect(badZone?.statusCode).toBe(400);
      expect(saved?.statusCode).toBe(200);
      expect(jsonBody(mine)).toMatchObject({ ...body, isDefault: false });
      expect(jsonBody(someoneElse)).toMatchObject({ isDefault: true });
    });

    it('escalation policies: the default ladder until set, then the tenant’s; another tenant keeps the default', async () => {
      // Arrange
      const handler = createEscalationPoliciesHandler({ settings: build(dynamoDbNotificationSettings), ...basics() });
      const ladder = {
        levels: [
          { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'push'] },
          { afterSeconds: 120, notify: { userIds: ['acme-manager'] }, channels: ['sms'] },
        ],
        repeat: 2,
      };

      // Act
      const before = await call(handler as never, 'GET', '/v1/escalation-policies/{severity}', admin, undefined, {
        severity: 'HIGH',
      });
      const put = await call(handler as never, 'PUT', '/v1/escalation-policies/{severity}', admin, ladder, {
        severity: 'HIGH',
      });
      const after = await call(handler as never, 'GET', '/v1/escalation-policies/{severity}', admin, undefined, {
        severity: 'HIGH',
      });
      const globex = await call(handler as never, 'GET', '/v1/escalation-policies/{severity}', globexAdmin, undefined, {
        severity: 'HIGH',
      });
      const badSeverity = await call(handler as never, 'GET', '/v1/escalation-policies/{severity}', admin, undefined, {
        severity: 'URGENT',
      });

      // Assert
      expect(jsonBody(before)).toMatchObject({ severity: 'HIGH', isDefault: true });
      expect(put?.statusCode).toBe(200);
      expect(jsonBody(after)).toEqual({ severity: 'HIGH', ...ladder, isDefault: false });
      expect(jsonBody(globex)).toMatchObject({ isDefault: true });
      expect(badSeverity?.statusCode).toBe(400);
    });

    it('inbox: lists the caller’s entries with the unread count; read/archive of another user’s or tenant’s entry is 404', async () => {
      // Arrange
      const inbox = build(dynamoDbInbox);
      const handler = createNotificationInboxHandler({ inbox, ...basics() });
      const entry = {
        notificationId: '01JDQ0000000000000000000A1',
        tenantId: 'acme',
        userId: 'acme-dispatcher',
        alertId: 'a-1',
        severity: 'HIGH' as const,
        title: 'HIGH OVERHEAT on TRK-101',
        body: 'Engine temperature 108 °C',
        kind: 'alert' as const,
        createdAt: clock.now().toISOString(),
      };
      await inbox.add(entry);
      await inbox.add({ ...entry, notificationId: '01JDQ0000000000000000000A2' });

      // Act
      const list = await call(handler as never, 'GET', '/v1/notifications', dispatcher);
      const read = await call(
        handler as never,
        'POST',
        '/v1/notifications/{notificationId}/read',
        dispatcher,
        undefined,
        { notificationId: entry.notificationId },
      );
      const otherUser = await call(
        handler as never,
        'POST',
        '/v1/notifications/{notificationId}/read',
        driver,
        undefined,
        { notificationId: entry.notificationId },
      );
      const otherTenant = await call(
        handler as never,
        'POST',
        '/v1/notifications/{notificationId}/archive',
        { ...dispatcher, tenantId: 'globex' },
        undefined,
        { notificationId: entry.notificationId },
      );
      const archived = await call(
        handler as never,
        'POST',
        '/v1/notifications/{notificationId}/archive',
        dispatcher,
        undefined,
        { notificationId: entry.notificationId },
      );
      const unread = await call(handler as never, 'GET', '/v1/notifications', dispatcher, undefined);

      // Assert
      expect(jsonBody(list)).toMatchObject({
        unreadCount: 2,
        items: [{ notificationId: '01JDQ0000000000000000000A2' }, {}],
      });
      expect(jsonBody(read)).toMatchObject({ readAt: clock.now().toISOString() });
      expect(otherUser?.statusCode).toBe(404);
      expect(otherTenant?.statusCode).toBe(404);
      expect(archived?.statusCode).toBe(200);
      expect(jsonBody<{ items: unknown[]; unreadCount: number }>(unread)).toMatchObject({ unreadCount: 1 });
      expect(jsonBody<{ items: unknown[] }>(unread).items).toHaveLength(1);
    });

    it('deliveries: every attempt of the tenant’s alert without provider ids; another tenant’s alert is 404', async () => {
      // Arrange
      const alerts = build(dynamoDbAlertRepository);
      const attempts = build(dynamoDbAttemptLog);
      const alert: Alert = {
        tenantId: 'acme',
        alertId: 'acme-alert-deliveries',
        vehicleId: 'TRK-101',
        type: 'OVERHEAT',
        ruleId: 'overheat',
        severity: 'HIGH',
        status: 'open',
        message: 'Engine temperature 108 °C',
        history: [],
        raisedAt: clock.now().toISOString(),
      };
      await alerts.raiseIfNotOpen(alert);
      const base = {
        tenantId: 'acme',
        alertId: alert.alertId,
        userId: 'acme-dispatcher',
        step: 'L0',
        at: clock.now().toISOString(),
      };
      await attempts.record(deliveryKey({ ...base, channel: 'sms' }), {
        ...base,
        channel: 'sms',
        to: '+1•••••••03',
        status: 'sent',
        attempt: 1,
        providerMessageId: 'sns-1',
      });
      await attempts.record(deliveryKey({ ...base, channel: 'push' }), {
        ...base,
        channel: 'push',
        status: 'suppressed',
        reason: 'no_destination',
        attempt: 0,
      });
      const handler = createAlertDeliveriesHandler({ alerts, attempts, ...basics() });

      // Act
      const own = await call(handler as never, 'GET', '/v1/alerts/{alertId}/deliveries', dispatcher, undefined, {
        alertId: alert.alertId,
      });
      const foreign = await call(
        handler as never,
        'GET',
        '/v1/alerts/{alertId}/deliveries',
        { ...dispatcher, tenantId: 'globex' },
        undefined,
        { alertId: alert.alertId },
      );

      // Assert
      const items = jsonBody<{ items: Record<string, unknown>[] }>(own).items;
      expect(items.map((i) => [i.channel, i.status, i.reason])).toEqual(
        expect.arrayContaining([
          ['sms', 'sent', undefined],
          ['push', 'suppressed', 'no_destination'],
        ]),
      );
      expect(JSON.stringify(items)).not.toContain('sns-1');
      expect(foreign?.statusCode).toBe(404);
    });
  });
});
