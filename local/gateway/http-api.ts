import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuthorizerContext } from '../../functions/platform/auth/authorizer-context.js';
import type { TokenVerifier } from '../../functions/platform/auth/token-verifier.js';
import { CORS_POLICY } from '../../functions/platform/http/cors.js';
import { invoke, LambdaTimeout, type MountedFunction } from '../runtime/functions.js';
import { FunctionUrls } from './function-url.js';
import { buildHttpEvent, toHttpResponse } from './http-event.js';
import { MAX_BODY_BYTES, PayloadTooLarge, readBody, sendError } from './http-util.js';
import { apiGatewayId } from './ids.js';
import { compileRoutes, type HttpRoute, matchRoute } from './routes.js';

/** CORS as the HTTP API's `corsPreflight` configures it from the one policy (the dev stage allows any origin). */
export const CORS = {
  allowOrigin: '*',
  allowMethods: [...CORS_POLICY.allowMethods, 'OPTIONS'].join(','),
  allowHeaders: CORS_POLICY.allowHeaders.join(','),
  exposeHeaders: CORS_POLICY.exposeHeaders.join(','),
  maxAgeSeconds: String(CORS_POLICY.maxAgeSeconds),
} as const;

/** What the partner authorizer decides (structurally the integrations module's MachineCredentialDecision). */
export type MachineCredentialDecisionLike =
  | { readonly kind: 'absent' }
  | { readonly kind: 'denied'; readonly reason: string }
  | { readonly kind: 'allowed'; readonly context: AuthorizerContext };

export interface HttpApiOptions {
  readonly functions: readonly MountedFunction[];
  readonly tokens: TokenVerifier;
  /**
   * The partner half of the HTTP authorizer: API keys and OAuth2 access tokens (the integrations
   * module's `decideMachineCredential`, the code the Lambda authorizer runs in AWS, docs/adr/0108,
   * 0113). Without it only user tokens are accepted.
   */
  readonly machineCredentials?: (
    headers: Readonly<Record<string, string | undefined>>,
  ) => Promise<MachineCredentialDecisionLike>;
  readonly logger: Logger;
  /** @default 10 MB, API Gateway's limit */
  readonly maxBodyBytes?: number;
}

/**
 * The local HTTP API: the routes the module declarations declare, each behind a JWT check done the
 * way API Gateway's JWT authorizer does it, each request turned into a payload-2.0 event for the
 * declared handler. Differences from API Gateway's own error bodies are in docs/adr/0020.
 */
export class HttpApi {
  readonly routes: readonly HttpRoute[];
  readonly #options: HttpApiOptions;
  /** `streamingHttp` routes: function URLs in AWS, served under the same origin here. */
  readonly #functionUrls: FunctionUrls;

  constructor(options: HttpApiOptions) {
    this.#options = options;
    this.routes = compileRoutes(options.functions);
    this.#functionUrls = new FunctionUrls(options.functions, options.logger);
  }

  /** Whether a path belongs to the API (some route declares it), so other handlers leave it alone. */
  owns(path: string): boolean {
    return this.#functionUrls.owns(path) || this.routes.some((route) => route.regex.test(path));
  }

  /** Answers a CORS preflight for a declared path. */
  preflight(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(204, {
      'access-control-allow-origin': CORS.allowOrigin,
      'access-control-allow-methods': CORS.allowMethods,
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? CORS.allowHeaders,
      'access-control-max-age': CORS.maxAgeSeconds,
    });
    response.end();
  }

  /**
   * Handles a request for a declared path and returns the status sent (for the access log).
   * Nothing a client sends makes this throw or leak an error.
   */
  async handle(request: IncomingMessage, response: ServerResponse, requestId = apiGatewayId()): Promise<number> {
    const cors: Record<string, string> = request.headers.origin
      ? { 'access-control-allow-origin': CORS.allowOrigin, 'access-control-expose-headers': CORS.exposeHeaders }
      : {};
    const headers = { ...cors, 'apigw-requestid': requestId };
    const rawUrl = request.url ?? '/';
    const path = rawUrl.split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    // A function URL has no JWT authorizer in front: its handler verifies the token (ADR 0075).
    if (this.#functionUrls.owns(path)) return this.#functionUrls.handle(request, response, requestId);
    const match = matchRoute(this.routes, method, path);
    if (match.kind !== 'matched') {
      // API Gateway answers an undeclared method on a declared path with 404, not 405.
      request.resume();
      sendError(response, 404, 'NOT_FOUND', `No route for ${method} ${path}`, headers);
      return 404;
    }

    // 1. The JWT authorizer runs before the body is even read, as in API Gateway; a public
    //    route has none (its handler checks the request's own signature).
    let lambdaContext: AuthorizerContext | undefined;
    // Routes that declare scopes sit behind the Lambda authorizer in AWS, which accepts API keys
    // and partners' OAuth2 access tokens too.
    const scoped = !match.route.trigger.public && (match.route.trigger.scopes?.length ?? 0) > 0;
    if (scoped && this.#options.machineCredentials) {
      const decision = await this.#options.machineCredentials(request.headers as Record<string, string | undefined>);
      if (decision.kind === 'denied') {
        request.resume();
        this.#options.logger.debug('partner credential rejected', { requestId, reason: decision.reason });
        sendError(response, 401, 'UNAUTHENTICATED', 'Invalid or revoked credentials', headers);
        return 401;
      }
      if (decision.kind === 'allowed') lambdaContext = decision.context;
    }
    const claims =
      match.route.trigger.public || lambdaContext
        ? undefined
        : await this.authenticate(request, response, headers, requestId);
    if (claims === null) return 401;

    // 2. The body, within API Gateway's payload limit.
    let body: Buffer;
    try {
      body = await readBody(request, this.#options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        sendError(response, 413, 'PAYLOAD_TOO_LARGE', error.message, { ...headers, connection: 'close' });
        request.resume();
        return 413;
      }
      throw error;
    }

    // 3. The integration: the declared handler with a payload-2.0 event.
    const event = buildHttpEvent({
      method,
      url: rawUrl,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      routeKey: match.route.routeKey,
      pathParameters: match.pathParameters,
      claims,
      ...(lambdaContext ? { lambdaContext } : {}),
      requestId,
    });
    let result: unknown;
    try {
      result = await invoke(match.route.fn, event);
    } catch (error) {
      // A handler that throws is a bug, never the client's business: log it, answer generically.
      this.#options.logger.error('handler failed', {
        requestId,
        function: match.route.fn.declaration.name,
        timeout: error instanceof LambdaTimeout,
        error: error as Error,
      });
      sendError(response, 500, 'INTERNAL', 'Internal error', headers);
      return 500;
    }
    const mapped = toHttpResponse(result);
    if (response.headersSent || response.destroyed) return mapped.statusCode;
    response.writeHead(mapped.statusCode, {
      ...mapped.headers,
      ...headers,
      'content-length': mapped.body.length,
    });
    response.end(mapped.body);
    return mapped.statusCode;
  }

  /** The verified claims of the request's bearer token, or null after answering 401. */
  private async authenticate(
    request: IncomingMessage,
    response: ServerResponse,
    headers: Record<string, string>,
    requestId: string,
  ): Promise<Readonly<Record<string, unknown>> | null> {
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      request.resume();
      sendError(response, 401, 'UNAUTHENTICATED', 'Missing bearer token', {
        ...headers,
        'www-authenticate': 'Bearer',
      });
      return null;
    }
    let claims: Readonly<Record<string, unknown>>;
    try {
      claims = (await this.#options.tokens.verify(token)).claims;
    } catch (error) {
      request.resume();
      this.#options.logger.debug('token rejected', { requestId, reason: (error as Error).message });
      sendError(response, 401, 'UNAUTHENTICATED', 'Invalid or expired token', {
        ...headers,
        'www-authenticate': 'Bearer error="invalid_token"',
      });
      return null;
    }

    return claims;
  }
}

/** API Gateway accepts `Bearer <jwt>` and a bare JWT in the identity source. */
function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const token = (match?.[1] ?? header).trim();
  return token.length > 0 ? token : undefined;
}
