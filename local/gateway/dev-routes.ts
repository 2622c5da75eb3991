import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLES } from '../../functions/platform/wiring/roles.js';
import * as z from '../../functions/platform/zod.js';
import type { WebRuntimeConfig } from '../../infra/stacks/web-stack.js';
import type { LocalIssuer } from '../auth/local-issuer.js';
import type { LocalOAuthClients } from '../auth/local-oauth-clients.js';
import { handleTokenRequest } from '../auth/token-endpoint.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import type { OutboxNotifier } from '../outbox/outbox-notifier.js';
import { PayloadTooLarge, readBody, sendError, sendJson } from './http-util.js';

/** `POST /dev/token` body: who the token is for. */
export const TokenRequestSchema = z.catchall(
  z.object({
    tenantId: z
      .string()
      .check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')),
    userId: z.string().check(z.minLength(1), z.maxLength(128)),
    roles: z.array(z.enum(ROLES)).check(z.minLength(1)),
    email: z.optional(z.email()),
  }),
  z.never(),
);

export interface DevRoutesOptions {
  readonly issuer: LocalIssuer;
  /** The issuer's partner app clients, for `POST /oauth2/token` (docs/adr/0113). */
  readonly oauthClients?: LocalOAuthClients;
  readonly outbox: OutboxNotifier;
  readonly deadLetters: DeadLetterQueue;
  /** Extra facts for `/health` (uptime, open connections…). */
  readonly health: () => Record<string, unknown>;
}

/**
 * The local-only routes of the product contract (never deployed): `POST /dev/token`, `GET /dev/outbox`,
 * `GET /dev/dlq`, plus `/health`, the issuer's `/.well-known/jwks.json`, its `POST /oauth2/token` and `/config.json`. Returns the status
 * sent, or undefined when the path is not one of them.
 */
export async function handleDevRoute(
  options: DevRoutesOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number | undefined> {
  const url = new URL(request.url ?? '/', 'http://local');
  const route = `${request.method} ${url.pathname}`;
  switch (route) {
    case 'GET /config.json':
      sendJson(response, 200, localRuntimeConfig(options.issuer, request.headers.host ?? '127.0.0.1'), {
        'cache-control': 'no-store',
      });
      return 200;
    case 'GET /health':
      sendJson(response, 200, { status: 'ok', ...options.health() });
      return 200;
    case 'GET /.well-known/jwks.json':
      sendJson(response, 200, options.issuer.jwks, { 'cache-control': 'max-age=300' });
      return 200;
    case 'GET /dev/outbox': {
      const tenantId = url.searchParams.get('tenantId') ?? undefined;
      const channel = url.searchParams.get('channel') ?? undefined;
      sendJson(response, 200, options.outbox.list({ tenantId, channel }));
      return 200;
    }
    case 'GET /dev/dlq':
      sendJson(response, 200, options.deadLetters.list());
      return 200;
    case 'POST /dev/token':
      return issueToken(options.issuer, request, response);
    case 'POST /oauth2/token':
      // Cognito's user pool domain serves it in AWS; here the local issuer does (docs/adr/0113).
      if (!options.oauthClients) return undefined;
      return handleTokenRequest({ issuer: options.issuer, clients: options.oauthClients }, request, response);
    default:
      return undefined;
  }
}

async function issueToken(issuer: LocalIssuer, request: IncomingMessage, response: ServerResponse): Promise<number> {
  let text: string;
  try {
    text = (await readBody(request, 64 * 1024)).toString('utf8');
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      sendError(response, 413, 'PAYLOAD_TOO_LARGE', 'Body too large');
      return 413;
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    sendError(response, 400, 'BAD_REQUEST', 'Body is not valid JSON');
    return 400;
  }
  const parsed = TokenRequestSchema.safeParse(json);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    sendError(response, 400, 'VALIDATION_FAILED', message);
    return 400;
  }
  const token = await issuer.issue(parsed.data);
  sendJson(response, 200, { token });
  return 200;
}

/** The local `config.json`: what the web stack deploys beside the site, plus the dev sign-in URL. */
export interface LocalRuntimeConfig extends WebRuntimeConfig {
  /** `POST /dev/token`; absent in AWS, where users sign in through the Cognito user pool. */
  readonly devTokenUrl: string;
}

/**
 * The twin of the `config.json` the web stack deploys, so the site learns its API and WebSocket
 * URLs the same way in both runtimes. Built from the Host the browser used, so it holds whatever
 * port the stack listens on.
 */
export function localRuntimeConfig(issuer: LocalIssuer, host: string): LocalRuntimeConfig {
  const origin = `http://${host}`;
  return {
    stage: 'local',
    region: 'local',
    httpApiUrl: origin,
    webSocketUrl: `ws://${host}/ws`,
    userPoolId: 'local',
    userPoolClientId: issuer.audience,
    devTokenUrl: `${origin}/dev/token`,
  };
}
