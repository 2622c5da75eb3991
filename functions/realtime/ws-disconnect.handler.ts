import type { PlatformDeps } from '../platform/deps.js';
import { type WebSocketLambdaHandler, webSocketHandler } from '../shared/websocket.js';
import { declarationOf } from '../wiring/functions.js';

export type WsDisconnectDeps = Pick<PlatformDeps, 'connections' | 'logger' | 'metrics'>;

/** `$disconnect`: forgets the connection (best effort by API Gateway; the TTL reaps the rest). */
export function createWsDisconnectHandler(deps: WsDisconnectDeps): WebSocketLambdaHandler {
  return webSocketHandler({ declaration: declarationOf('wsDisconnect'), deps }, async (event) => {
    await deps.connections.remove(event.requestContext.connectionId);
    return { statusCode: 200 };
  });
}
