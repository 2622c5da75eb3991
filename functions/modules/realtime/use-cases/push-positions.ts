import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Clock } from '../../../platform/clock.js';
import { mapWithConcurrency } from '../../../platform/concurrency.js';
import { count } from '../../../platform/observability/observability.js';
import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import type { TelemetryReceived } from '../../fleet/domain/reading.js';
import { duePositions, latestPositions, nextSentAt, type VehiclePosition } from '../domain/positions.js';
import { FRAME_TYPES } from '../events.js';
import { type ConnectionGateway, ConnectionGone } from '../ports/connection-gateway.js';
import type { Connection, ConnectionRepository } from '../ports/connection-repository.js';

export interface PushPositionsPorts {
  readonly connections: Pick<ConnectionRepository, 'listByTenant' | 'get' | 'remove' | 'claimPositions'>;
  readonly gateway: Pick<ConnectionGateway, 'post'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Claim attempts per connection when another invocation claims concurrently. */
const CLAIM_ATTEMPTS = 3;
/** Connections claimed at once. */
const CLAIM_CONCURRENCY = 16;
/**
 * Frames in flight at once, across connections: a fleet-wide subscriber of a 500-vehicle batch is
 * 500 PostToConnection calls, which one after the other would outlast the function's timeout.
 */
const SEND_CONCURRENCY = 32;

/**
 * `telemetry.received` → `vehicle.position` frames for the tenant's subscribers, coalesced:
 * 1. per invocation, only the newest position of each vehicle in the batch;
 * 2. per socket, at most one frame per vehicle per second: before sending, the connection's
 *    per-vehicle sent-at record is claimed with a conditional write on its version, so two
 *    invocations racing for the same socket cannot both send (the loser re-reads and sends only
 *    what is still due).
 * Only the batch's tenant's connections are read, and each is checked again for that tenant.
 * Positions are live data: a frame that could not be sent is not retried (the next batch brings
 * a newer one), so this never throws for a failed push. Returns the number of frames sent.
 */
export async function pushPositions(deps: PushPositionsPorts, telemetry: TelemetryReceived): Promise<number> {
  const positions = latestPositions(telemetry.readings);
  if (positions.length === 0) return 0;
  const subscribers = (await deps.connections.listByTenant(telemetry.tenantId)).filter(
    (c) => c.tenantId === telemetry.tenantId && (c.positionSubscriptions?.length ?? 0) > 0,
  );
  const claimed = await mapWithConcurrency(subscribers, CLAIM_CONCURRENCY, (connection) =>
    claim(deps, connection, telemetry.tenantId, positions),
  );
  const sends = claimed.flatMap(({ connectionId, due }) => due.map((position) => ({ connectionId, position })));
  const gone = new Set<string>();
  const results = await mapWithConcurrency(sends, SEND_CONCURRENCY, ({ connectionId, position }) =>
    send(deps, connectionId, position, gone),
  );
  const total = results.filter(Boolean).length;
  count(deps.metrics, 'positionFramesSent', total);
  return total;
}

/** Claims what is due for one connection; nothing when another invocation keeps winning. */
async function claim(
  deps: PushPositionsPorts,
  first: Connection,
  tenantId: string,
  positions: readonly VehiclePosition[],
): Promise<{ connectionId: string; due: VehiclePosition[] }> {
  let connection: Connection | undefined = first;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS && connection?.tenantId === tenantId; attempt++) {
    const now = deps.clock.now().getTime();
    const due = duePositions(connection, positions, now);
    if (due.length === 0) break;
    const won = await deps.connections.claimPositions(
      connection.connectionId,
      connection.positionVersion ?? 0,
      nextSentAt(connection.positionSentAt, due, now),
    );
    if (won) return { connectionId: connection.connectionId, due };
    connection = await deps.connections.get(connection.connectionId);
  }
  return { connectionId: first.connectionId, due: [] };
}

/** Sends one frame; a gone connection is forgotten once and skipped from then on. */
async function send(
  deps: PushPositionsPorts,
  connectionId: string,
  position: VehiclePosition,
  gone: Set<string>,
): Promise<boolean> {
  if (gone.has(connectionId)) return false;
  const frame: Frame<VehiclePosition> = { type: FRAME_TYPES.vehiclePosition, data: position };
  try {
    await deps.gateway.post(connectionId, frame);
    return true;
  } catch (error) {
    if (error instanceof ConnectionGone) {
      if (!gone.has(connectionId)) {
        gone.add(connectionId);
        await deps.connections.remove(connectionId);
      }
      return false;
    }
    deps.logger.warn('Position push failed', { connectionId, error: error as Error });
    count(deps.metrics, 'positionPushFailures');
    return false;
  }
}
