import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { count } from '../../../platform/observability/observability.js';
import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import { ALERT_WATCHER_ROLES } from '../../../platform/wiring/roles.js';
import type { Alert } from '../../alerts/domain/alert.js';
import { ALERT_EVENTS } from '../../alerts/events.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import { type ConnectionGateway, ConnectionGone } from '../../realtime/ports/connection-gateway.js';
import type { Connection, ConnectionRepository } from '../../realtime/ports/connection-repository.js';
import { maskDestination } from '../domain/mask.js';
import type { DeliveryChannel, DeliveryLog, DeliveryRecord } from '../ports/delivery-log.js';
import type { Notifier } from '../ports/notifier.js';

/** The ports alert delivery needs. */
export interface DeliverAlertPorts {
  readonly fleet: Pick<FleetRepository, 'getTenant'>;
  readonly connections: Pick<ConnectionRepository, 'listByTenant' | 'remove'>;
  readonly deliveries: Pick<DeliveryLog, 'claim' | 'record'>;
  readonly gateway: Pick<ConnectionGateway, 'post'>;
  readonly notifier: Notifier;
  readonly clock: { now(): Date };
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Some deliveries failed and were recorded; thrown so EventBridge retries (then dead-letters) the event. */
export class AlertDeliveryFailed extends Error {
  override readonly name = 'AlertDeliveryFailed';
  constructor(
    readonly alertId: string,
    readonly failures: readonly string[],
  ) {
    super(`Alert ${alertId}: ${failures.length} delivery(ies) failed: ${failures.join('; ')}`);
  }
}

/** The SMS text for a CRITICAL alert; short enough for one segment in most cases. */
export function smsText(alert: Alert): string {
  return `fleetops ${alert.severity} ${alert.type} ${alert.vehicleId}: ${alert.message}`;
}

type Outcome = 'sent' | 'gone' | 'skipped' | 'failed';

/**
 * An alert → people (capability C5, first slice):
 * 1. push an `alert.raised` frame to every live connection of the alert's tenant whose user
 *    watches alerts (admin, fleet_manager, dispatcher); a gone connection is forgotten;
 * 2. for CRITICAL, text the tenant's on-call number.
 * Each (alert, channel, destination) is claimed with a conditional write before sending and every
 * attempt leaves a delivery record, so EventBridge's at-least-once redelivery never texts twice,
 * while a failed send is retried: the handler throws, and the next attempt re-claims only failures.
 */
export async function deliverAlert(deps: DeliverAlertPorts, alert: Alert): Promise<void> {
  deps.logger.appendKeys({ tenantId: alert.tenantId, alertId: alert.alertId });
  const failures: string[] = [];

  const connections = await deps.connections.listByTenant(alert.tenantId);
  const watchers = connections.filter(
    (c) => c.tenantId === alert.tenantId && c.roles.some((role) => ALERT_WATCHER_ROLES.includes(role)),
  );
  const frame: Frame<Alert> = { type: ALERT_EVENTS.alertRaised, data: alert };
  const pushes = await Promise.all(watchers.map((connection) => push(deps, alert, connection, frame)));
  pushes.forEach((outcome, i) => {
    if (outcome === 'failed') failures.push(`websocket ${watchers[i]?.connectionId}`);
  });
  count(deps.metrics, 'alertPushesSent', pushes.filter((o) => o === 'sent').length);

  if (alert.severity === 'CRITICAL') {
    const tenant = await deps.fleet.getTenant(alert.tenantId);
    if (tenant?.onCallPhone) {
      const outcome = await attempt(deps, alert, 'sms', tenant.onCallPhone, async () => {
        const receipt = await deps.notifier.send({
          tenantId: alert.tenantId,
          channel: 'sms',
          destination: tenant.onCallPhone as string,
          message: smsText(alert),
          metadata: { alertId: alert.alertId, type: alert.type },
        });
        return receipt.messageId;
      });
      if (outcome === 'failed') failures.push('sms on-call');
      count(deps.metrics, 'alertSmsSent', outcome === 'sent' ? 1 : 0);
    } else {
      deps.logger.warn('CRITICAL alert but the tenant has no on-call number');
    }
  }

  count(deps.metrics, 'alertDeliveryFailures', failures.length);
  if (failures.length > 0) throw new AlertDeliveryFailed(alert.alertId, failures);
}

function push(deps: DeliverAlertPorts, alert: Alert, connection: Connection, frame: Frame): Promise<Outcome> {
  return attempt(deps, alert, 'websocket', connection.connectionId, async () => {
    await deps.gateway.post(connection.connectionId, frame);
    return undefined;
  });
}

/** Claims, sends and records one delivery; never throws, reports the outcome. */
async function attempt(
  deps: DeliverAlertPorts,
  alert: Alert,
  channel: DeliveryChannel,
  destination: string,
  send: () => Promise<string | undefined>,
): Promise<Outcome> {
  const key = { tenantId: alert.tenantId, alertId: alert.alertId, channel, destination };
  if (!(await deps.deliveries.claim(key))) {
    deps.logger.info('Delivery already made or in flight; skipping', { channel, destination: redact(destination) });
    return 'skipped';
  }
  const base = { ...key, attemptedAt: deps.clock.now().toISOString() };
  let record: DeliveryRecord;
  let outcome: Outcome;
  try {
    const providerMessageId = await send();
    record = { ...base, status: 'sent', ...(providerMessageId ? { providerMessageId } : {}) };
    outcome = 'sent';
  } catch (error) {
    if (error instanceof ConnectionGone) {
      await deps.connections.remove(destination);
      record = { ...base, status: 'gone' };
      outcome = 'gone';
    } else {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      deps.logger.error('Delivery failed', { channel, destination: redact(destination), error: message });
      record = { ...base, status: 'failed', error: message.slice(0, 500) };
      outcome = 'failed';
    }
  }
  await deps.deliveries.record(record);
  return outcome;
}

/** Phone numbers are personal data: logs carry them masked (connection ids are not personal). */
function redact(destination: string): string {
  return destination.startsWith('+') ? maskDestination(destination) : destination;
}
