import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Clock } from '../clock.js';
import { PayloadTooLarge } from '../errors.js';
import { type LambdaHandler, type ObservabilityDeps, observedHandler } from '../observability/observability.js';
import type { FunctionDeclaration } from '../wiring/declaration.js';
import type * as z from '../zod.js';
import { type HttpResponse, type HttpResult, httpErrors, jsonResponse } from './http-handler.js';
import { parseOrThrow } from './validation.js';

/** The event of a route without an authorizer: API Gateway sends no authorizer context. */
export type PublicHttpEvent = APIGatewayProxyEventV2;
export type PublicHttpLambdaHandler = LambdaHandler<PublicHttpEvent, HttpResult>;

/** What a public route's logic receives: the body exactly as sent, for signatures over raw bytes. */
export interface PublicHttpRequest<TPath> {
  readonly event: PublicHttpEvent;
  /** The body's bytes, byte for byte (API Gateway base64-encodes bodies it does not take for text). */
  readonly rawBody: Uint8Array;
  /** Header names lower-cased, as API Gateway hands them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly path: TPath;
}

export interface PublicHttpHandlerOptions<TPath> {
  readonly declaration: FunctionDeclaration;
  readonly deps: ObservabilityDeps & { readonly clock: Clock };
  readonly path?: z.ZodMiniType<TPath>;
  /** Larger bodies answer 413 PAYLOAD_TOO_LARGE. @default 262144 (256 KiB) */
  readonly maxBodyBytes?: number;
}

/**
 * Builds the handler of a public HTTP route (a trigger with `public: true`: no JWT authorizer in
 * front), e.g. an inbound webhook that the route authenticates by the sender's signature over the
 * raw body. Observability and the error mapper as on every route; the body is not parsed, so the
 * route sees the exact bytes that were signed.
 */
export function publicHttpHandler<TPath = undefined>(
  options: PublicHttpHandlerOptions<TPath>,
  logic: (request: PublicHttpRequest<TPath>) => Promise<HttpResponse>,
): PublicHttpLambdaHandler {
  const { declaration, deps } = options;
  const http = declaration.triggers.filter((trigger) => trigger.kind === 'http');
  if (http.length === 0 || http.some((trigger) => !trigger.public || trigger.roles.length > 0)) {
    throw new Error(`${declaration.name}: a public handler serves only public HTTP triggers without roles`);
  }
  const maxBytes = options.maxBodyBytes ?? 262_144;
  return (
    observedHandler<PublicHttpEvent, HttpResult>(deps, declaration.name)
      // The mapper reads only the error and writes the response: the same for any HTTP event.
      .use(httpErrors(deps) as unknown as MiddlewareObj<PublicHttpEvent, HttpResult>)
      .handler(async (event) => {
        const raw = event.body ?? '';
        const rawBody = new Uint8Array(Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8'));
        if (rawBody.byteLength > maxBytes) throw new PayloadTooLarge(maxBytes);
        const path = options.path
          ? parseOrThrow(options.path, event.pathParameters ?? {}, 'path')
          : (undefined as TPath);
        const response = await logic({ event, rawBody, headers: event.headers ?? {}, path });
        return jsonResponse(response.statusCode, response.body, response.headers);
      }) as PublicHttpLambdaHandler
  );
}
