import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { StreamingHttpTrigger } from '../../functions/platform/wiring/declaration.js';
import type { MountedFunction } from '../runtime/functions.js';
import {
  HTTP_INTEGRATION_PRELUDE_TYPE,
  invokeStreaming,
  isStreamingHandler,
  LocalResponseStream,
  PRELUDE_DELIMITER_LENGTH,
  type ResponseSink,
} from '../runtime/response-streaming.js';
import { buildHttpEvent } from './http-event.js';
import { MAX_BODY_BYTES, readBody, sendError } from './http-util.js';
import { apiGatewayId } from './ids.js';

interface FunctionUrlRoute {
  readonly trigger: StreamingHttpTrigger;
  readonly fn: MountedFunction;
}

/**
 * The Lambda function URLs of `streamingHttp` routes (ADR 0075), on the local stack's port at the
 * declared path: auth type NONE (the handler verifies the token), RESPONSE_STREAM invoke mode.
 * A request becomes the function URL event (payload 2.0, `routeKey` `$default`, no authorizer);
 * the handler's stream is decoded as the function URL decodes it (the HTTP integration prelude,
 * then the body, chunk by chunk, unbuffered). The client leaving destroys the handler's stream.
 */
export class FunctionUrls {
  readonly #routes: readonly FunctionUrlRoute[];
  readonly #logger: Logger;

  constructor(functions: readonly MountedFunction[], logger: Logger) {
    this.#logger = logger;
    const routes: FunctionUrlRoute[] = [];
    for (const fn of functions) {
      for (const trigger of fn.declaration.triggers) {
        if (trigger.kind !== 'streamingHttp') continue;
        if (!isStreamingHandler(fn.handler)) {
          throw new Error(
            `${fn.declaration.name} declares a streamingHttp route but is not awslambda.streamifyResponse'd`,
          );
        }
        routes.push({ trigger, fn });
      }
    }
    this.#routes = routes;
  }

  owns(path: string): boolean {
    return this.#routes.some((route) => route.trigger.path === path);
  }

  /** Serves one request; resolves with the status sent once the handler has finished. */
  async handle(request: IncomingMessage, response: ServerResponse, requestId = apiGatewayId()): Promise<number> {
    const rawUrl = request.url ?? '/';
    const path = rawUrl.split('?')[0] ?? '/';
    const route = this.#routes.find((r) => r.trigger.path === path && r.trigger.method === request.method);
    if (!route) {
      request.resume();
      sendError(response, 404, 'NOT_FOUND', `No route for ${request.method} ${path}`);
      return 404;
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    const httpEvent = buildHttpEvent({
      method: request.method ?? 'GET',
      url: rawUrl,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      routeKey: '$default',
      pathParameters: {},
      claims: {},
      requestId,
    });
    const { authorizer: _none, ...requestContext } = httpEvent.requestContext;
    const event = { ...httpEvent, requestContext: { ...requestContext, accountId: 'anonymous' } };
    const cors: Record<string, string> = request.headers.origin ? { 'access-control-allow-origin': '*' } : {};
    const decoder = new PreludeDecoder(response, cors);
    const stream = new LocalResponseStream(decoder);
    response.on('close', () => {
      if (!response.writableFinished) stream.destroy();
    });
    try {
      await invokeStreaming(route.fn, event as unknown as LambdaFunctionURLEvent, stream);
    } catch (error) {
      this.#logger.error('streaming handler failed', {
        requestId,
        function: route.fn.declaration.name,
        error: error as Error,
      });
      if (!response.headersSent) sendError(response, 502, 'BAD_GATEWAY', 'The function failed');
      else response.destroy();
      return 502;
    }
    if (stream.destroyed && !response.writableEnded) response.destroy();
    return decoder.statusCode;
  }
}

/** Decodes a response stream's bytes into the HTTP response, as a function URL does. */
class PreludeDecoder implements ResponseSink {
  statusCode = 200;
  #mode: 'waiting' | 'prelude' | 'body' = 'waiting';
  #prelude = Buffer.alloc(0);

  constructor(
    private readonly response: ServerResponse,
    private readonly cors: Record<string, string>,
  ) {}

  start(contentType: string): void {
    if (contentType === HTTP_INTEGRATION_PRELUDE_TYPE) this.#mode = 'prelude';
    else this.#head(200, { 'content-type': contentType });
  }

  push(chunk: Buffer, drained: () => void): boolean {
    if (this.response.destroyed) return true;
    if (this.#mode === 'prelude') {
      this.#prelude = Buffer.concat([this.#prelude, chunk]);
      const end = this.#prelude.indexOf(Buffer.alloc(PRELUDE_DELIMITER_LENGTH));
      if (end < 0) return true;
      const prelude = JSON.parse(this.#prelude.subarray(0, end).toString('utf8')) as {
        statusCode?: number;
        headers?: Record<string, string>;
        cookies?: string[];
      };
      const rest = this.#prelude.subarray(end + PRELUDE_DELIMITER_LENGTH);
      this.#head(prelude.statusCode ?? 200, {
        ...(prelude.headers ?? {}),
        ...(prelude.cookies?.length ? { 'set-cookie': prelude.cookies } : {}),
      });
      if (rest.length === 0) return true;
      chunk = rest;
    }
    if (this.response.write(chunk)) return true;
    this.response.once('drain', drained);
    return false;
  }

  finish(): void {
    if (this.#mode !== 'body') this.#head(200, {});
    this.response.end();
  }

  #head(statusCode: number, headers: Record<string, string | string[]>): void {
    this.#mode = 'body';
    this.statusCode = statusCode;
    if (this.response.headersSent) return;
    this.response.writeHead(statusCode, { ...headers, ...this.cors });
    // Headers go out now: an event stream must reach the client before its first event.
    this.response.flushHeaders();
  }
}
