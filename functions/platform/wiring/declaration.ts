import type { Bindings, DepsOf } from './bindings.js';
import type { EventPattern } from './events.js';
import type { Role } from './roles.js';
import type { TableDefinition } from './tables.js';

/**
 * The shape of one function's wiring. The CDK app turns a declaration into a Lambda function, its
 * routes, rules, stream mappings, environment and grants; the local stack turns the same
 * declaration into a mounted handler. Nothing else describes how a function is reached or what it
 * may touch (docs/adr/0002, 0050).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpTrigger {
  readonly kind: 'http';
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/alerts/{alertId}`. */
  readonly path: string;
  /** Roles allowed to call the route; checked by the handler's authorize middleware. */
  readonly roles: readonly Role[];
  /**
   * No JWT authorizer in front: the handler authenticates the request itself (an inbound
   * webhook's signature, the OAuth2 token endpoint) with `publicHttpHandler`. `roles` is then empty.
   * @default false
   */
  readonly public?: boolean;
  /**
   * Honour `Idempotency-Key` on this route (docs/adr/0062): the function must bind the platform's
   * idempotency store as `idempotency` (`dynamoDbIdempotencyStore.readWrite`). @default false
   */
  readonly idempotent?: boolean;
  /**
   * Partner API scopes that admit a machine caller (an API key; an OAuth2 client) to this route,
   * any one of them sufficing; users are admitted by `roles` as always. A route with scopes sits
   * behind the HTTP API's Lambda authorizer in AWS (the `httpAuthorizer` function), which accepts a
   * user's bearer token or an API key; the local gateway does the same with the same code
   * (docs/adr/0108). @default none: users only
   */
  readonly scopes?: readonly string[];
}

/**
 * The HTTP API's Lambda REQUEST authorizer (simple responses) in front of every route that
 * declares `scopes`: it accepts a user's bearer token or an API key and hands the route the
 * identity as its context (docs/adr/0108). One function in the whole app may declare it.
 */
export interface HttpAuthorizerTrigger {
  readonly kind: 'httpAuthorizer';
}

/**
 * A GET route whose response is streamed (server-sent events). API Gateway HTTP APIs buffer whole
 * responses, so in AWS this is the function's Lambda function URL in RESPONSE_STREAM mode, and the
 * handler verifies the bearer token itself; the local stack serves it at `path` (ADR 0075).
 */
export interface StreamingHttpTrigger {
  readonly kind: 'streamingHttp';
  readonly method: 'GET';
  readonly path: string;
  /** Roles allowed to open the stream; checked by the handler. */
  readonly roles: readonly Role[];
}

export interface WebSocketTrigger {
  readonly kind: 'websocket';
  /** `$connect`, `$disconnect`, `$default` or an `action` value of a client frame. */
  readonly routeKey: string;
}

/** The Lambda REQUEST authorizer of the WebSocket API's `$connect` route. */
export interface WebSocketAuthorizerTrigger {
  readonly kind: 'websocketAuthorizer';
}

export interface EventTrigger {
  readonly kind: 'event';
  readonly pattern: EventPattern;
  /** EventBridge target retry attempts before the event goes to the rule's DLQ. @default 4 */
  readonly retryAttempts?: number;
  /** @default 3600 */
  readonly maxEventAgeSeconds?: number;
}

export interface StreamTrigger {
  readonly kind: 'stream';
  readonly table: TableDefinition;
  /** @default 100 */
  readonly batchSize?: number;
  /** @default 'LATEST' */
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** @default 3 */
  readonly retryAttempts?: number;
  /** Only records of these event names reach the handler (a Lambda filter criterion). @default all */
  readonly eventNames?: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  /**
   * How long the mapping gathers records before invoking with a batch that is not full (Lambda's
   * `MaximumBatchingWindowInSeconds`, 0–300). A consumer that only backs up a faster path (e.g.
   * publishReadings behind ingest's fast path) trades this delay for fewer, larger invocations;
   * a consumer on the way to a user (alert events) keeps 0. @default 0
   */
  readonly maximumBatchingWindowSeconds?: number;
}

export interface ScheduleTrigger {
  readonly kind: 'schedule';
  /** EventBridge Scheduler/rule expression, e.g. `rate(1 minute)` or `cron(0 6 * * ? *)`. */
  readonly expression: string;
}

export type Trigger =
  | HttpTrigger
  | StreamingHttpTrigger
  | WebSocketTrigger
  | WebSocketAuthorizerTrigger
  | HttpAuthorizerTrigger
  | EventTrigger
  | StreamTrigger
  | ScheduleTrigger;

/**
 * A Lambda handler as factories return it: callable by the Lambda runtime and by the local stack.
 * `(event, context)`, or `(event, responseStream, context)` for a response-streaming handler.
 */
export type AnyLambdaHandler = (event: never, ...rest: never[]) => Promise<unknown>;

/** One function of a module. `B` is its bindings; the factory receives exactly `DepsOf<B>`. */
export interface FunctionDeclaration<B extends Bindings = Bindings> {
  /** camelCase, unique; the construct id in CDK and the name in local logs. */
  readonly name: string;
  readonly description: string;
  /** Lambda entry (repo-relative): a module whose `handler` export is `lambdaHandler(thisDeclaration)`. */
  readonly entry: string;
  readonly triggers: readonly Trigger[];
  /** What the function may touch, by the name its handler uses. */
  readonly bindings: B;
  /**
   * Builds the handler; the Lambda entry calls it with AWS adapters, the local stack with local ones.
   * (A method signature, so that a declaration with specific bindings is still a FunctionDeclaration.)
   */
  factory(deps: DepsOf<B>): AnyLambdaHandler;
  /** @default FUNCTION_DEFAULTS.memorySize */
  readonly memorySize?: number;
  /** @default FUNCTION_DEFAULTS.timeoutSeconds */
  readonly timeoutSeconds?: number;
}

/**
 * Declares a function, inferring its bindings so that its factory's deps are checked against them.
 * The factory is referenced, not called: nothing is built until a runtime asks for it.
 */
export function defineFunction<B extends Bindings>(declaration: FunctionDeclaration<B>): FunctionDeclaration<B> {
  return declaration;
}

/**
 * Defaults of every function, written once: the CDK function construct and the local stack's
 * invoker both read them (a timeout means the same in both runtimes).
 */
export const FUNCTION_DEFAULTS = {
  memorySize: 512,
  timeoutSeconds: 10,
  /** Asynchronous (rule/schedule) invocations Lambda retries before the failure destination. */
  asyncRetryAttempts: 2,
  event: { retryAttempts: 4, maxEventAgeSeconds: 3600 },
  stream: { batchSize: 100, startingPosition: 'LATEST', retryAttempts: 3, maximumBatchingWindowSeconds: 0 },
} as const;
