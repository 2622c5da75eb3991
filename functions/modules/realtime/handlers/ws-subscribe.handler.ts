import {
  callerFromAuthorizer,
  type Frame,
  type WebSocketLambdaHandler,
  webSocketHandler,
} from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { Role } from '../../../platform/wiring/roles.js';
import * as z from '../../../platform/zod.js';
import { apiGatewayConnections } from '../adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../adapters/dynamodb-connection-repository.js';
import { ALL_VEHICLES } from '../domain/positions.js';
import { FRAME_TYPES } from '../events.js';
import { ConnectionGone } from '../ports/connection-gateway.js';

const bindings = { connections: dynamoDbConnectionRepository.readWrite, gateway: apiGatewayConnections };
export type WsSubscribeDeps = DepsOf<typeof bindings>;

/** Subscriptions one connection may hold: bounds the connection item and the fan-out's filter. */
export const MAX_SUBSCRIPTIONS = 100;

/** Topics a client may subscribe to. */
export const TOPICS = ['vehicle.position'] as const;

/**
 * Who may watch the fleet's positions: the roles that see the whole fleet. A driver sees only the
 * vehicles assigned to them (as `GET /v1/vehicles` does), so the fleet-wide stream is not theirs.
 */
export const POSITION_WATCHER_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent', 'partner'];

/** `{"action":"subscribe"|"unsubscribe","topic":"vehicle.position","vehicleId":"TRK-101"|"*"}` */
const subscriptionFrame = z.object({
  action: z.enum(['subscribe', 'unsubscribe']),
  topic: z.enum(TOPICS),
  vehicleId: z.union([z.literal(ALL_VEHICLES), z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/))]),
});

/** Data of the error frames this route answers with. */
export interface SubscriptionErrorData {
  readonly code: 'INVALID_SUBSCRIPTION' | 'TOO_MANY_SUBSCRIPTIONS' | 'NOT_CONNECTED' | 'FORBIDDEN';
  readonly message: string;
  readonly details?: readonly { readonly path: string; readonly message: string }[];
}

/**
 * The `subscribe` and `unsubscribe` routes: stores (or removes) a `vehicle.position` subscription
 * with the connection, under the tenant of the token the connection was opened with, and answers
 * `subscribed` / `unsubscribed`. A vehicle id is only ever matched against the subscriber's own
 * tenant's telemetry, so another tenant's id yields nothing of theirs. Bad input is answered with
 * an `error` frame and the connection stays open (always 200).
 */
export function createWsSubscribeHandler(deps: WsSubscribeDeps): WebSocketLambdaHandler {
  return webSocketHandler({ declaration: wsSubscribe, deps }, async (event) => {
    const { connectionId } = event.requestContext;
    const reply = async (frame: Frame) => {
      try {
        await deps.gateway.post(connectionId, frame);
      } catch (error) {
        if (!(error instanceof ConnectionGone)) throw error;
      }
    };
    const caller = callerFromAuthorizer(event.requestContext.authorizer);
    if (!caller) {
      await reply(errorFrame('NOT_CONNECTED', 'This connection has no verified tenant'));
      return { statusCode: 200 };
    }
    const parsed = subscriptionFrame.safeParse(parseJson(event.body));
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      await reply(
        errorFrame('INVALID_SUBSCRIPTION', 'Expected {action, topic: "vehicle.position", vehicleId}', details),
      );
      return { statusCode: 200 };
    }
    const { action, topic, vehicleId } = parsed.data;
    if (action === 'subscribe' && !caller.roles.some((role) => POSITION_WATCHER_ROLES.includes(role))) {
      await reply(
        errorFrame('FORBIDDEN', 'Your role does not watch the fleet’s positions; see your vehicle in the fleet view'),
      );
      return { statusCode: 200 };
    }
    if (action === 'unsubscribe') {
      const removed = await deps.connections.unsubscribePositions(connectionId, caller.tenantId, vehicleId);
      await reply(
        removed
          ? { type: FRAME_TYPES.unsubscribed, data: { topic, vehicleId } }
          : errorFrame('NOT_CONNECTED', 'This connection is not registered'),
      );
      return { statusCode: 200 };
    }
    const outcome = await deps.connections.subscribePositions(
      connectionId,
      caller.tenantId,
      vehicleId,
      MAX_SUBSCRIPTIONS,
    );
    if (outcome === 'subscribed') await reply({ type: FRAME_TYPES.subscribed, data: { topic, vehicleId } });
    else if (outcome === 'too-many') {
      await reply(
        errorFrame('TOO_MANY_SUBSCRIPTIONS', `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection; use "*"`),
      );
    } else await reply(errorFrame('NOT_CONNECTED', 'This connection is not registered'));
    return { statusCode: 200 };
  });
}

function parseJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
}

function errorFrame(
  code: SubscriptionErrorData['code'],
  message: string,
  details?: SubscriptionErrorData['details'],
): Frame<SubscriptionErrorData> {
  return { type: FRAME_TYPES.error, data: { code, message, ...(details ? { details } : {}) } };
}

export const wsSubscribe = defineFunction({
  name: 'wsSubscribe',
  description: 'WebSocket subscribe/unsubscribe: vehicle.position subscriptions stored with the connection',
  entry: 'functions/modules/realtime/handlers/ws-subscribe.lambda.ts',
  triggers: [
    { kind: 'websocket', routeKey: 'subscribe' },
    { kind: 'websocket', routeKey: 'unsubscribe' },
  ],
  bindings,
  factory: createWsSubscribeHandler,
});
