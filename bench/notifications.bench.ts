/**
 * Notification benchmarks (issue #12) on the local stack:
 * 1. alert → first notification: from `alert.raised` on the bus to the provider receiving the
 *    dispatcher's SMS and mobile push (level 0 of the CRITICAL ladder; the dispatcher has an FCM
 *    token registered as its endpoint, ADR 0117), for BENCH_NOTIFICATION_ALERTS alerts;
 * 2. escalation timer accuracy: the local scheduler's lateness (the timer's event on the bus
 *    against its scheduled `dueAt`), and how late the fleet manager's SMS arrives after the
 *    scheduled time and after `raisedAt + afterSeconds` (durable timer on DynamoDB Local → bus →
 *    timer function → provider), for BENCH_ESCALATIONS alerts left unacknowledged at once.
 */
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { dynamoDbAlertRepository } from '../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert } from '../functions/modules/alerts/domain/alert.js';
import { dynamoDbNotificationSettings } from '../functions/modules/notifications/adapters/dynamodb-notification-settings.js';
import { dynamoDbPushSubscriptions } from '../functions/modules/notifications/adapters/dynamodb-push-subscriptions.js';
import { subscriptionIdFor } from '../functions/modules/notifications/domain/push-subscription.js';
import { NOTIFICATION_TIMERS } from '../functions/modules/notifications/events.js';
import type { Notification, Notifier } from '../functions/modules/notifications/ports/notifier.js';
import type { TimerFired } from '../functions/platform/timers/timer-scheduler.js';
import { type LocalStack, startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const ALERTS = Number(process.env.BENCH_NOTIFICATION_ALERTS ?? 200);
const ESCALATIONS = Number(process.env.BENCH_ESCALATIONS ?? 30);
const CONCURRENCY = 4;
const AFTER_SECONDS = 2;
const DISPATCHER = '+13125550103';
const MANAGER = '+13125550102';

/** When the provider got each (alert, destination) first. */
const firstSends = new Map<string, number>();
/** Per alert, the level-1 escalation timer: when it was due and when the local scheduler put it on the bus. */
const escalationTimers = new Map<string, { dueAt: number; firedAt: number }>();

async function raise(stack: LocalStack, vehicleId: string): Promise<Alert> {
  const raisedAt = new Date().toISOString();
  const alert: Alert = {
    tenantId: 'acme',
    alertId: ulid(),
    vehicleId,
    type: 'ENGINE_FAILURE',
    ruleId: `bench-${randomBytes(4).toString('hex')}`,
    severity: 'CRITICAL',
    status: 'open',
    message: `bench alert on ${vehicleId}`,
    raisedAt,
    history: [{ at: raisedAt, by: 'system', action: 'raised' }],
  };
  await stack.repository(dynamoDbAlertRepository).raiseIfNotOpen(alert);
  await stack.bus.publish([{ source: 'fleetops.alerts', detailType: 'alert.raised', detail: alert }]);
  return alert;
}

async function waitFor(keys: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (keys.some((k) => !firstSends.has(k))) {
    if (Date.now() > deadline)
      throw new Error(`notifications bench: ${keys.filter((k) => !firstSends.has(k)).length} never arrived`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export default async function notificationsBench(): Promise<BenchSection> {
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    simulator: false,
    logLevel: 'SILENT',
    tablePrefix: `bench${randomBytes(3).toString('hex')}`,
    notifier: (outbox) =>
      ({
        async send(notification: Notification) {
          const key = `${notification.metadata?.alertId}|${notification.destination}`;
          if (!firstSends.has(key)) firstSends.set(key, Date.now());
          return outbox.send(notification);
        },
      }) satisfies Notifier,
  });
  try {
    await stack.repository(dynamoDbNotificationSettings).putEscalationPolicy('acme', 'CRITICAL', {
      levels: [
        { afterSeconds: 0, notify: { roles: ['dispatcher'] }, channels: ['in_app', 'push', 'sms'] },
        { afterSeconds: AFTER_SECONDS, notify: { roles: ['fleet_manager'] }, channels: ['in_app', 'sms'] },
      ],
      repeat: 0,
    });
    // The dispatcher's phone: an FCM token registered as its (local) SNS endpoint, as on subscribe.
    const token = { kind: 'fcm' as const, token: `bench-${randomBytes(24).toString('hex')}` };
    const endpoint = await stack.outbox.register('fcm', token.token);
    await stack.repository(dynamoDbPushSubscriptions).save({
      ...token,
      endpointArn: endpoint,
      tenantId: 'acme',
      userId: 'acme-dispatcher',
      subscriptionId: subscriptionIdFor(token),
      createdAt: new Date().toISOString(),
    });
    // A probe on the bus: the local timer host publishes each fired timer there.
    const publish = stack.bus.publish.bind(stack.bus);
    stack.bus.publish = async (events) => {
      const firedAt = Date.now();
      for (const event of events) {
        if (event.source !== NOTIFICATION_TIMERS.source || event.detailType !== NOTIFICATION_TIMERS.detailType)
          continue;
        const fired = event.detail as TimerFired;
        const payload = fired.payload as { kind?: string; alertId?: string; level?: number };
        if (
          payload.kind === 'escalation' &&
          payload.level === 1 &&
          payload.alertId &&
          !escalationTimers.has(payload.alertId)
        ) {
          escalationTimers.set(payload.alertId, { dueAt: Date.parse(fired.dueAt), firedAt });
        }
      }
      return publish(events);
    };

    const ms = (v: number) => v.toFixed(1);
    // 1. alert → first notification, a few alerts in flight at a time.
    const latencies: number[] = [];
    const pushLatencies: number[] = [];
    const firstLatencies: number[] = [];
    for (let i = 0; i < ALERTS; i += CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, ALERTS - i) }, async (_, j) => {
          const started = Date.now();
          const alert = await raise(stack, `TRK-${1000 + i + j}`);
          const sms = `${alert.alertId}|${DISPATCHER}`;
          const push = `${alert.alertId}|${endpoint}`;
          await waitFor([sms, push], 30_000);
          const [smsAt, pushAt] = [firstSends.get(sms) as number, firstSends.get(push) as number];
          latencies.push(smsAt - started);
          pushLatencies.push(pushAt - started);
          firstLatencies.push(Math.min(smsAt, pushAt) - started);
        }),
      );
    }
    // Their escalations would fire during part 2: let them, then measure a fresh batch alone.
    await new Promise((resolve) => setTimeout(resolve, (AFTER_SECONDS + 2) * 1000));
    await stack.idle();

    // 2. escalation timer accuracy: a batch raised together, none acknowledged.
    const batch = await Promise.all(Array.from({ length: ESCALATIONS }, (_, i) => raise(stack, `TRK-${5000 + i}`)));
    const keys = batch.map((a) => `${a.alertId}|${MANAGER}`);
    await waitFor(keys, (AFTER_SECONDS + 30) * 1000);
    const lateness = batch.map(
      (a, i) => (firstSends.get(keys[i] as string) as number) - (Date.parse(a.raisedAt) + AFTER_SECONDS * 1000),
    );
    const timers = batch.map((a) => escalationTimers.get(a.alertId));
    if (timers.some((t) => t === undefined)) throw new Error('notifications bench: an escalation timer was not seen');
    const schedulerLateness = timers.map((t) => (t?.firedAt ?? 0) - (t?.dueAt ?? 0));
    const smsAfterDue = batch.map(
      (a, i) => (firstSends.get(keys[i] as string) as number) - (escalationTimers.get(a.alertId)?.dueAt ?? 0),
    );
    const row = (what: string, values: readonly number[]) => [
      what,
      values.length,
      ms(quantile(values, 0.5)),
      ms(quantile(values, 0.95)),
      ms(quantile(values, 0.99)),
      ms(Math.max(...values)),
    ];

    const table = markdownTable(
      ['measure', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        row('alert.raised → first notification (dispatcher, SMS or mobile push at the provider)', firstLatencies),
        row('alert.raised → dispatcher SMS at the provider', latencies),
        row('alert.raised → dispatcher mobile push at the provider (SNS endpoint)', pushLatencies),
        row('local scheduler: escalation timer on the bus − its scheduled time', schedulerLateness),
        row('escalation: manager SMS at the provider − the timer’s scheduled time', smsAfterDue),
        row(`escalation lateness after raisedAt + ${AFTER_SECONDS} s (manager SMS)`, lateness),
      ],
    );
    return {
      title: 'Notifications: alert → first notification, escalation timer accuracy',
      method: `Local stack in memory (own DynamoDB Local), simulator off. ${ALERTS} CRITICAL alerts stored and put on the bus as evaluateAlerts does, ${CONCURRENCY} in flight; latency from the publish to the provider port receiving the dispatcher's SMS and mobile push (the dispatcher has one FCM token registered as its SNS endpoint; preferences, claims, inbox entry and records included; the two channels are sent one after the other). Then ${ESCALATIONS} alerts raised together and left unacknowledged under a ladder dispatcher → fleet manager after ${AFTER_SECONDS} s: the local scheduler's lateness (the level-1 timer's event on the bus, seen by a probe on the bus, against the dueAt it was scheduled for), the manager's SMS after that scheduled time, and after raisedAt + ${AFTER_SECONDS} s (durable timer on DynamoDB Local, bus, timer function). In AWS, EventBridge Scheduler adds up to 60 s (ADR 0110).`,
      table,
    };
  } finally {
    await stack.stop();
  }
}
