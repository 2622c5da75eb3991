import type { Logger } from '@aws-lambda-powertools/logger';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { type Identity, identityFromClaims } from '../auth/identity.js';
import { InvalidCursor } from '../ports/repositories.js';
import type { FunctionDeclaration, HttpTrigger } from '../wiring/declaration.js';
import {
  ClientError,
  Forbidden,
  InvalidCursorError,
  MalformedJson,
  PayloadTooLarge,
  Unauthenticated,
} from './errors.js';
import { appendIdentity, type LambdaHandler, type ObservabilityDeps, observability } from './observability.js';
import { parseOrThrow } from './validation.js';

/** The event API Gateway's HTTP API (payload 2.0) hands a route behind its JWT authorizer. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;
/** A Lambda handler for an HTTP route, callable by the Lambda runtime and by the local stack. */
export type HttpLambdaHandler = LambdaHandler<HttpEvent, HttpResult>;

/** What a route's logic receives once the middlewares have authenticated, authorised and validated. */
export interface HttpRequest<TBody, TQuery, TPath> {
  readonly event: HttpEvent;
  readonly identity: Identity;
  readonly body: TBody;
  readonly query: TQuery;
  readonly path: TPath;
}

/** What a route's logic returns; `body` is serialised as JSON. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpHandlerOptions<TBody, TQuery, TPath> {
  /** The function's declaration: its HTTP triggers say which roles may call which route. */
  readonly declaration: FunctionDeclaration;
  readonly deps: ObservabilityDeps;
  /**
   * Checks on the parsed JSON before the schema runs, for limits that must answer with their own
   * error (e.g. 413 TOO_MANY_READINGS) instead of a schema message.
   */
  readonly precheck?: (body: unknown) => void;
  /** A schema, or a function building one per request (e.g. from the clock). */
  readonly body?: z.ZodType<TBody> | (() => z.ZodType<TBody>);
  readonly query?: z.ZodType<TQuery>;
  readonly path?: z.ZodType<TPath>;
  /** Larger raw bodies answer 413 PAYLOAD_TOO_LARGE before parsing. @default 1048576 */
  readonly maxBodyBytes?: number;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** State the middlewares hand to the route logic, kept off the event API Gateway sent. */
interface RequestState {
  identity?: Identity;
  body?: unknown;
}
const states = new WeakMap<object, RequestState>();
function stateOf(event: object): RequestState {
  let state = states.get(event);
  if (!state) {
    state = {};
    states.set(event, state);
  }
  return state;
}

/**
 * Maps every error to `{code, message, details?}` JSON: the ONE place errors become responses.
 * ClientErrors keep their status and message; anything else is logged with its stack and answered
 * with a generic 500, so internals never reach a client.
 */
export function httpErrors(logger: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'httpErrors',
    onError: (request) => {
      const raw = request.error;
      const error = raw instanceof InvalidCursor ? new InvalidCursorError() : raw;
      if (error instanceof ClientError) {
        if (error.statusCode >= 500) logger.warn('Answering with a retryable error', { error: raw ?? undefined });
        request.response = jsonResponse(error.statusCode, errorBody(error), error.headers);
        return;
      }
      logger.error('Unhandled error', { error: raw ?? undefined });
      request.response = jsonResponse(500, { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' });
    },
  };
}

function errorBody(error: ClientError): Record<string, unknown> {
  return {
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

/** A JSON response with the content type set. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** The HTTP triggers of a declaration, validated once when the handler is built. */
function httpTriggers(declaration: FunctionDeclaration): readonly HttpTrigger[] {
  const triggers = declaration.triggers.filter((t): t is HttpTrigger => t.kind === 'http');
  if (triggers.length === 0) throw new Error(`Function ${declaration.name} declares no HTTP trigger`);
  return triggers;
}

/**
 * Authenticates from the JWT authorizer's claims (401 when absent or incomplete) and authorises
 * against the roles the function declares for the route being called (403 when none match). The
 * route is found by `routeKey` (`POST /v1/telemetry`); a route the function does not declare is
 * refused rather than allowed, so a wiring mistake fails closed.
 */
export function authorize(declaration: FunctionDeclaration, logger: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  const routes = new Map(httpTriggers(declaration).map((t) => [`${t.method} ${t.path}`, t.roles]));
  return {
    name: 'authorize',
    before: (request) => {
      const claims = request.event.requestContext?.authorizer?.jwt?.claims;
      const identity = claims ? identityFromClaims(claims) : undefined;
      if (!identity) throw new Unauthenticated();
      appendIdentity(logger, identity);
      const allowed = routes.get(request.event.routeKey);
      if (!allowed || !identity.roles.some((role) => allowed.includes(role))) throw new Forbidden();
      stateOf(request.event).identity = identity;
    },
  };
}

/** Parses a JSON body (base64 bodies included). An empty body is `undefined`, left to the schema. */
export function jsonBody(maxBytes: number): MiddlewareObj<HttpEvent, HttpResult> {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new Error(`maxBodyBytes must be positive, got ${maxBytes}`);
  return {
    name: 'jsonBody',
    before: (request) => {
      const { body, isBase64Encoded } = request.event;
      if (body === undefined || body === null || body === '') return;
      const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
      if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new PayloadTooLarge(maxBytes);
      try {
        stateOf(request.event).body = JSON.parse(text);
      } catch {
        throw new MalformedJson();
      }
    },
  };
}

/**
 * Builds an HTTP route handler: observability, the error mapper, authorisation, JSON parsing and
 * zod validation of body, query and path (in that order), then the route's logic, which only ever
 * sees an authorised caller and validated input.
 */
export function httpHandler<TBody = undefined, TQuery = undefined, TPath = undefined>(
  options: HttpHandlerOptions<TBody, TQuery, TPath>,
  logic: (request: HttpRequest<TBody, TQuery, TPath>) => Promise<HttpResponse>,
): HttpLambdaHandler {
  const { declaration, deps } = options;
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(observability(deps, declaration.name) as MiddlewareObj<HttpEvent, HttpResult, Error, Context>)
    .use(httpErrors(deps.logger))
    .use(authorize(declaration, deps.logger))
    .use(jsonBody(options.maxBodyBytes ?? 1_048_576))
    .handler(async (event) => {
      const state = stateOf(event);
      if (!state.identity) throw new Unauthenticated();
      if (options.precheck) options.precheck(state.body);
      const bodySchema = typeof options.body === 'function' ? options.body() : options.body;
      const body = bodySchema ? parseOrThrow(bodySchema, state.body, 'body') : (undefined as TBody);
      const query = options.query
        ? parseOrThrow(options.query, event.queryStringParameters ?? {}, 'query')
        : (undefined as TQuery);
      const path = options.path ? parseOrThrow(options.path, event.pathParameters ?? {}, 'path') : (undefined as TPath);
      const response = await logic({ event, identity: state.identity, body, query, path });
      return jsonResponse(response.statusCode, response.body, response.headers);
    }) as HttpLambdaHandler;
}
