import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import type { Clock } from '../../../platform/clock.js';
import { count } from '../../../platform/observability/observability.js';
import type { TimerScheduler } from '../../../platform/timers/timer-scheduler.js';
import type { Alert } from '../../alerts/domain/alert.js';
import type { User } from '../../fleet/domain/fleet.js';
import type { ConnectionGateway } from '../../realtime/ports/connection-gateway.js';
import type { ConnectionRepository } from '../../realtime/ports/connection-repository.js';
import type { Channel } from '../domain/channels.js';
import { deliveryKey, inboxNotificationId } from '../domain/dedup.js';
import { type ChannelDecision, planDelivery } from '../domain/delivery-plan.js';
import { maskDestination } from '../domain/mask.js';
import type { NotificationPreferences, TenantNotificationPolicy } from '../domain/preferences.js';
import { type PushSubscription, pushDestination } from '../domain/push-subscription.js';
import type { AttemptLog, DeliveryAttempt } from '../ports/attempt-log.js';
import type { HeldMessages } from '../ports/held-messages.js';
import type { Inbox, InboxNotification } from '../ports/inbox.js';
import type { NotificationSettings } from '../ports/notification-settings.js';
import { DestinationGone, type Notifier } from '../ports/notifier.js';
import { alertEmail } from '../templates/email-templates.js';
import { type PushPorts, pushSends, unregisteredTargetAttempt } from './push-delivery.js';

/** The frame a user's sockets receive for each new inbox entry. */
export const NOTIFICATION_CREATED_FRAME = 'notification.created';

/** Retry delays after a provider error: three retries, then the dead letter. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 8000];

/** The ports telling people about an alert needs. */
export interface NotifyPorts extends PushPorts {
  readonly settings: Pick<NotificationSettings, 'deliverySettingsOf'>;
  readonly inbox: Pick<Inbox, 'add'>;
  readonly attempts: Pick<AttemptLog, 'claim' | 'settle' | 'record' | 'deadLetter'>;
  readonly held: Pick<HeldMessages, 'hold'>;
  readonly connections: Pick<ConnectionRepository, 'listByUsers'>;
  readonly gateway: Pick<ConnectionGateway, 'post'>;
  readonly notifier: Notifier;
  readonly timers: TimerScheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default DEFAULT_RETRY_DELAYS_MS */
  readonly retryDelaysMs?: readonly number[];
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Which step of the ladder tells these people, and on which channels. */
export interface NotifyStep {
  /** `L0`, `L1`, `L0R1`. */
  readonly tag: string;
  /** The level's channels (narrowing the user's own); undefined: the user's channels. */
  readonly channels?: readonly Channel[];
  /** `Escalated: level 2` in texts of an escalation step. */
  readonly escalation?: string;
}

/** A step of the escalation ladder, which tells people about an alert. */
export interface LadderNotifyStep extends NotifyStep {
  /**
   * When the step fell due: the alert's `raisedAt` for the first notice, the timer's due time for an
   * escalation. The same on a redelivery, so it dates the step's inbox entries ({@link inboxNotificationId}).
   */
  readonly dueAt: string;
}

/** The id of the timer that releases a user's held messages at `until`. */
export function releaseTimerId(tenantId: string, userId: string, until: string): string {
  return `release#${tenantId}#${userId}#${until}`;
}

/** The text of one alert on SMS and push (short: one SMS segment in most cases). */
export function alertText(alert: Alert, step: NotifyStep): string {
  const prefix = step.escalation ? `[${step.escalation}] ` : '';
  return `${prefix}fleetops ${alert.severity} ${alert.type} ${alert.vehicleId}: ${alert.message}`;
}

function destinationOf(user: User, channel: Channel): string | undefined {
  switch (channel) {
    case 'in_app':
      return user.userId;
    case 'sms':
      return user.phone;
    case 'email':
      return user.email;
    case 'push':
      // A user may have several push targets (browsers, phones): pushToPerson looks them up.
      return undefined;
  }
}

/**
 * Tells each person about the alert on each channel (C5): their preferences (or the tenant's
 * defaults) and quiet hours decide per channel, and every decision leaves a delivery attempt —
 * sent, failed, suppressed with its reason, or queued for the summary at the end of quiet hours or
 * of the digest window (a release timer is set for it). Each (alert, person, channel, step) is
 * claimed first, so a person holding several roles and a redelivered event get one copy; an
 * in-app one is stored under an id of its own key and claimed after (docs/adr/0120). A provider error is retried with back-off; after the last retry the message is dead-lettered with
 * its record and counted (`notificationsDeadLettered`). Never throws for a delivery failure.
 */
export async function notifyPeople(
  ports: NotifyPorts,
  alert: Alert,
  people: readonly User[],
  step: LadderNotifyStep,
): Promise<void> {
  if (people.length === 0) return;
  // The tenant's policy and the people's preferences are one BatchGetItem, read beside the sockets.
  const [{ policy, preferences }, connections] = await Promise.all([
    ports.settings.deliverySettingsOf(
      alert.tenantId,
      people.map((p) => p.userId),
    ),
    ports.connections.listByUsers(
      alert.tenantId,
      people.map((p) => p.userId),
    ),
  ]);
  await Promise.all(
    people
      .filter((person) => person.tenantId === alert.tenantId)
      .map((person) =>
        notifyPerson(ports, alert, person, step, {
          policy,
          preferences: preferences.get(person.userId),
          connectionIds: connections
            .filter((c) => c.tenantId === alert.tenantId && c.userId === person.userId)
            .map((c) => c.connectionId),
        }),
      ),
  );
}

async function notifyPerson(
  ports: NotifyPorts,
  alert: Alert,
  person: User,
  step: LadderNotifyStep,
  context: {
    readonly policy: TenantNotificationPolicy;
    readonly preferences: NotificationPreferences | undefined;
    readonly connectionIds: readonly string[];
  },
): Promise<void> {
  const now = ports.clock.now();
  const decisions = planDelivery({
    severity: alert.severity,
    preferences: context.preferences,
    policy: context.policy,
    now,
    ...(step.channels ? { channels: step.channels } : {}),
  });
  // Channels are independent (one claim each): a slow SMS provider does not hold up the inbox.
  await Promise.all(
    decisions.map(async (decision) => {
      const key = deliveryKey({
        tenantId: alert.tenantId,
        alertId: alert.alertId,
        userId: person.userId,
        channel: decision.channel,
        step: step.tag,
      });
      // Push targets are read before the claim, and only for a push the preferences let through: a
      // person without any is then claimed and settled `no_destination` in one write.
      const pushTargets =
        decision.channel === 'push' && decision.action !== 'suppress'
          ? await ports.push.listByUser(alert.tenantId, person.userId)
          : [];
      const suppressed = suppression(alert, person, step, decision, ports.clock.now().toISOString(), pushTargets);
      const skip = () =>
        ports.logger.debug('Delivery claimed already; skipping', { userId: person.userId, channel: decision.channel });
      if (suppressed) {
        // Decided without sending: claimed and settled in one write (docs/adr/0084).
        if (await ports.attempts.settle(key, suppressed)) count(ports.metrics, 'notificationsSuppressed', 1);
        else skip();
        return;
      }
      if (decision.channel === 'in_app' && decision.action === 'send') {
        // The inbox entry is idempotent (its id is the key's): stored first, then claimed and settled
        // `sent` in one write; a crash between leaves the claim free and the retry stores nothing new.
        await deliverInApp(ports, alert, person, step, context.connectionIds, undefined, {
          notificationId: inboxNotificationId(key, step.dueAt),
        });
        const base = attemptBase(alert, person, step, decision.channel, person.userId);
        const at = ports.clock.now().toISOString();
        if (await ports.attempts.settle(key, { ...base, status: 'sent', attempt: 1, at })) {
          count(ports.metrics, 'notificationsSent', 1);
        } else skip();
        return;
      }
      if (!(await ports.attempts.claim(alert.tenantId, key))) return skip();
      await decide(ports, alert, person, step, decision, key, pushTargets);
    }),
  );
}

/** What a delivery decided without sending is recorded as: a preference or quiet hours, or no destination. */
function suppression(
  alert: Alert,
  person: User,
  step: NotifyStep,
  decision: ChannelDecision,
  at: string,
  pushTargets: readonly PushSubscription[],
): DeliveryAttempt | undefined {
  const destination = destinationOf(person, decision.channel);
  // A push destination is the person's list of push targets.
  const reachable = decision.channel === 'push' ? pushTargets.length > 0 : destination !== undefined;
  const reason = decision.action === 'suppress' ? decision.reason : reachable ? undefined : 'no_destination';
  if (!reason) return undefined;
  return {
    ...attemptBase(alert, person, step, decision.channel, destination),
    status: 'suppressed',
    reason,
    attempt: 0,
    at,
  };
}

/** Who, what and where of an attempt; the destination masked. */
function attemptBase(alert: Alert, person: User, step: NotifyStep, channel: Channel, destination: string | undefined) {
  return {
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    userId: person.userId,
    channel,
    step: step.tag,
    ...(destination && channel !== 'in_app' ? { to: maskDestination(destination) } : {}),
  };
}

/** Holds (quiet hours, digest), or sends with retries (SMS, email, push) a claimed delivery that has a destination. */
async function decide(
  ports: NotifyPorts,
  alert: Alert,
  person: User,
  step: NotifyStep,
  decision: ChannelDecision,
  key: string,
  pushTargets: readonly PushSubscription[],
): Promise<void> {
  const at = () => ports.clock.now().toISOString();
  const destination = destinationOf(person, decision.channel);
  const base = attemptBase(alert, person, step, decision.channel, destination);
  if (decision.action === 'hold') {
    const until = decision.until.toISOString();
    await ports.held.hold({
      tenantId: alert.tenantId,
      userId: person.userId,
      channel: decision.channel,
      alertId: alert.alertId,
      severity: alert.severity,
      text: alertText(alert, step),
      reason: decision.reason,
      until,
    });
    await ports.timers.schedule({
      id: releaseTimerId(alert.tenantId, person.userId, until),
      at: decision.until,
      payload: { kind: 'release', tenantId: alert.tenantId, userId: person.userId, until },
    });
    await ports.attempts.record(key, {
      ...base,
      status: 'queued',
      reason: decision.reason,
      attempt: 0,
      at: at(),
      until,
    });
    count(ports.metrics, 'notificationsQueued', 1);
    return;
  }
  // An in-app delivery is sent by notifyPerson before its claim; only a held one gets here.
  if (decision.channel === 'in_app') return;
  if (decision.channel === 'push') {
    await pushToPerson(ports, key, base, person, pushTargets, {
      title: `${step.escalation ? `${step.escalation}: ` : ''}${alert.severity} ${alert.type} on ${alert.vehicleId}`,
      text: alert.message,
      severity: alert.severity,
      alertId: alert.alertId,
      step: step.tag,
    });
    return;
  }
  const email =
    decision.channel === 'email'
      ? alertEmail({ ...alert, ...(step.escalation ? { escalation: step.escalation } : {}) })
      : undefined;
  await sendWithRetries(ports, key, base, {
    tenantId: alert.tenantId,
    channel: decision.channel,
    destination: destination as string, // suppression() settled a missing one
    message: email ? email.text : alertText(alert, step),
    ...(email ? { subject: email.subject } : {}),
    metadata: { alertId: alert.alertId, step: step.tag, ...(email ? { html: email.html } : {}) },
  });
}

/**
 * Stores the inbox entry and pushes `notification.created` to the user's live sockets (best effort);
 * an entry stored already (`options.notificationId` repeated) is not pushed again.
 */
export async function deliverInApp(
  ports: Pick<NotifyPorts, 'inbox' | 'gateway' | 'clock' | 'logger'>,
  alert: Pick<Alert, 'tenantId' | 'alertId' | 'severity' | 'type' | 'vehicleId' | 'message'> | undefined,
  person: Pick<User, 'tenantId' | 'userId'>,
  step: NotifyStep,
  connectionIds: readonly string[],
  summary?: { readonly severity: Alert['severity']; readonly title: string; readonly body: string },
  options: { readonly notificationId?: string } = {},
): Promise<InboxNotification> {
  const notification: InboxNotification = {
    notificationId: options.notificationId ?? ulid(ports.clock.now().getTime()),
    tenantId: person.tenantId,
    userId: person.userId,
    ...(alert ? { alertId: alert.alertId } : {}),
    severity: summary?.severity ?? alert?.severity ?? 'INFO',
    title:
      summary?.title ??
      `${step.escalation ? `${step.escalation}: ` : ''}${alert?.severity} ${alert?.type} on ${alert?.vehicleId}`,
    body: summary?.body ?? alert?.message ?? '',
    kind: summary ? 'summary' : 'alert',
    createdAt: ports.clock.now().toISOString(),
  };
  if (!(await ports.inbox.add(notification))) return notification;
  await Promise.all(
    connectionIds.map((connectionId) =>
      ports.gateway
        .post(connectionId, { type: NOTIFICATION_CREATED_FRAME, data: notification })
        .catch((error: unknown) =>
          // The inbox has it; a closed socket reads it on the next GET /v1/notifications.
          ports.logger.info('notification.created frame not delivered', { connectionId, error: String(error) }),
        ),
    ),
  );
  return notification;
}

/**
 * Pushes one message to each of a person's push targets, browsers (Web Push) and devices (SNS
 * platform endpoints): one record per attempt, each naming its masked endpoint or token; a target
 * the provider says is gone (Web Push 404/410, SNS EndpointDisabled) is removed. A token without
 * an endpoint is recorded `suppressed` / `unregistered_target`. True if any push was sent.
 */
export async function pushToPerson(
  ports: Pick<
    NotifyPorts,
    'attempts' | 'notifier' | 'clock' | 'logger' | 'metrics' | 'retryDelaysMs' | 'sleep' | 'push' | 'vapid' | 'cipher'
  >,
  key: string,
  base: Omit<DeliveryAttempt, 'status' | 'attempt' | 'at'>,
  person: Pick<User, 'tenantId' | 'userId'>,
  subscriptions: readonly PushSubscription[],
  message: Parameters<typeof pushSends>[2],
): Promise<boolean> {
  const { sends, unregistered } = await pushSends(ports, person, message, subscriptions);
  for (const subscription of unregistered) {
    await ports.attempts.record(key, unregisteredTargetAttempt(base, subscription, ports.clock.now().toISOString()));
  }
  let sent = false;
  // One after another: the claim ends in the last one's state, and a push service is not hammered.
  for (const { subscription, notification } of sends) {
    const ok = await sendWithRetries(
      ports,
      key,
      { ...base, to: maskDestination(pushDestination(subscription)) },
      notification,
      async () => {
        await ports.push.remove(person.tenantId, person.userId, subscription.subscriptionId);
        count(ports.metrics, 'pushSubscriptionsRemoved', 1);
      },
    );
    sent ||= ok;
  }
  return sent;
}

/**
 * Sends with back-off; every attempt is recorded; after the last one, the dead letter. A
 * destination that is gone for good ({@link DestinationGone}) is recorded `subscription_gone`,
 * not retried, and `onGone` forgets it.
 */
export async function sendWithRetries(
  ports: Pick<NotifyPorts, 'notifier' | 'clock' | 'logger' | 'metrics' | 'retryDelaysMs' | 'sleep'> & {
    readonly attempts: Pick<AttemptLog, 'record' | 'deadLetter'>;
  },
  key: string,
  base: Omit<DeliveryAttempt, 'status' | 'attempt' | 'at'>,
  notification: Parameters<Notifier['send']>[0],
  onGone?: () => Promise<void>,
): Promise<boolean> {
  const delays = ports.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      const receipt = await ports.notifier.send(notification);
      await ports.attempts.record(key, {
        ...base,
        status: 'sent',
        attempt,
        at: ports.clock.now().toISOString(),
        ...(receipt.messageId ? { providerMessageId: receipt.messageId } : {}),
      });
      count(ports.metrics, 'notificationsSent', 1);
      return true;
    } catch (error) {
      const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
      if (error instanceof DestinationGone) {
        await ports.attempts.record(key, {
          ...base,
          status: 'failed',
          reason: 'subscription_gone',
          attempt,
          at: ports.clock.now().toISOString(),
          error: message,
        });
        ports.logger.info('Push subscription gone; removing it', { channel: base.channel, to: base.to });
        await onGone?.();
        return false;
      }
      const last = attempt > delays.length;
      const record: DeliveryAttempt = {
        ...base,
        status: 'failed',
        reason: last ? 'dead_lettered' : 'provider_error',
        attempt,
        at: ports.clock.now().toISOString(),
        error: message.split(notification.destination).join(maskDestination(notification.destination)),
      };
      await ports.attempts.record(key, record);
      ports.logger.warn('Notification send failed', {
        channel: base.channel,
        to: base.to,
        attempt,
        willRetry: !last,
        error: record.error,
      });
      if (last) {
        await ports.attempts.deadLetter({
          tenantId: base.tenantId,
          attempt: record,
          message: notification.message,
          deadLetteredAt: record.at,
        });
        count(ports.metrics, 'notificationsDeadLettered', 1);
        return false;
      }
      count(ports.metrics, 'notificationRetries', 1);
      await sleep(delays[attempt - 1] as number);
    }
  }
}
