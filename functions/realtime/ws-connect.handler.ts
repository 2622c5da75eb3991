import type { PlatformDeps } from '../platform/deps.js';
import { callerFromAuthorizer, type WebSocketLambdaHandler, webSocketHandler } from '../shared/websocket.js';
import { declarationOf } from '../wiring/functions.js';

export type WsConnectDeps = Pick<PlatformDeps, 'connections' | 'clock' | 'logger' | 'metrics'>;

/**
 * `$connect`: records the connection under the tenant the authorizer established. Without that
 * context (a wiring mistake) the connection is refused with 401 rather than stored tenant-less.
 */
export function createWsConnectHandler(deps: WsConnectDeps): WebSocketLambdaHandler {
  return webSocketHandler({ declaration: declarationOf('wsConnect'), deps }, async (event) => {
    const caller = callerFromAuthorizer(event.requestContext.authorizer);
    if (!caller) {
      deps.logger.warn('$connect without authorizer context; refusing');
      return { statusCode: 401 };
    }
    await deps.connections.put({
      connectionId: event.requestContext.connectionId,
      tenantId: caller.tenantId,
      userId: caller.userId,
      roles: caller.roles,
      connectedAt: deps.clock.now().toISOString(),
    });
    return { statusCode: 200 };
  });
}
