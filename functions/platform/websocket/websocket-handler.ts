import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
  Context,
} from 'aws-lambda';
import { parseGroups } from '../auth/identity.js';
import { type LambdaHandler, type ObservabilityDeps, observedHandler } from '../observability/observability.js';
import type { FunctionDeclaration } from '../wiring/declaration.js';
import type { Role } from '../wiring/roles.js';

/**
 * The context the `$connect` authorizer returns (`wsAuthorize`). API Gateway only passes strings,
 * numbers and booleans, so roles travel as a JSON array in a string (`'["admin","dispatcher"]'`).
 */
export interface WebSocketAuthorizerContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: string;
}

/** A WebSocket route event; on `$connect` API Gateway adds the authorizer's context. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & {
    readonly authorizer?: Partial<WebSocketAuthorizerContext> & { readonly principalId?: string };
  }
>;
export type WebSocketResult = APIGatewayProxyResultV2;
export type WebSocketLambdaHandler = LambdaHandler<WebSocketEvent, WebSocketResult>;

/** A server-to-client frame (capability Contracts): `{"type": "...", "data": {...}}`. */
export interface Frame<TData = unknown> {
  readonly type: string;
  readonly data: TData;
}

/** The authorizer context as tenant, user and roles, or undefined when it is incomplete. */
export function callerFromAuthorizer(
  authorizer: WebSocketEvent['requestContext']['authorizer'],
): { tenantId: string; userId: string; roles: Role[] } | undefined {
  const tenantId = authorizer?.tenantId;
  const userId = authorizer?.userId;
  if (typeof tenantId !== 'string' || tenantId === '' || typeof userId !== 'string' || userId === '') return undefined;
  return { tenantId, userId, roles: parseGroups(parseJsonArray(authorizer?.roles)) };
}

/** The authorizer's roles string as the array it encodes; anything else is no roles. */
function parseJsonArray(value: unknown): unknown {
  if (typeof value !== 'string') return [];
  try {
    return JSON.parse(value);
  } catch {
    return [];
  }
}

/**
 * Builds a WebSocket route handler. Errors are logged and answered with 500, which API Gateway
 * turns into a failed `$connect` or a dropped frame: nothing internal reaches the client.
 */
export function webSocketHandler(
  options: { readonly declaration: FunctionDeclaration; readonly deps: ObservabilityDeps },
  logic: (event: WebSocketEvent) => Promise<WebSocketResult>,
): WebSocketLambdaHandler {
  const { deps } = options;
  const errors: MiddlewareObj<WebSocketEvent, WebSocketResult, Error, Context> = {
    name: 'webSocketErrors',
    onError: (request) => {
      deps.logger.error('WebSocket route failed', {
        connectionId: request.event.requestContext?.connectionId,
        error: request.error ?? undefined,
      });
      request.response = { statusCode: 500 };
    },
  };
  return observedHandler<WebSocketEvent, WebSocketResult>(deps, options.declaration.name)
    .use(errors)
    .handler(async (event) => {
      deps.logger.appendKeys({ connectionId: event.requestContext.connectionId });
      const caller = callerFromAuthorizer(event.requestContext.authorizer);
      if (caller) deps.logger.appendKeys({ tenantId: caller.tenantId, userId: caller.userId });
      return logic(event);
    }) as WebSocketLambdaHandler;
}
