import type { Writable } from 'node:stream';
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { joseTokenVerifier } from '../../../platform/auth/jose-token-verifier.js';
import { InvalidToken, type VerifiedToken } from '../../../platform/auth/token-verifier.js';
import { type ExposableError, Forbidden, Unauthenticated } from '../../../platform/errors.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ALERT_WATCHER_ROLES } from '../../../platform/wiring/roles.js';
import { dynamoDbAlertStreamLog } from '../adapters/dynamodb-alert-stream-log.js';
import { isStreamId } from '../domain/stream-ids.js';
import { streamAlerts } from '../use-cases/stream-alerts.js';

const bindings = { tokens: joseTokenVerifier, log: dynamoDbAlertStreamLog.read };
export type AlertStreamDeps = DepsOf<typeof bindings>;

/** A response-streaming handler, as `awslambda.streamifyResponse` takes and returns it. */
export type AlertStreamLambdaHandler = (
  event: LambdaFunctionURLEvent,
  responseStream: Writable,
  context: Context,
) => Promise<void>;

/** Lambda's hard limit is 15 minutes; the stream ends itself this long before the function's timeout. */
const END_BEFORE_TIMEOUT_MS = 5000;

/**
 * `GET /v1/alerts/stream`: the tenant's `alert.raised` and `alert.updated` events as server-sent
 * events, resumable with `Last-Event-ID` (header, or `?lastEventId=` for clients that cannot set
 * it). Served through a Lambda function URL with response streaming (API Gateway HTTP APIs cannot
 * stream), so the token is verified here: `Authorization: Bearer` or `?token=` (EventSource cannot
 * set headers). The stream ends a few seconds before the function's timeout; EventSource
 * reconnects by itself with the last id it saw (ADR 0075).
 */
export function createAlertStreamHandler(deps: AlertStreamDeps): AlertStreamLambdaHandler {
  const handler: AlertStreamLambdaHandler = async (event, responseStream, context) => {
    deps.logger.addContext(context);
    let verified: VerifiedToken;
    try {
      const token = bearerOf(event);
      if (!token) return await answerError(responseStream, new Unauthenticated());
      verified = await deps.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidToken)) {
        deps.logger.error('Token verification failed', { error: error as Error });
        return await answer(responseStream, 500, {
          code: 'INTERNAL_ERROR',
          message: 'Something went wrong on our side',
        });
      }
      return await answerError(responseStream, new Unauthenticated('Invalid or expired token'));
    }
    const { tenantId, userId, roles } = verified.identity;
    deps.logger.appendKeys({ tenantId, userId });
    if (!roles.some((role) => ALERT_WATCHER_ROLES.includes(role))) {
      return await answerError(responseStream, new Forbidden());
    }
    const requested = event.headers?.['last-event-id'] ?? event.queryStringParameters?.lastEventId;
    const lastEventId = requested && isStreamId(requested.trim()) ? requested.trim() : undefined;
    if (requested && !lastEventId) deps.logger.info('Ignoring a Last-Event-ID this stream never sent');

    const stream = awslambda.HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
    const gone = new AbortController();
    stream.on('close', () => gone.abort());
    stream.on('error', () => gone.abort());
    const until = deps.clock.now().getTime() + Math.max(0, context.getRemainingTimeInMillis() - END_BEFORE_TIMEOUT_MS);
    deps.logger.info('Alert stream opened', { resumed: lastEventId !== undefined });
    try {
      const sent = await streamAlerts(
        deps,
        { write: (text) => write(stream, text, gone.signal) },
        { tenantId, lastEventId, until, signal: gone.signal },
      );
      deps.logger.info('Alert stream ended', { sent, clientLeft: gone.signal.aborted });
    } finally {
      if (!stream.writableEnded && !stream.destroyed) stream.end();
    }
  };
  return awslambda.streamifyResponse(handler) as AlertStreamLambdaHandler;
}

/** `Authorization: Bearer …`, else `?token=`. */
function bearerOf(event: LambdaFunctionURLEvent): string | undefined {
  const header = event.headers?.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  const token = match?.[1]?.trim() || event.queryStringParameters?.token?.trim();
  return token ? token : undefined;
}

function answerError(responseStream: Writable, error: ExposableError): Promise<void> {
  return answer(responseStream, error.statusCode, { code: error.code, message: error.message });
}

/** A complete JSON response through the stream: the error contract of every route. */
async function answer(responseStream: Writable, statusCode: number, body: unknown): Promise<void> {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
  });
  await new Promise<void>((resolve) => stream.end(JSON.stringify(body), () => resolve()));
}

/** Writes, waiting for `drain` under back-pressure; a stream the client left swallows the rest. */
function write(stream: Writable, text: string, gone: AbortSignal): Promise<void> {
  if (gone.aborted || stream.destroyed || stream.writableEnded) return Promise.resolve();
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      gone.removeEventListener('abort', done);
      resolve();
    };
    stream.once('drain', done);
    gone.addEventListener('abort', done, { once: true });
  });
}

export const alertStream = defineFunction({
  name: 'alertStream',
  description: 'GET /v1/alerts/stream: the tenant alert events as server-sent events, resumable (function URL)',
  entry: 'functions/modules/realtime/handlers/alert-stream.lambda.ts',
  triggers: [{ kind: 'streamingHttp', method: 'GET', path: '/v1/alerts/stream', roles: ALERT_WATCHER_ROLES }],
  bindings,
  factory: createAlertStreamHandler,
  memorySize: 256,
  // Lambda's maximum: a stream lives up to 15 minutes, then the client resumes with Last-Event-ID.
  timeoutSeconds: 900,
});
