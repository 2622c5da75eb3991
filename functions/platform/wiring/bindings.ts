import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JWTVerifyGetKey } from 'jose';
import type { Clock } from '../clock.js';
import type { DataKeyProvider } from '../crypto/field-cipher.js';
import type { TableDefinition } from './tables.js';

/**
 * What every handler gets whatever it binds: Powertools' three utilities and the clock. They need
 * no grant and no environment beyond what the function construct always sets.
 */
export interface PlatformBasics {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly clock: Clock;
}

/** What an adapter may read while it is built in Lambda: the environment and the basics. */
export interface AdapterContext {
  readonly env: NodeJS.ProcessEnv;
  readonly basics: PlatformBasics;
}

/**
 * One thing a function may touch, and the port through which its handler touches it. A binding is
 * data the CDK app turns into an environment variable and the narrowest grant, plus `fromEnvironment`,
 * which builds the AWS adapter in Lambda. The port type `P` is carried in `fromEnvironment`'s return
 * type, so `DepsOf<bindings>` knows exactly what a handler receives (docs/adr/0060).
 */
interface BindingBase<K extends string, P> {
  readonly kind: K;
  /** Environment variables the AWS adapter reads; checked at cold start with their names. */
  readonly env: readonly string[];
  /** Builds the AWS adapter; called once per container, at init. */
  readonly fromEnvironment: (context: AdapterContext) => P;
}

export type TableAccess = 'read' | 'readWrite';

/** The parts a DynamoDB repository is built from; the local stack passes DynamoDB Local's. */
export interface TableParts {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/** A DynamoDB table through one repository port. */
export interface TableBinding<P = unknown> extends BindingBase<'table', P> {
  readonly table: TableDefinition;
  readonly access: TableAccess;
  /**
   * For `readWrite`: the partition keys writes are limited to, as IAM `StringLike` patterns on
   * `dynamodb:LeadingKeys` (`TENANT#*#BUCKET#*`). Reads stay table-wide. @default writes anywhere
   */
  readonly writeKeys?: readonly string[];
  /** Builds the repository from explicit parts: the same adapter on DynamoDB Local. */
  readonly create: (parts: TableParts) => P;
}

/** Publishes events to the bus (EVENT_BUS_NAME, events:PutEvents). */
export type BusBinding<P = unknown> = BindingBase<'bus', P>;

/** `push` is mobile push (SNS platform endpoints); `webpush` the PWA's Web Push (VAPID, ADR 0076). */
export type NotifierChannel = 'sms' | 'push' | 'webpush' | 'email';

/** Sends SMS / mobile push through SNS, e-mail through SES, Web Push to the browsers' push services. */
export interface NotifierBinding<P = unknown> extends BindingBase<'notifier', P> {
  readonly channels: readonly NotifierChannel[];
}

/** Posts to and disconnects WebSocket connections through the management API (WEBSOCKET_ENDPOINT). */
export interface WebSocketBinding<P = unknown> extends BindingBase<'websocket', P> {
  /** Builds the gateway over a management API client for the given endpoint (the local stack's). */
  readonly create: (parts: { readonly endpoint: string; readonly credentials?: ManagementCredentials }) => P;
}

/** Static credentials for the management API client (the local stack signs with its own). */
export interface ManagementCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Reads and writes the search domain (SEARCH_ENDPOINT). */
export type SearchBinding<P = unknown> = BindingBase<'search', P>;

/** Verifies user tokens (JWT_ISSUER, JWT_AUDIENCE, JWKS_URL). */
export interface TokensBinding<P = unknown> extends BindingBase<'tokens', P> {
  /** Builds the verifier over a given issuer and key set (the local issuer's). */
  readonly create: (parts: { readonly issuer: string; readonly audience: string; readonly keys: JWTVerifyGetKey }) => P;
}

/** Runs ONNX models in-process; the function gets the `ml` layer with exactly these models. */
export interface ModelBinding<P = unknown> extends BindingBase<'model', P> {
  readonly models: readonly string[];
}

/** Encrypts fields with the stage's field key (FIELD_KEY_ARN, kms:GenerateDataKey and kms:Decrypt). */
export interface CipherBinding<P = unknown> extends BindingBase<'cipher', P> {
  /** Builds the cipher over a data key provider (the local stack's master key). */
  readonly create: (parts: { readonly dataKeys: DataKeyProvider }) => P;
}

/**
 * Schedules durable one-time timers; a fired timer becomes the event `target` on the bus
 * (docs/adr/0110). The CDK app gives the function a schedule group, a scheduler role that may put
 * events on the bus and a DLQ; the local stack its timer host.
 */
export interface TimersBinding<P = unknown> extends BindingBase<'timers', P> {
  readonly target: { readonly source: string; readonly detailType: string };
}

/** What the runtime lets an egress binding reach: the local stack may allow loopback `http` (ADR 0068). */
export interface EgressParts {
  /** Allow `http://` and loopback targets; only the local stack's composition root sets it. */
  readonly allowLoopbackHttp: boolean;
}

/**
 * Sends HTTP requests to third parties' URLs (outbound webhooks). No AWS resource and no grant:
 * a function outside a VPC reaches the internet. In Lambda the adapter is built with the strict
 * rule (https, public addresses only); the local stack passes its own {@link EgressParts}.
 */
export interface EgressBinding<P = unknown> extends BindingBase<'egress', P> {
  readonly create: (parts: EgressParts) => P;
}

/**
 * Creates and deletes partner OAuth2 app clients on the stage's user pool (USER_POOL_ID,
 * cognito-idp:CreateUserPoolClient and DeleteUserPoolClient on that pool, docs/adr/0113); the local
 * stack gives its issuer's client store.
 */
export type OAuthClientsBinding<P = unknown> = BindingBase<'oauthClients', P>;

/**
 * Names the stage's OAuth2 token endpoint (OAUTH_TOKEN_URL, an absolute URL; no grant): the user
 * pool domain's in AWS, the local issuer's locally (docs/adr/0122).
 */
export type TokenEndpointBinding<P = unknown> = BindingBase<'tokenEndpoint', P>;

export type Binding<P = unknown> =
  | TableBinding<P>
  | OAuthClientsBinding<P>
  | TokenEndpointBinding<P>
  | EgressBinding<P>
  | TimersBinding<P>
  | CipherBinding<P>
  | BusBinding<P>
  | NotifierBinding<P>
  | WebSocketBinding<P>
  | SearchBinding<P>
  | TokensBinding<P>
  | ModelBinding<P>;

export type BindingKind = Binding['kind'];

/** A function's bindings by the name its handler uses for each port. */
export type Bindings = Readonly<Record<string, Binding>>;

/** The port a binding gives. */
export type PortOf<B> = B extends { readonly fromEnvironment: (context: AdapterContext) => infer P } ? P : never;

/**
 * What a handler factory receives: exactly one member per binding, typed by its port, plus the
 * basics. A handler that reads a member its declaration does not bind does not compile.
 */
export type DepsOf<B extends Bindings> = { readonly [K in keyof B]: PortOf<B[K]> } & PlatformBasics;
