import { type WebSocketLambdaHandler, webSocketHandler } from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbConnectionRepository } from '../adapters/dynamodb-connection-repository.js';

const bindings = { connections: dynamoDbConnectionRepository.readWrite };
export type WsDisconnectDeps = DepsOf<typeof bindings>;

/** `$disconnect`: forgets the connection (best effort by API Gateway; the TTL reaps the rest). */
export function createWsDisconnectHandler(deps: WsDisconnectDeps): WebSocketLambdaHandler {
  return webSocketHandler({ declaration: wsDisconnect, deps }, async (event) => {
    await deps.connections.remove(event.requestContext.connectionId);
    return { statusCode: 200 };
  });
}

export const wsDisconnect = defineFunction({
  name: 'wsDisconnect',
  description: 'WebSocket $disconnect: forgets the connection',
  entry: 'functions/modules/realtime/handlers/ws-disconnect.lambda.ts',
  triggers: [{ kind: 'websocket', routeKey: '$disconnect' }],
  bindings,
  factory: createWsDisconnectHandler,
});
