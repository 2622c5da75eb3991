import {
  type Frame,
  type WebSocketLambdaHandler,
  webSocketHandler,
} from '../../../platform/websocket/websocket-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { apiGatewayConnections } from '../adapters/apigateway-connection-gateway.js';
import { ConnectionGone } from '../ports/connection-gateway.js';

const bindings = { gateway: apiGatewayConnections };
export type WsDefaultDeps = DepsOf<typeof bindings>;

/** Data of an `error` frame. */
export interface ErrorFrameData {
  readonly code: 'MALFORMED_FRAME' | 'UNKNOWN_ACTION';
  readonly message: string;
}

const clientFrame = z.object({ action: z.string().check(z.minLength(1), z.maxLength(64)) });

/** Largest frame echoed back in an error message, so a client cannot make us reflect megabytes. */
const MAX_ECHOED_ACTION = 64;

/**
 * `$default`: client frames whose `action` has no route of its own. `ping` answers `pong`; a frame
 * that is not JSON with an `action` gets `MALFORMED_FRAME`, any other action `UNKNOWN_ACTION`.
 * Always 200: an error is told to the client as a frame, never by failing the route.
 */
export function createWsDefaultHandler(deps: WsDefaultDeps): WebSocketLambdaHandler {
  return webSocketHandler({ declaration: wsDefault, deps }, async (event) => {
    const { connectionId } = event.requestContext;
    const reply = await answer(event.body);
    try {
      await deps.gateway.post(connectionId, reply);
    } catch (error) {
      if (!(error instanceof ConnectionGone)) throw error;
      deps.logger.info('Client left before the reply');
    }
    return { statusCode: 200 };
  });
}

async function answer(body: string | undefined): Promise<Frame> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return errorFrame('MALFORMED_FRAME', 'Frames must be JSON objects with an "action"');
  }
  const frame = clientFrame.safeParse(parsed);
  if (!frame.success) return errorFrame('MALFORMED_FRAME', 'Frames must be JSON objects with an "action"');
  if (frame.data.action === 'ping') return { type: 'pong', data: {} };
  return errorFrame('UNKNOWN_ACTION', `Unknown action "${frame.data.action.slice(0, MAX_ECHOED_ACTION)}"`);
}

function errorFrame(code: ErrorFrameData['code'], message: string): Frame<ErrorFrameData> {
  return { type: 'error', data: { code, message } };
}

export const wsDefault = defineFunction({
  name: 'wsDefault',
  description: 'WebSocket $default: answers ping and rejects unknown actions with an error frame',
  entry: 'functions/modules/realtime/handlers/ws-default.lambda.ts',
  triggers: [{ kind: 'websocket', routeKey: '$default' }],
  bindings,
  factory: createWsDefaultHandler,
});
