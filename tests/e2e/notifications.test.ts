import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoDbAlertRepository } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert, Severity } from '../../functions/modules/alerts/domain/alert.js';
import type {
  Notification,
  NotificationReceipt,
  Notifier,
} from '../../functions/modules/notifications/ports/notifier.js';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { openSocket, type SocketClient } from './support/realtime-clients.js';

/**
 * Issue #12 on the whole local stack (gateway, JWT authorizer, DynamoDB Local, bus, durable timers
 * on DynamoDB Local, outbox): preferences and quiet hours decide per channel, CRITICAL breaks
 * through, an unacknowledged CRITICAL escalates dispatcher → fleet manager after the policy's
 * afterSeconds and stops when acknowledged, a failing SMS provider is retried then dead-lettered,
 * and nothing crosses tenants. Timers and retries are seconds and milliseconds here.
 */
describe('notifications on the local stack', () => {
  let stack: LocalStack;
  /** SMS to these numbers fail at the provider (a provider outage for one carrier, say). */
  const failingNumbers = new Set<string>();
  const providerCalls: Notification[] = [];
  const DANA = '+13125550103'; // acme-dispatcher
  const MARCUS = '+13125550102'; // acme-manager
  let dana: SocketClient;

  beforeAll(async () => {
    process.env.NOTIFICATION_RETRY_DELAYS_MS = '50,100';
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: `ntf${randomBytes(3).toString('hex')}`,
      simulator: false,
      logLevel: 'SILENT',
      retryBaseDelayMs: 10,
      notifier: (outbox) =>
        ({
          async send(notification: Notification): Promise<NotificationReceipt> {
            providerCalls.push(notification);
            if (notification.channel === 'sms' && failingNumbers.has(notification.destination)) {
              throw new Error(`carrier unavailable for ${notification.destination}`);
            }
            return outbox.send(notification);
          },
        }) satisfies Notifier,
    });
    dana = await openSocket(`${stack.wsUrl}?token=${await token('acme', 'acme-dispatcher', ['dispatcher'])}`);
  }, 180_000);

  afterAll(async () => {
    dana?.close();
    delete process.env.NOTIFICATION_RETRY_DELAYS_MS;
    await stack?.stop();
  });

  function token(tenantId: string, userId: string, roles: Role[]): Promise<string> {
    return stack.issuer.issue({ tenantId, userId, roles });
  }

  async function api(method: string, path: string, bearerToken: string | Promise<string>, body?: unknown) {
    const bearer = await bearerToken;
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /**
   * Stores an open alert and puts its alert.raised on the bus, as evaluateAlerts does; then waits
   * until every delivery has settled, unless `settle` is false.
   */
  async function raise(tenantId: string, severity: Severity, vehicleId = 'TRK-101', settle = true): Promise<Alert> {
    const raisedAt = new Date().toISOString();
    const alert: Alert = {
      tenantId,
      alertId: ulid(),
      vehicleId,
      type: severity === 'CRITICAL' ? 'ENGINE_FAILURE' : 'OIL_PRESSURE_LOW',
      ruleId: `rule-${randomBytes(3).toString('hex')}`,
      severity,
      status: 'open',
      message: `${severity} test alert on ${vehicleId}`,
      raisedAt,
      history: [{ at: raisedAt, by: 'system', action: 'raised' }],
    };
    const result = await stack.repository(dynamoDbAlertRepository).raiseIfNotOpen(alert);
    expect(result.raised).toBe(true);
    await stack.bus.publish([{ source: 'fleetops.alerts', detailType: 'alert.raised', detail: alert }]);
    if (settle) await stack.idle();
    return alert;
  }

  type Attempt = {
    userId: string;
    channel: string;
    status: string;
    reason?: string;
    attempt: number;
    to?: string;
    step: string;
  };
  async function deliveries(alert: Alert): Promise<Attempt[]> {
    const { status, body } = await api(
      'GET',
      `/v1/alerts/${alert.alertId}/deliveries`,
      token(alert.tenantId, 'acme-admin', ['admin']),
    );
    expect(status).toBe(200);
    return body.items as Attempt[];
  }

  const smsTo = (number: string, alert: Alert) =>
    stack.outbox
      .list({ channel: 'sms' })
      .filter((m) => m.destination === number && m.metadata.alertId === alert.alertId);

  async function until<T>(probe: () => Promise<T | undefined>, ms = 8000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Quiet hours around now, on the UTC clock. */
  function quietNow(allowCritical = true) {
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    return {
      start: hhmm(new Date(Date.now() - 3_600_000)),
      end: hhmm(new Date(Date.now() + 3_600_000)),
      timezone: 'UTC',
      allowCritical,
    };
  }

  const danaToken = () => token('acme', 'acme-dispatcher', ['dispatcher']);

  it('a HIGH alert in quiet hours: in-app at once, SMS held with a record, nothing texted', async () => {
    const saved = await api('PUT', '/v1/me/notification-preferences', danaToken(), {
      channels: {
        CRITICAL: ['in_app', 'sms'],
        HIGH: ['in_app', 'sms'],
        MEDIUM: ['in_app'],
        LOW: ['in_app'],
        INFO: [],
      },
      quietHours: quietNow(true),
    });
    expect(saved.status).toBe(200);

    const alert = await raise('acme', 'HIGH');

    const danas = (await deliveries(alert)).filter((d) => d.userId === 'acme-dispatcher');
    expect(danas.find((d) => d.channel === 'in_app')).toMatchObject({ status: 'sent', step: 'L0' });
    expect(danas.find((d) => d.channel === 'sms')).toMatchObject({
      status: 'queued',
      reason: 'quiet_hours',
      to: '+1••••••••03',
    });
    expect(danas.find((d) => d.channel === 'email')).toMatchObject({ status: 'suppressed', reason: 'preference' });
    expect(smsTo(DANA, alert)).toEqual([]);
    // The inbox has it, the header count says so, and the socket was told.
    const frame = await dana.waitFor((f) => f.type === 'notification.created' && f.data.alertId === alert.alertId);
    const inbox = await api('GET', '/v1/notifications?unread=true', danaToken());
    expect(inbox.status).toBe(200);
    expect((inbox.body.items as { alertId: string }[]).map((n) => n.alertId)).toContain(alert.alertId);
    expect(inbox.body.unreadCount).toBeGreaterThanOrEqual(1);
    const id = frame.data.notificationId as string;
    expect((await api('POST', `/v1/notifications/${id}/read`, danaToken())).body).toMatchObject({
      readAt: expect.any(String),
    });
    const after = await api('GET', '/v1/notifications?unread=true', danaToken());
    expect((after.body.items as { notificationId: string }[]).map((n) => n.notificationId)).not.toContain(id);
    expect((await api('POST', `/v1/notifications/${id}/archive`, danaToken())).status).toBe(200);
    const all = await api('GET', '/v1/notifications', danaToken());
    expect((all.body.items as { notificationId: string }[]).map((n) => n.notificationId)).not.toContain(id);
  });

  it('a CRITICAL alert breaks through quiet hours by SMS (the user and the tenant allow it)', async () => {
    const alert = await raise('acme', 'CRITICAL');

    expect(smsTo(DANA, alert)).toHaveLength(1);
    const sms = (await deliveries(alert)).find((d) => d.userId === 'acme-dispatcher' && d.channel === 'sms');
    expect(sms).toMatchObject({ status: 'sent', attempt: 1, to: '+1••••••••03' });
  });

  it('refuses preferences that turn CRITICAL in-app off, and a bad time zone, with {code, message}', async () => {
    const off = await api('PUT', '/v1/me/notification-preferences', danaToken(), {
      channels: { CRITICAL: ['sms'], HIGH: [], MEDIUM: [], LOW: [], INFO: [] },
    });
    expect(off.status).toBe(422);
    expect(off.body).toMatchObject({
      code: 'CHANNEL_REQUIRED',
      message: expect.stringContaining('in_app for CRITICAL'),
    });
    const zone = await api('PUT', '/v1/me/notification-preferences', danaToken(), {
      channels: { CRITICAL: ['in_app'], HIGH: [], MEDIUM: [], LOW: [], INFO: [] },
      quietHours: { start: '22:00', end: '06:00', timezone: 'Mars/Olympus' },
    });
    expect(zone.status).toBe(400);
    expect(zone.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('an unacknowledged CRITICAL escalates dispatcher → fleet manager after afterSeconds; acknowledging stops it', async () => {
    const admin = await token('acme', 'acme-admin', ['admin']);
    const policy = await api('PUT', '/v1/escalation-policies/CRITICAL', admin, {
      levels: [
        { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'sms'] },
        { afterSeconds: 2, notify: { roles: ['fleet_manager'] }, channels: ['in_app', 'sms'] },
      ],
      repeat: 0,
    });
    expect(policy.status).toBe(200);
    expect((await api('GET', '/v1/escalation-policies/CRITICAL', admin)).body).toMatchObject({
      isDefault: false,
      repeat: 0,
    });
    expect((await api('GET', '/v1/escalation-policies/CRITICAL', danaToken())).status).toBe(403);

    // Left alone: the manager is texted once the 2 s pass, and the alert's history says so.
    const ignored = await raise('acme', 'CRITICAL', 'TRK-102');
    expect(smsTo(DANA, ignored)).toHaveLength(1);
    expect(smsTo(MARCUS, ignored)).toEqual([]);
    const escalatedAt = await until(async () => (smsTo(MARCUS, ignored).length > 0 ? Date.now() : undefined));
    expect(escalatedAt - Date.parse(ignored.raisedAt)).toBeGreaterThanOrEqual(2000);
    expect(smsTo(MARCUS, ignored)[0]?.message).toContain('Escalated: level 2');
    const history = await until(async () => {
      const { body } = await api('GET', `/v1/alerts/${ignored.alertId}`, admin);
      const entries = body.history as { action: string; note?: string }[];
      return entries.some((h) => h.action === 'escalated') ? entries : undefined;
    });
    expect(history.find((h) => h.action === 'escalated')?.note).toContain('acme-manager');
    expect((await deliveries(ignored)).find((d) => d.userId === 'acme-manager' && d.channel === 'sms')).toMatchObject({
      status: 'sent',
      step: 'L1',
    });

    // Acknowledged within the 2 s: nobody above the dispatcher hears of it. The dispatcher acts
    // while the alert's notifications are still going out (waiting for them first took more than
    // the 2 s on a loaded machine, and the escalation was then right).
    const handled = await raise('acme', 'CRITICAL', 'TRK-103', false);
    const ack = await api('POST', `/v1/alerts/${handled.alertId}/acknowledge`, danaToken());
    expect(ack.status).toBe(200);
    await stack.idle();
    await new Promise((resolve) => setTimeout(resolve, 2800));
    await stack.idle();
    expect(smsTo(MARCUS, handled)).toEqual([]);
    expect((await deliveries(handled)).filter((d) => d.userId === 'acme-manager')).toEqual([]);
    const { body } = await api('GET', `/v1/alerts/${handled.alertId}`, admin);
    expect((body.history as { action: string }[]).map((h) => h.action)).not.toContain('escalated');
  }, 30_000);

  it('a failing SMS provider is retried with back-off, then dead-lettered with its record', async () => {
    failingNumbers.add(DANA);
    try {
      const alert = await raise('acme', 'CRITICAL', 'TRK-104');

      const sms = (await deliveries(alert)).filter((d) => d.userId === 'acme-dispatcher' && d.channel === 'sms');
      expect(sms.map((d) => [d.status, d.reason, d.attempt])).toEqual([
        ['failed', 'provider_error', 1],
        ['failed', 'provider_error', 2],
        ['failed', 'dead_lettered', 3],
      ]);
      expect(providerCalls.filter((c) => c.destination === DANA && c.metadata?.alertId === alert.alertId)).toHaveLength(
        3,
      );
      expect(smsTo(DANA, alert)).toEqual([]);
      // The record keeps no full number, not even inside the provider's error text.
      expect(JSON.stringify(sms)).not.toContain(DANA);
      // In-app still reached Dana.
      expect(
        (await deliveries(alert)).find((d) => d.userId === 'acme-dispatcher' && d.channel === 'in_app'),
      ).toMatchObject({
        status: 'sent',
      });
    } finally {
      failingNumbers.clear();
    }
  });

  it('keeps every tenant to itself: deliveries, inbox entries and texts', async () => {
    const alert = await raise('acme', 'CRITICAL', 'TRK-105');
    const hank = await token('globex', 'globex-admin', ['admin']);

    expect((await api('GET', `/v1/alerts/${alert.alertId}/deliveries`, hank)).status).toBe(404);
    const mine = await api('GET', '/v1/notifications', danaToken());
    const someId = (mine.body.items as { notificationId: string }[])[0]?.notificationId as string;
    expect(someId).toBeDefined();
    const foreign = await api(
      'POST',
      `/v1/notifications/${someId}/read`,
      token('globex', 'acme-dispatcher', ['dispatcher']),
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    expect((await api('GET', '/v1/notifications', hank)).body.items).toEqual([]);
    expect(stack.outbox.list({ tenantId: 'globex' })).toEqual([]);
    const people = (await deliveries(alert)).map((d) => d.userId);
    expect(people.every((userId) => userId.startsWith('acme-') || userId === 'on-call')).toBe(true); // on-call: the tenant's own number
  });
});
