import type { EventPattern } from './events.js';
import type { Role } from './roles.js';
import type { TableId } from './tables.js';

/**
 * The shape of one function's wiring. The CDK API stack turns a declaration into a Lambda
 * function, its routes, rules, stream mappings, environment and grants; the local stack turns
 * the same declaration into mounted handlers. Nothing else describes how a function is reached.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpTrigger {
  readonly kind: 'http';
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/alerts/{alertId}`. */
  readonly path: string;
  /** Roles allowed to call the route; checked by the handler's authorize middleware. */
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
  readonly table: TableId;
  /** @default 100 */
  readonly batchSize?: number;
  /** @default 'LATEST' */
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** @default 3 */
  readonly retryAttempts?: number;
}

export interface ScheduleTrigger {
  readonly kind: 'schedule';
  /** EventBridge Scheduler/rule expression, e.g. `rate(1 minute)` or `cron(0 6 * * ? *)`. */
  readonly expression: string;
}

export type Trigger =
  | HttpTrigger
  | WebSocketTrigger
  | WebSocketAuthorizerTrigger
  | EventTrigger
  | StreamTrigger
  | ScheduleTrigger;

export type TableAccess = 'read' | 'readWrite';
export type TopicId = 'sms' | 'push';

/** What a function may touch. Each binding becomes an env var plus the narrowest grant. */
export interface Bindings {
  readonly tables?: readonly { readonly table: TableId; readonly access: TableAccess }[];
  /** Publish to the event bus (EVENT_BUS_NAME). */
  readonly bus?: boolean;
  /** Publish to SNS topics / SMS (SMS_SENDER_ID, PUSH_TOPIC_ARN). */
  readonly topics?: readonly TopicId[];
  /** Post to / disconnect WebSocket connections through the management API (WEBSOCKET_ENDPOINT). */
  readonly websocket?: boolean;
  /** Read/write the search domain (SEARCH_ENDPOINT). */
  readonly search?: boolean;
  /** Verify user tokens (JWT_ISSUER, JWT_AUDIENCE, JWKS_URL). */
  readonly auth?: boolean;
  /** Encrypt/decrypt with the data key (KMS_KEY_ID). */
  readonly keys?: boolean;
}

export interface FunctionDeclaration {
  /** camelCase, unique; the construct id in CDK and the name in local logs. */
  readonly name: string;
  readonly description: string;
  /** Lambda entry (repo-relative), a module whose `handler` export is the Lambda handler. */
  readonly entry: string;
  /** The factory the entry calls with AWS deps and the local stack calls with local deps. */
  readonly handler: { readonly module: string; readonly factory: string };
  readonly triggers: readonly Trigger[];
  readonly bindings: Bindings;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** Lambda layers from `layers/` the function needs (modules inside are external to the bundle). */
  readonly layers?: readonly 'ml'[];
}
