import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { invoke, type MountedFunction } from '../runtime/functions.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../runtime/lambda-context.js';
import { watchHandshake } from './handshake-watch.js';
import { LOCAL_API_ID } from './http-event.js';
import { apiGatewayId, apiGatewayTime } from './ids.js';

/** The WebSocket API's stage, as in the deployed API (`wss://…/{stage}`). */
export const WEBSOCKET_STAGE = 'local';
/** Route keys API Gateway runs only on connect and disconnect, never for a message. */
const LIFECYCLE_ROUTE_KEYS: ReadonlySet<string> = new Set(['$connect', '$disconnect']);
/** API Gateway's limit for one WebSocket message. */
const MAX_MESSAGE_BYTES = 128 * 1024;

interface LiveConnection {
  readonly connectionId: string;
  readonly connectedAt: number;
  lastActiveAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly domainName: string;
  readonly authorizer: Readonly<Record<string, unknown>> | undefined;
  /** Undefined until `$connect` has succeeded and the upgrade completed. */
  socket: WebSocket | undefined;
  /** Frames posted while `$connect` is still running, sent once the socket is open. */
  readonly pending: string[];
}

/** What `GetConnection` answers, in the management API's JSON names. */
export interface ConnectionDescription {
  readonly connectedAt: string;
  readonly lastActiveAt: string;
  readonly identity: { readonly sourceIp: string; readonly userAgent: string };
}

export interface WebSocketApiOptions {
  readonly functions: readonly MountedFunction[];
  readonly logger: Logger;
}

/**
 * The local WebSocket API: the `$connect` Lambda REQUEST authorizer (token from `?token=`), the
 * declared route keys selected by `$request.body.action` with `$default` as fallback,
 * `$disconnect` on close, and API Gateway-shaped connection ids. The management API
 * (management-api.ts) posts to, describes and closes these connections.
 */
export class WebSocketApi {
  readonly #server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  readonly #connections = new Map<string, LiveConnection>();
  readonly #routes = new Map<string, MountedFunction>();
  readonly #authorizer: MountedFunction | undefined;
  readonly #logger: Logger;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(options: WebSocketApiOptions) {
    this.#logger = options.logger;
    for (const fn of options.functions) {
      for (const trigger of fn.declaration.triggers) {
        if (trigger.kind === 'websocket') {
          if (this.#routes.has(trigger.routeKey)) throw new Error(`WebSocket route ${trigger.routeKey} declared twice`);
          this.#routes.set(trigger.routeKey, fn);
        }
      }
    }
    this.#authorizer = options.functions.find((fn) =>
      fn.declaration.triggers.some((t) => t.kind === 'websocketAuthorizer'),
    );
  }

  /**
   * Connections the gateway holds: open ones and those whose `$connect` is still running — exactly
   * the ids the management API answers for (anything else is 410).
   */
  get size(): number {
    return this.#connections.size;
  }

  /** Resolves when no handshake and no route handler is running. */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Handles an HTTP upgrade on the WebSocket path: authorize, `$connect`, then accept or refuse.
   * A client that hangs up before the upgrade completes leaves nothing behind: no `$connect` if it
   * left during the authorizer, and if it left during `$connect` the connection is forgotten and
   * `$disconnect` runs only when `$connect` succeeded — API Gateway's rule.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Tracked as a whole, so idle() also waits for handshakes (and the $disconnect they may cause).
    return this.#track(() => this.#handshake(request, socket, head));
  }

  async #handshake(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const handshake = watchHandshake(socket);
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'http://local');
    const connectionId = apiGatewayId();
    const connectedAt = Date.now();
    const headers = flatHeaders(request);
    const domainName = (headers.host ?? '127.0.0.1').replace(/:\d+$/, '');
    const sourceIp = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const userAgent = headers['user-agent'] ?? '';
    const queryStringParameters = Object.fromEntries(url.searchParams);
    const base = this.#requestContext({
      connectionId,
      connectedAt,
      domainName,
      sourceIp,
      userAgent,
      routeKey: '$connect',
      eventType: 'CONNECT',
    });
    const refuse = (status: number, message: string) => {
      this.#logger.info('websocket connect refused', {
        connectionId,
        status,
        ms: Math.round(performance.now() - started),
      });
      rejectUpgrade(socket, status, message);
    };

    // 1. The REQUEST authorizer: throw 'Unauthorized' → 401; a Deny policy → 403.
    let authorizer: Record<string, unknown> | undefined;
    if (this.#authorizer) {
      const methodArn = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${LOCAL_API_ID}/${WEBSOCKET_STAGE}/$connect`;
      const event = {
        type: 'REQUEST',
        methodArn,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters,
        multiValueQueryStringParameters: Object.fromEntries(
          [...url.searchParams.keys()].map((key) => [key, url.searchParams.getAll(key)]),
        ),
        stageVariables: {},
        requestContext: base,
      };
      let policy: unknown;
      try {
        policy = await this.#track(() => invoke(this.#authorizer as MountedFunction, event));
      } catch (error) {
        if ((error as Error).message === 'Unauthorized') refuse(401, 'Unauthorized');
        else {
          this.#logger.error('websocket authorizer failed', { connectionId, error: error as Error });
          refuse(500, 'Internal server error');
        }
        return;
      }
      const decision = evaluatePolicy(policy, methodArn);
      if (decision === 'deny') {
        refuse(403, 'Forbidden');
        return;
      }
      const { principalId, context } = policy as { principalId?: unknown; context?: Record<string, unknown> };
      authorizer = { principalId: String(principalId ?? ''), integrationLatency: 0, ...(context ?? {}) };
    }
    // Nobody to connect: a client gone during the authorizer gets no `$connect` (and no `$disconnect`).
    if (handshake.dropped) {
      this.#logger.info('websocket client left during the authorizer', { connectionId });
      return;
    }

    const connection: LiveConnection = {
      connectionId,
      connectedAt,
      lastActiveAt: connectedAt,
      sourceIp,
      userAgent,
      domainName,
      authorizer,
      socket: undefined,
      pending: [],
    };
    this.#connections.set(connectionId, connection);

    // 2. `$connect`: a non-2xx answer refuses the connection with that status.
    const connect = this.#routes.get('$connect');
    if (connect) {
      const event = {
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
        requestContext: { ...base, ...(authorizer ? { authorizer } : {}) },
        isBase64Encoded: false,
      };
      let status: number;
      try {
        const result = await this.#track(() => invoke(connect, event));
        status = statusOf(result);
      } catch (error) {
        this.#logger.error('websocket $connect failed', { connectionId, error: error as Error });
        status = 500;
      }
      if (status < 200 || status > 299) {
        this.#connections.delete(connectionId);
        refuse(status, status >= 500 ? 'Internal server error' : 'Forbidden');
        return;
      }
    }

    // 3. Accept: complete the upgrade and wire messages and close. If the client is already gone,
    // or ws cannot complete the upgrade (it then destroys the socket without calling back), the
    // connection never opened: forget it and run `$disconnect` (its `$connect` succeeded).
    handshake.onDrop(() => {
      this.#logger.info('websocket client left during the handshake', { connectionId });
      this.#onClose(connection, ABNORMAL_CLOSURE, '');
    });
    if (handshake.dropped) return;
    this.#server.handleUpgrade(request, socket, head, (ws) => {
      handshake.complete();
      connection.socket = ws;
      for (const frame of connection.pending.splice(0)) ws.send(frame);
      this.#logger.info('websocket connected', {
        connectionId,
        principalId: authorizer?.principalId,
        ms: Math.round(performance.now() - started),
      });
      ws.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
      ws.on('close', (code, reason) => this.#onClose(connection, code, reason.toString()));
      ws.on('error', (error) => this.#logger.warn('websocket error', { connectionId, error }));
    });
  }

  /** PostToConnection: false when the connection does not exist (the management API's 410). */
  post(connectionId: string, data: Buffer): boolean {
    const connection = this.#connections.get(connectionId);
    if (!connection) return false;
    const frame = data.toString('utf8');
    connection.lastActiveAt = Date.now();
    if (!connection.socket) connection.pending.push(frame);
    else if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(frame);
    else return false;
    return true;
  }

  /** GetConnection: undefined when gone. */
  describe(connectionId: string): ConnectionDescription | undefined {
    const connection = this.#connections.get(connectionId);
    if (!connection) return undefined;
    return {
      connectedAt: new Date(connection.connectedAt).toISOString(),
      lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
      identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
    };
  }

  /** DeleteConnection: false when already gone. `$disconnect` follows, as in API Gateway. */
  disconnect(connectionId: string): boolean {
    const connection = this.#connections.get(connectionId);
    if (!connection?.socket) return false;
    connection.socket.close(1000, 'Going away');
    return true;
  }

  /** Closes every connection (firing `$disconnect`) and waits for the handlers. */
  async stop(): Promise<void> {
    for (const connection of this.#connections.values()) connection.socket?.close(1001, 'Server shutting down');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await this.idle();
    for (const connection of this.#connections.values()) connection.socket?.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onMessage(connection: LiveConnection, data: RawData, isBinary: boolean): void {
    connection.lastActiveAt = Date.now();
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const body = isBinary ? buffer.toString('base64') : buffer.toString('utf8');
    // Route selection expression `$request.body.action`.
    let action: unknown;
    if (!isBinary) {
      try {
        action = (JSON.parse(body) as { action?: unknown } | null)?.action;
      } catch {
        action = undefined;
      }
    }
    // `$connect` and `$disconnect` are lifecycle routes: API Gateway never selects them for a
    // message, so `{"action":"$disconnect"}` goes to `$default` like any unknown action.
    const routeKey =
      typeof action === 'string' && this.#routes.has(action) && !LIFECYCLE_ROUTE_KEYS.has(action) ? action : '$default';
    const route = this.#routes.get(routeKey);
    const requestContext = this.#requestContext({
      connectionId: connection.connectionId,
      connectedAt: connection.connectedAt,
      domainName: connection.domainName,
      sourceIp: connection.sourceIp,
      userAgent: connection.userAgent,
      routeKey,
      eventType: 'MESSAGE',
    });
    if (!route) {
      // What API Gateway answers when no route matches and no $default is declared.
      connection.socket?.send(
        JSON.stringify({
          message: 'Forbidden',
          connectionId: connection.connectionId,
          requestId: requestContext.requestId,
        }),
      );
      return;
    }
    const event = {
      requestContext: {
        ...requestContext,
        messageId: apiGatewayId(),
        ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
      },
      body,
      isBase64Encoded: isBinary,
    };
    const started = performance.now();
    void this.#track(() => invoke(route, event)).then(
      (result) =>
        this.#logger.info('websocket message', {
          connectionId: connection.connectionId,
          routeKey,
          status: statusOf(result),
          ms: Math.round(performance.now() - started),
        }),
      (error) =>
        this.#logger.error('websocket route failed', {
          connectionId: connection.connectionId,
          routeKey,
          error: error as Error,
        }),
    );
  }

  #onClose(connection: LiveConnection, code: number, reason: string): void {
    this.#connections.delete(connection.connectionId);
    const route = this.#routes.get('$disconnect');
    this.#logger.info('websocket disconnected', { connectionId: connection.connectionId, code });
    if (!route) return;
    const event = {
      headers: { host: connection.domainName },
      multiValueHeaders: { host: [connection.domainName] },
      requestContext: {
        ...this.#requestContext({
          connectionId: connection.connectionId,
          connectedAt: connection.connectedAt,
          domainName: connection.domainName,
          sourceIp: connection.sourceIp,
          userAgent: connection.userAgent,
          routeKey: '$disconnect',
          eventType: 'DISCONNECT',
        }),
        disconnectStatusCode: code,
        disconnectReason: reason,
        ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
      },
      isBase64Encoded: false,
    };
    void this.#track(() => invoke(route, event)).catch((error) =>
      this.#logger.error('websocket $disconnect failed', { connectionId: connection.connectionId, error }),
    );
  }

  #requestContext(input: {
    connectionId: string;
    connectedAt: number;
    domainName: string;
    sourceIp: string;
    userAgent: string;
    routeKey: string;
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  }) {
    const now = new Date();
    const requestId = apiGatewayId();
    return {
      routeKey: input.routeKey,
      eventType: input.eventType,
      extendedRequestId: requestId,
      requestTime: apiGatewayTime(now),
      messageDirection: 'IN' as const,
      stage: WEBSOCKET_STAGE,
      connectedAt: input.connectedAt,
      requestTimeEpoch: now.getTime(),
      identity: { sourceIp: input.sourceIp, userAgent: input.userAgent },
      requestId,
      domainName: input.domainName,
      connectionId: input.connectionId,
      apiId: LOCAL_API_ID,
    };
  }

  async #track<T>(work: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await work();
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) for (const resolve of this.#waiters.splice(0)) resolve();
    }
  }
}

/** The close code API Gateway reports when a connection ends without a close frame. */
const ABNORMAL_CLOSURE = 1006;

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function statusOf(result: unknown): number {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const status = Number((result as { statusCode: unknown }).statusCode);
    return Number.isFinite(status) ? status : 200;
  }
  return 200;
}

/** `allow` when some Allow statement covers the method ARN and no Deny does (IAM's rule). */
export function evaluatePolicy(policy: unknown, methodArn: string): 'allow' | 'deny' {
  const statements = (policy as { policyDocument?: { Statement?: unknown } } | undefined)?.policyDocument?.Statement;
  if (!Array.isArray(statements)) return 'deny';
  let allowed = false;
  for (const statement of statements as { Effect?: string; Resource?: unknown; Action?: unknown }[]) {
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    const covers = resources.some((resource) => typeof resource === 'string' && arnMatches(resource, methodArn));
    if (!covers) continue;
    if (statement.Effect === 'Deny') return 'deny';
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'deny';
}

function arnMatches(pattern: string, arn: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(arn);
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ message });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
