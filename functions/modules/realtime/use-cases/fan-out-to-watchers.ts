import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { count } from '../../../platform/observability/observability.js';
import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import { watchesAlerts } from '../domain/audience.js';
import { type ConnectionGateway, ConnectionGone } from '../ports/connection-gateway.js';
import type { ConnectionRepository } from '../ports/connection-repository.js';

/** The ports a fan-out needs. */
export interface FanOutPorts {
  readonly connections: Pick<ConnectionRepository, 'listStaff' | 'remove'>;
  readonly gateway: Pick<ConnectionGateway, 'post'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** What a fan-out did. */
export interface FanOutResult {
  readonly sent: number;
  readonly gone: number;
  /** Connections whose push failed for another reason than being gone. */
  readonly failed: readonly string[];
}

/** Some pushes failed; thrown so the bus retries the event (the frames are idempotent: the whole alert). */
export class FanOutFailed extends Error {
  override readonly name = 'FanOutFailed';
  constructor(readonly failed: readonly string[]) {
    super(`${failed.length} WebSocket push(es) failed`);
  }
}

/**
 * Pushes one frame to every live connection of the tenant that watches alerts ({@link watchesAlerts}).
 * A gone connection is forgotten; other failures are reported, not thrown, so the caller decides.
 */
export async function fanOutToAlertWatchers(deps: FanOutPorts, tenantId: string, frame: Frame): Promise<FanOutResult> {
  // Alert watchers are staff: their sockets are in the staff index, the drivers' are not read.
  const watchers = (await deps.connections.listStaff(tenantId)).filter((c) => watchesAlerts(c, tenantId));
  let sent = 0;
  let gone = 0;
  const failed: string[] = [];
  await Promise.all(
    watchers.map(async ({ connectionId }) => {
      try {
        await deps.gateway.post(connectionId, frame);
        sent++;
      } catch (error) {
        if (error instanceof ConnectionGone) {
          gone++;
          await deps.connections.remove(connectionId);
          return;
        }
        deps.logger.warn('WebSocket push failed', { connectionId, error: error as Error });
        failed.push(connectionId);
      }
    }),
  );
  count(deps.metrics, 'framesSent', sent);
  count(deps.metrics, 'framePushFailures', failed.length);
  return { sent, gone, failed };
}
