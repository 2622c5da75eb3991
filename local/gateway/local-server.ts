import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type DevRoutesOptions, handleDevRoute } from './dev-routes.js';
import type { HttpApi } from './http-api.js';
import { sendError } from './http-util.js';
import { apiGatewayId } from './ids.js';
import { handleManagementRequest, isManagementPath } from './management-api.js';
import { createManagementCredentials, type ManagementCredentials } from './management-credentials.js';
import { serveStatic } from './static-files.js';
import type { WebSocketApi } from './websocket-api.js';

/** The path of the WebSocket API, as in the product contract (`/ws?token=…`). */
export const WEBSOCKET_PATH = '/ws';

export interface LocalServerRoutes {
  readonly httpApi: HttpApi;
  readonly webSocketApi: WebSocketApi;
  readonly dev: DevRoutesOptions;
  /** Directory served at `/` (web/public). */
  readonly staticRoot: string;
}

/**
 * The one HTTP server of the local stack. In AWS these are separate services (HTTP API, WebSocket
 * API and its management endpoint, CloudFront); here one port carries them, dispatched by path:
 * management API, declared API routes, local-only routes, static files; `/ws` upgrades.
 *
 * It listens before its routes exist, because the routes' dependencies need the port (the
 * management API endpoint); until `attach()` it answers 503.
 */
export class LocalServer {
  readonly server: Server;
  /**
   * The credentials the management API accepts, new for every server (every run of the stack):
   * give them to the ApiGatewayManagementApiClient of the stack's functions, and to nobody else.
   */
  readonly managementCredentials: ManagementCredentials = createManagementCredentials();
  readonly #logger: Logger;
  #routes: LocalServerRoutes | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
    this.server = createServer((request, response) => this.#onRequest(request, response));
    this.server.on('upgrade', (request, socket, head) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path !== WEBSOCKET_PATH || !this.#routes) {
        socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }
      this.#routes.webSocketApi.handleUpgrade(request, socket, head).catch((error: unknown) => {
        logger.error('websocket upgrade failed', { error: error as Error });
        socket.destroy();
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  /** Listens and resolves with the bound port (a free one for port 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  attach(routes: LocalServerRoutes): void {
    this.#routes = routes;
  }

  /** Stops accepting, drops idle keep-alive sockets, and resolves when the server is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 1000).unref();
    });
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    const requestId = apiGatewayId();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    this.#route(request, response, requestId, path).then(
      (status) => {
        // Management calls are the platform talking to itself; keep them out of the access log.
        const fields = {
          requestId,
          method: request.method,
          path,
          status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        };
        if (isManagementPath(path)) this.#logger.debug('request', fields);
        else this.#logger.info('request', fields);
      },
      (error: unknown) => {
        this.#logger.error('request failed', { requestId, method: request.method, path, error: error as Error });
        sendError(response, 500, 'INTERNAL', 'Internal error');
      },
    );
  }

  async #route(request: IncomingMessage, response: ServerResponse, requestId: string, path: string): Promise<number> {
    const routes = this.#routes;
    if (!routes) {
      request.resume();
      sendError(response, 503, 'STARTING', 'The local stack is starting', { 'retry-after': '1' });
      return 503;
    }
    if (isManagementPath(path)) {
      const context = { api: routes.webSocketApi, credentials: this.managementCredentials, logger: this.#logger };
      return handleManagementRequest(context, request, response);
    }
    if (routes.httpApi.owns(path)) {
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        routes.httpApi.preflight(request, response);
        return 204;
      }
      return routes.httpApi.handle(request, response, requestId);
    }
    const dev = await handleDevRoute(routes.dev, request, response);
    if (dev !== undefined) return dev;
    if (await serveStatic(routes.staticRoot, request, response)) return 200;
    request.resume();
    sendError(response, 404, 'NOT_FOUND', `No route for ${request.method} ${path}`);
    return 404;
  }
}
