import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { identityOfAuthorizerContext } from '../auth/authorizer-context.js';
import { CLAIMS, decodeJwtPayload, type Identity, identityFromClaims, isIdentity } from '../auth/identity.js';
import type { Clock } from '../clock.js';
import { ExposableError, Forbidden, MalformedJson, PayloadTooLarge, Unauthenticated } from '../errors.js';
import { httpIdempotency } from '../idempotency/http-idempotency.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import {
  appendIdentity,
  count,
  type LambdaHandler,
  type ObservabilityDeps,
  observedHandler,
} from '../observability/observability.js';
import { httpRateLimit } from '../rate-limit/http-rate-limit.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { FunctionDeclaration, HttpTrigger } from '../wiring/declaration.js';
import type * as z from '../zod.js';
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
  /**
   * The `Idempotency-Key` this request claimed, on routes declared `idempotent` that were sent one
   * (docs/adr/0128): the use case stores it with its effect when a replay after the claim has run
   * out must find that effect instead of repeating it.
   */
  readonly idempotencyKey?: string;
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
  /**
   * The function's deps. `idempotency` is required when a trigger of the declaration is
   * `idempotent`: the function binds the idempotency store under that name (docs/adr/0062).
   * `rateLimits` is the platform's rate limiter (`dynamoDbRateLimiter.readWrite`, docs/adr/0114):
   * a function with user or partner routes does not compile without binding it.
   */
  readonly deps: ObservabilityDeps & {
    readonly clock: Clock;
    readonly idempotency?: IdempotencyStore;
    readonly rateLimits: RateLimiter;
  };
  /**
   * Checks on the parsed JSON before the schema runs, for limits that must answer with their own
   * error (e.g. 413 TOO_MANY_READINGS) instead of a schema message.
   */
  readonly precheck?: (body: unknown) => void;
  /** A schema, or a function building one per request (e.g. from the clock). */
  readonly body?: z.ZodMiniType<TBody> | (() => z.ZodMiniType<TBody>);
  readonly query?: z.ZodMiniType<TQuery>;
  readonly path?: z.ZodMiniType<TPath>;
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
 * Maps every error to `{code, message, details?}` JSON: the ONE place errors become responses. It
 * asks the error whether it may be exposed (middy's `expose`): an exposable error keeps its status,
 * code and message; anything else is logged with its stack and answered with a generic 500, so
 * internals never reach a client. Exposed 5xx errors (503 + Retry-After) are ours, not the
 * client's: they are logged as warnings and counted apart from client errors.
 */
export function httpErrors(deps: Pick<ObservabilityDeps, 'logger' | 'metrics'>): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'httpErrors',
    onError: (request) => {
      const error = request.error;
      if (error instanceof ExposableError && error.expose) {
        if (error.isClientError) count(deps.metrics, 'clientErrors');
        else {
          deps.logger.warn('Answering with a retryable server error', { error });
          count(deps.metrics, 'serverErrors');
        }
        request.response = jsonResponse(error.statusCode, errorBody(error), error.headers);
        return;
      }
      deps.logger.error('Unhandled error', { error: error ?? undefined });
      count(deps.metrics, 'serverErrors');
      request.response = jsonResponse(500, { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' });
    },
  };
}

function errorBody(error: ExposableError): Record<string, unknown> {
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
 * The caller's identity from a request that passed API Gateway's JWT authorizer. The authorizer
 * verified the bearer token but hands its claims flattened (arrays become `[a b]` strings), so the
 * claims are read from that same token's payload, after checking it is the token the authorizer
 * saw (same subject and tenant). Undefined when anything is missing, malformed or does not match.
 */
export function identityOfRequest(event: HttpEvent, now: Date): Identity | undefined {
  // An API key, accepted by the HTTP API's Lambda authorizer (docs/adr/0108).
  const lambda = (event.requestContext?.authorizer as { lambda?: unknown } | undefined)?.lambda;
  if (lambda !== undefined) return identityOfAuthorizerContext(lambda);
  const verified = event.requestContext?.authorizer?.jwt?.claims;
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  const payload = token ? decodeJwtPayload(token) : undefined;
  if (!verified || !payload) return undefined;
  if (payload[CLAIMS.subject] !== verified[CLAIMS.subject] || payload[CLAIMS.tenantId] !== verified[CLAIMS.tenantId]) {
    return undefined;
  }
  const identity = identityFromClaims(payload, now);
  return isIdentity(identity) ? identity : undefined;
}

/**
 * Authenticates: the verified identity (401 when it is absent or unacceptable), kept for the
 * middlewares after it and the route's logic.
 */
export function authenticate(deps: {
  readonly logger: Logger;
  readonly clock: Clock;
}): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'authenticate',
    before: (request) => {
      const identity = identityOfRequest(request.event, deps.clock.now());
      if (!identity) throw new Unauthenticated();
      appendIdentity(deps.logger, identity);
      stateOf(request.event).identity = identity;
    },
  };
}

/**
 * Authorises an authenticated caller against the roles (or scopes) the function declares for the
 * route being called (403 when none match). The route is found by `routeKey` (`POST
 * /v1/telemetry`); a route the function does not declare is refused rather than allowed, so a
 * wiring mistake fails closed.
 */
export function authorize(declaration: FunctionDeclaration): MiddlewareObj<HttpEvent, HttpResult> {
  const routes = new Map(httpTriggers(declaration).map((t) => [`${t.method} ${t.path}`, t]));
  return {
    name: 'authorize',
    before: (request) => {
      const identity = stateOf(request.event).identity;
      if (!identity) throw new Unauthenticated();
      const route = routes.get(request.event.routeKey);
      if (!route || !admits(route, identity)) throw new Forbidden();
    },
  };
}

/**
 * Whether a route admits a caller: a machine caller (an identity with scopes: an API key, an
 * OAuth2 client) by one of the route's scopes, and a user by one of its roles (docs/adr/0108).
 */
export function admits(route: Pick<HttpTrigger, 'roles' | 'scopes'>, identity: Identity): boolean {
  if (identity.scopes !== undefined) return identity.scopes.some((scope) => route.scopes?.includes(scope) ?? false);
  return identity.roles.some((role) => route.roles.includes(role));
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
 * Builds an HTTP route handler: observability, the error mapper, authentication, the rate limit
 * (docs/adr/0114: 429 over it, `RateLimit-Policy`/`RateLimit` on every response to an
 * authenticated caller), authorisation, JSON parsing and zod validation of body, query and path
 * (in that order), then the route's logic, which only ever sees an authorised caller and
 * validated input. Routes declared `idempotent` honour
 * `Idempotency-Key`: the key is claimed after parsing and the final response (error responses
 * included) is stored or the key released outside the error mapper (docs/adr/0062).
 */
export function httpHandler<TBody = undefined, TQuery = undefined, TPath = undefined>(
  options: HttpHandlerOptions<TBody, TQuery, TPath>,
  logic: (request: HttpRequest<TBody, TQuery, TPath>) => Promise<HttpResponse>,
): HttpLambdaHandler {
  const { declaration, deps } = options;
  const idempotentRoutes = new Set(
    httpTriggers(declaration)
      .filter((t) => t.idempotent)
      .map((t) => `${t.method} ${t.path}`),
  );
  const chain = observedHandler<HttpEvent, HttpResult>(deps, declaration.name);
  if (!deps.rateLimits) throw new Error(`Function ${declaration.name} has HTTP routes but binds no 'rateLimits'`);
  const rateLimit = httpRateLimit({
    limiter: deps.rateLimits,
    identityOf: (event) => stateOf(event).identity,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  // Outermost, so its `after`/`onError` see every final response, error responses included; the
  // idempotency record is stored without the fields (they describe one moment, not the answer).
  chain.use(rateLimit.fields);
  let claimKey: MiddlewareObj<HttpEvent, HttpResult> | undefined;
  let claimedKey: ((event: HttpEvent) => string | undefined) | undefined;
  if (idempotentRoutes.size > 0) {
    if (!deps.idempotency) {
      throw new Error(`Function ${declaration.name} declares idempotent routes but binds no 'idempotency' store`);
    }
    const idempotency = httpIdempotency({
      store: deps.idempotency,
      routes: idempotentRoutes,
      requestOf: (event) => stateOf(event),
      logger: deps.logger,
      metrics: deps.metrics,
      // A replay is an early answer, which skips `rateLimit.fields`: it gets this request's fields here.
      decorateReplay: rateLimit.addFieldsTo,
    });
    chain.use(idempotency.settle);
    claimKey = idempotency.claim;
    claimedKey = idempotency.claimedKey;
  }
  chain
    .use(httpErrors(deps))
    .use(authenticate(deps))
    .use(rateLimit.check)
    .use(authorize(declaration))
    .use(jsonBody(options.maxBodyBytes ?? 1_048_576));
  if (claimKey) chain.use(claimKey);
  return chain.handler(async (event) => {
    const state = stateOf(event);
    if (!state.identity) throw new Unauthenticated();
    if (options.precheck) options.precheck(state.body);
    const bodySchema = typeof options.body === 'function' ? options.body() : options.body;
    const body = bodySchema ? parseOrThrow(bodySchema, state.body, 'body') : (undefined as TBody);
    const query = options.query
      ? parseOrThrow(options.query, event.queryStringParameters ?? {}, 'query')
      : (undefined as TQuery);
    const path = options.path ? parseOrThrow(options.path, event.pathParameters ?? {}, 'path') : (undefined as TPath);
    const idempotencyKey = claimedKey?.(event);
    const response = await logic({
      event,
      identity: state.identity,
      body,
      query,
      path,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    return jsonResponse(response.statusCode, response.body, response.headers);
  }) as HttpLambdaHandler;
}
