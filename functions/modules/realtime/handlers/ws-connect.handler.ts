import {
  callerFromAuthorizer,
  type WebSocketLambdaHandler,
  webSocketHandler,
} from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbConnectionRepository } from '../adapters/dynamodb-connection-repository.js';

const bindings = { connections: dynamoDbConnectionRepository.readWrite };
export type WsConnectDeps = DepsOf<typeof bindings>;

/**
 * `$connect`: records the connection under the tenant the authorizer established. Without that
 * context (a wiring mistake) the connection is refused with 401 rather than stored tenant-less.
 */
export function createWsConnectHandler(deps: WsConnectDeps): WebSocketLambdaHandler {
  return webSocketHandler({ declaration: wsConnect, deps }, async (event) => {
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

export const wsConnect = defineFunction({
  name: 'wsConnect',
  description: 'WebSocket $connect: records the connection under its tenant',
  entry: 'functions/modules/realtime/handlers/ws-connect.lambda.ts',
  triggers: [{ kind: 'websocket', routeKey: '$connect' }],
  bindings,
  factory: createWsConnectHandler,
});
