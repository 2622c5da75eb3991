import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { signStandardWebhook } from '../../integrations/domain/schemes/standard-webhooks.js';
import { failingTooLong, honoursRetryAfter, type TransportResult, verdictOf } from '../domain/attempt-outcome.js';
import type { DeliveryAttempt } from '../domain/delivery-attempt.js';
import { type DisabledReason, type Endpoint, recordsSuccess } from '../domain/endpoint.js';
import type { Message } from '../domain/message.js';
import { nextRetryDelay, parseRetryAfter } from '../domain/retry-schedule.js';
import { type AttemptDuePayload, type EndpointDisabledEvent, WEBHOOK_EVENTS } from '../events.js';
import { armTimer, type DeliveryPorts, LEASE_MS, timerIdOf } from './delivery-ports.js';
import { signingSecrets } from './endpoints.js';

/** What one attempt-due event came to. */
export type AttemptOutcome =
  | 'succeeded'
  | 'retrying'
  | 'failed'
  | 'disabled'
  | 'throttled'
  | 'not_due'
  | 'stale'
  | 'dropped';

/** A timer that fires this much before the message's due time is early (clock skew): it is re-armed. */
const EARLY_TOLERANCE_MS = 250;

/**
 * One attempt of one message (docs/adr/0066): re-read the message (a stale or early event does
 * nothing but keep the timer), take a slot of the endpoint's throttle (none: wait for the next
 * second), move the timer to the lease, claim the attempt conditionally, send it signed with every
 * active secret, log it, and decide: done, retry on the schedule (Retry-After a floor on 429/503),
 * or give up; 410 and 5 days of failures disable the endpoint and announce `endpoint.disabled`.
 */
export async function deliverMessage(ports: DeliveryPorts, due: AttemptDuePayload): Promise<AttemptOutcome> {
  const message = await ports.messages.get(due.tenantId, due.endpointId, due.messageId);
  if (message?.status !== 'pending') return 'stale';
  const now = ports.clock.now();
  const notBefore = Math.max(
    message.nextAttemptAt ? Date.parse(message.nextAttemptAt) : 0,
    message.leaseUntil ? Date.parse(message.leaseUntil) : 0,
  );
  if (notBefore > now.getTime() + EARLY_TOLERANCE_MS) {
    await armTimer(ports, message, new Date(notBefore)); // idempotent: the timer that is due then
    return 'not_due';
  }
  const endpoint = await ports.endpoints.get(due.tenantId, due.endpointId);
  if (!endpoint || endpoint.disabledAt !== undefined) {
    await giveUp(ports, message, now, endpoint ? 'endpoint_disabled' : 'endpoint_deleted');
    if (endpoint) await announceDisabled(ports, endpoint);
    return 'dropped';
  }
  if (!(await ports.throttle.acquire(due.tenantId, due.endpointId, endpoint.rateLimitPerSecond, now))) {
    // The endpoint's second is full: wait for a later one, spread so the backlog does not stampede.
    const next = new Date(now.getTime() + 1000 + Math.floor((ports.random ?? Math.random)() * 1000));
    await ports.messages.postpone(message, next.toISOString());
    await armTimer(ports, message, next);
    return 'throttled';
  }
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  await armTimer(ports, message, leaseUntil); // before the claim: a crash mid-attempt is retried
  const claimed = await ports.messages.claim(message, {
    expectedAttempts: message.attempts,
    now: now.toISOString(),
    leaseUntil: leaseUntil.toISOString(),
  });
  if (!claimed) return 'stale'; // another container took this attempt

  const base: Omit<DeliveryAttempt, 'status'> = {
    tenantId: claimed.tenantId,
    endpointId: claimed.endpointId,
    messageId: claimed.messageId,
    eventType: claimed.eventType,
    attempt: claimed.attempts,
    at: now.toISOString(),
  };
  await ports.messages.putAttempt({ ...base, status: 'pending' });
  const secrets = await signingSecrets(ports, endpoint, now);
  const body = Buffer.from(claimed.body, 'utf8');
  const result = await ports.transport.send({
    url: endpoint.url,
    headers: signStandardWebhook(secrets, claimed.messageId, epochSeconds(now), body),
    body: claimed.body,
  });
  ports.metrics.addMetric('webhookAttemptMs', 'Milliseconds', result.durationMs);
  return settle(ports, claimed, endpoint, base, result);
}

/** Records the attempt and moves the message on (`endpoint` as read before the attempt). */
async function settle(
  ports: DeliveryPorts,
  message: Message,
  endpoint: Endpoint,
  base: Omit<DeliveryAttempt, 'status'>,
  result: TransportResult,
): Promise<AttemptOutcome> {
  const at = ports.clock.now();
  const responseStatus = result.kind === 'response' ? result.status : undefined;
  const logged: Omit<DeliveryAttempt, 'status'> = {
    ...base,
    durationMs: result.durationMs,
    ...(result.kind === 'response'
      ? { responseStatus: result.status, responseBody: result.body }
      : { error: result.error }),
  };
  const verdict = verdictOf(result);
  ports.logger.info('webhook attempt', {
    endpointId: message.endpointId,
    messageId: message.messageId,
    attempt: message.attempts,
    verdict,
    responseStatus,
    ...(result.kind === 'error' ? { error: result.error } : {}),
  });

  if (verdict === 'succeeded') {
    await ports.messages.putAttempt({ ...logged, status: 'succeeded' });
    await ports.messages.finish(message, {
      status: 'succeeded',
      at: at.toISOString(),
      ...(responseStatus === undefined ? {} : { responseStatus }),
    });
    if (recordsSuccess(endpoint, at)) {
      await ports.endpoints.recordSuccess(message.tenantId, message.endpointId, at.toISOString());
    }
    await ports.timers.cancel(timerIdOf(message));
    ports.metrics.addMetric('webhooksDelivered', 'Count', 1);
    return 'succeeded';
  }

  const failing = await ports.endpoints.recordFailure(message.tenantId, message.endpointId, at.toISOString());
  const disableFor: DisabledReason | undefined =
    verdict === 'gone' ? 'gone' : failingTooLong(failing?.failingSince, at) ? 'failing' : undefined;
  const retryAfterMs = honoursRetryAfter(result) ? parseRetryAfter(result.retryAfter, at) : undefined;
  const delay = disableFor
    ? undefined
    : nextRetryDelay(message.attempts - (message.roundStart ?? 0), {
        schedule: ports.schedule,
        random: ports.random ?? Math.random,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
  const nextAttemptAt = delay === undefined ? undefined : new Date(at.getTime() + delay);
  await ports.messages.putAttempt({
    ...logged,
    status: 'failed',
    ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}),
  });
  ports.metrics.addMetric('webhookAttemptsFailed', 'Count', 1);
  if (nextAttemptAt) {
    await ports.messages.retryAt(message, nextAttemptAt.toISOString(), responseStatus);
    await armTimer(ports, message, nextAttemptAt);
    return 'retrying';
  }
  if (disableFor) {
    if (await ports.endpoints.disable(message.tenantId, message.endpointId, disableFor, at.toISOString())) {
      ports.logger.warn('webhook endpoint disabled', { endpointId: message.endpointId, reason: disableFor });
    }
    const disabled = await ports.endpoints.get(message.tenantId, message.endpointId);
    await giveUp(ports, message, at, disableFor === 'gone' ? 'endpoint_gone' : 'endpoint_disabled', responseStatus);
    if (disabled) await announceDisabled(ports, disabled);
    return 'disabled';
  }
  await giveUp(ports, message, at, 'exhausted', responseStatus);
  ports.metrics.addMetric('webhooksFailed', 'Count', 1);
  return 'failed';
}

async function giveUp(
  ports: Pick<DeliveryPorts, 'messages' | 'timers'>,
  message: Message,
  at: Date,
  failure: string,
  responseStatus?: number,
): Promise<void> {
  await ports.messages.finish(message, {
    status: 'failed',
    at: at.toISOString(),
    failure,
    ...(responseStatus === undefined ? {} : { responseStatus }),
  });
  await ports.timers.cancel(timerIdOf(message));
}

/**
 * Publishes `endpoint.disabled` once per automatic disablement: the announcement is claimed with a
 * conditional write first (two messages failing at once announce it once); if the publish fails
 * the claim is given back and the handler throws, so the retried event, or the next attempt-due
 * of any of the endpoint's messages, announces it.
 */
export async function announceDisabled(
  ports: Pick<DeliveryPorts, 'events' | 'endpoints' | 'clock'>,
  endpoint: Endpoint,
): Promise<void> {
  if (!endpoint.disabledAt || endpoint.disabledAnnouncedAt || endpoint.disabledReason === 'manual') return;
  const detail: EndpointDisabledEvent = {
    tenantId: endpoint.tenantId,
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    reason: endpoint.disabledReason ?? 'failing',
    disabledAt: endpoint.disabledAt,
    ...(endpoint.failingSince ? { failingSince: endpoint.failingSince } : {}),
  };
  const { tenantId, endpointId } = endpoint;
  if (!(await ports.endpoints.claimDisabledAnnouncement(tenantId, endpointId, ports.clock.now().toISOString()))) return;
  try {
    await ports.events.publish([
      { source: WEBHOOK_EVENTS.source, detailType: WEBHOOK_EVENTS.endpointDisabled, detail },
    ]);
  } catch (error) {
    await ports.endpoints.releaseDisabledAnnouncement(tenantId, endpointId);
    throw error;
  }
}
