import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';

/** The user the fake signs in: managed login's page is not what these tests are about. */
export interface FakeCognitoUser {
  readonly sub: string;
  readonly tenantId: string;
  readonly groups: readonly string[];
  readonly email?: string;
}

/** Options of {@link startFakeCognito}. */
export interface FakeCognitoOptions {
  readonly clientId: string;
  /** Registered callback URLs: `/oauth2/authorize` refuses any other `redirect_uri`. */
  readonly callbackUrls: readonly string[];
  /** Registered sign-out URLs: `/logout` refuses any other `logout_uri`. */
  readonly logoutUrls: readonly string[];
  readonly user: FakeCognitoUser;
  /** Lifetime of the ID tokens of each grant. @default 3600 s */
  readonly idTokenSeconds?: (grant: 'authorization_code' | 'refresh_token') => number;
  /** Puts another nonce in the ID token than the one asked for (a replayed answer). @default false */
  readonly wrongNonce?: boolean;
}

/** One request the fake answered. */
export interface FakeCognitoCall {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly status: number;
}

/** A running fake: its origin, what it was asked, the tokens it issued. */
export interface FakeCognito {
  readonly url: string;
  readonly calls: FakeCognitoCall[];
  /** Every ID token issued, with the grant that issued it and its expiry (epoch ms). */
  readonly idTokens: { readonly grant: string; readonly token: string; readonly expiresAt: number }[];
  close(): Promise<void>;
}

interface PendingCode {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly nonce: string | null;
  readonly state: string | null;
  readonly expiresAt: number;
}

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A local stand-in for Cognito managed login's OAuth endpoints (`/oauth2/authorize` with a one-button
 * sign-in page, `/oauth2/token`, `/oauth2/revoke`, `/logout`) with the checks that make a client's mistakes
 * visible: registered redirect and sign-out URLs only, codes that work once, for the same
 * redirect URI, within 5 minutes, and only with the PKCE verifier whose S256 challenge came with
 * the authorization request (Cognito also accepts no PKCE from a public client; this fake requires
 * it, since the PWA must always send it). Refresh tokens stop working once revoked. ID tokens carry
 * Cognito's claims and the request's `nonce`, signed with the fake's own key.
 */
export async function startFakeCognito(options: FakeCognitoOptions): Promise<FakeCognito> {
  const { privateKey } = await generateKeyPair('RS256');
  const logins = new Map<string, PendingCode>();
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, { revoked: boolean }>();
  const calls: FakeCognitoCall[] = [];
  const idTokens: FakeCognito['idTokens'] = [];
  let origin = '';

  const issueIdToken = async (grant: 'authorization_code' | 'refresh_token', nonce: string | null) => {
    const seconds = options.idTokenSeconds?.(grant) ?? 3600;
    const now = Math.floor(Date.now() / 1000);
    const { user } = options;
    const token = await new SignJWT({
      'custom:tenantId': user.tenantId,
      'cognito:groups': [...user.groups],
      'cognito:username': user.sub,
      token_use: 'id',
      auth_time: now,
      ...(user.email ? { email: user.email } : {}),
      ...(nonce ? { nonce: options.wrongNonce ? `${nonce}-other` : nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'fake' })
      .setSubject(user.sub)
      .setIssuer(origin)
      .setAudience(options.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + seconds)
      .sign(privateKey);
    idTokens.push({ grant, token, expiresAt: (now + seconds) * 1000 });
    return { token, seconds };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<number> => {
    const url = new URL(request.url ?? '/', origin);
    // Cognito's token and revoke endpoints answer browsers on other origins.
    response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'POST');
      response.setHeader('access-control-allow-headers', 'content-type, authorization');
      return send(response, 204);
    }
    const params =
      request.method === 'POST' ? new URLSearchParams(await readBody(request)) : new URLSearchParams(url.search);
    const fail = (status: number, error: string) => send(response, status, { error });

    if (request.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const redirectUri = params.get('redirect_uri') ?? '';
      // An unregistered redirect is answered here, never followed (an open redirector otherwise).
      if (params.get('client_id') !== options.clientId) return fail(400, 'invalid_client');
      if (!options.callbackUrls.includes(redirectUri)) return fail(400, 'redirect_mismatch');
      const back = new URL(redirectUri);
      const state = params.get('state');
      if (state) back.searchParams.set('state', state);
      const challenge = params.get('code_challenge') ?? '';
      if (params.get('response_type') !== 'code') back.searchParams.set('error', 'unsupported_response_type');
      else if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
        back.searchParams.set('error', 'invalid_request');
        back.searchParams.set('error_description', 'PKCE with code_challenge_method=S256 is required');
      } else {
        // Managed login's page: the user signs in, then the browser goes back with the code.
        const login = base64Url(randomBytes(12));
        logins.set(login, {
          challenge,
          redirectUri,
          nonce: params.get('nonce'),
          state,
          expiresAt: Date.now() + 300_000,
        });
        return sendHtml(
          response,
          `<main><h1>Sign in (fake managed login)</h1><form method="post" action="/login"><input type="hidden" name="login" value="${login}"><button type="submit">Sign in as ${options.user.sub}</button></form></main>`,
        );
      }
      response.setHeader('location', back.toString());
      return send(response, 302);
    }

    if (request.method === 'POST' && url.pathname === '/login') {
      const login = params.get('login') ?? '';
      const pending = logins.get(login);
      logins.delete(login);
      if (!pending || pending.expiresAt < Date.now()) return fail(400, 'invalid_request');
      const code = base64Url(randomBytes(24));
      codes.set(code, pending);
      const back = new URL(pending.redirectUri);
      back.searchParams.set('code', code);
      if (pending.state) back.searchParams.set('state', pending.state);
      // A page that moves on, not a 302: the app's page is then a navigation of its own (which the
      // browser test's routes see), as it is after a real managed-login form.
      return sendHtml(
        response,
        `<meta http-equiv="refresh" content="0; url=${escapeHtml(back.toString())}"><a href="${escapeHtml(back.toString())}">Continue</a>`,
      );
    }

    if (request.method === 'POST' && url.pathname === '/oauth2/token') {
      if (params.get('client_id') !== options.clientId) return fail(400, 'invalid_client');
      const grant = params.get('grant_type');
      if (grant === 'authorization_code') {
        const code = params.get('code') ?? '';
        const pending = codes.get(code);
        codes.delete(code); // a code works once, whatever happens next
        if (!pending || pending.expiresAt < Date.now()) return fail(400, 'invalid_grant');
        if (params.get('redirect_uri') !== pending.redirectUri) return fail(400, 'invalid_grant');
        const verifier = params.get('code_verifier') ?? '';
        const challenge = base64Url(createHash('sha256').update(verifier).digest());
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || challenge !== pending.challenge) {
          return fail(400, 'invalid_grant');
        }
        const { token, seconds } = await issueIdToken('authorization_code', pending.nonce);
        const refreshToken = base64Url(randomBytes(32));
        refreshTokens.set(refreshToken, { revoked: false });
        return send(response, 200, {
          id_token: token,
          access_token: base64Url(randomBytes(16)),
          refresh_token: refreshToken,
          token_type: 'Bearer',
          expires_in: seconds,
        });
      }
      if (grant === 'refresh_token') {
        const known = refreshTokens.get(params.get('refresh_token') ?? '');
        if (!known || known.revoked) return fail(400, 'invalid_grant');
        const { token, seconds } = await issueIdToken('refresh_token', null);
        return send(response, 200, {
          id_token: token,
          access_token: base64Url(randomBytes(16)),
          token_type: 'Bearer',
          expires_in: seconds,
        });
      }
      return fail(400, 'unsupported_grant_type');
    }

    if (request.method === 'POST' && url.pathname === '/oauth2/revoke') {
      if (params.get('client_id') !== options.clientId) return fail(400, 'invalid_client');
      const known = refreshTokens.get(params.get('token') ?? '');
      if (known) known.revoked = true;
      return send(response, 200); // RFC 7009: an unknown token is not an error
    }

    if (request.method === 'GET' && url.pathname === '/logout') {
      const logoutUri = params.get('logout_uri') ?? '';
      if (params.get('client_id') !== options.clientId || !options.logoutUrls.includes(logoutUri)) {
        return fail(400, 'invalid_request');
      }
      response.setHeader('location', logoutUri);
      return send(response, 302);
    }
    return fail(404, 'not_found');
  };

  const server = createServer((request, response) => {
    const at = Date.now();
    const url = new URL(request.url ?? '/', origin);
    let params = new URLSearchParams(url.search);
    const record = (status: number) =>
      calls.push({ at, method: request.method ?? '', path: url.pathname, params, status });
    // Keep the form of POSTs for the log: parse it once here, hand the same text to the handler.
    if (request.method === 'POST') {
      readBody(request).then((body) => {
        params = new URLSearchParams(body);
        const replay = Object.assign(request, { fleetopsBody: body });
        handle(replay, response).then(record, () => record(send(response, 500)));
      });
      return;
    }
    handle(request, response).then(record, () => record(send(response, 500)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    calls,
    idTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser's keep-alive sockets would hold close() open
      }),
  };
}

async function readBody(request: IncomingMessage & { fleetopsBody?: string }): Promise<string> {
  if (request.fleetopsBody !== undefined) return request.fleetopsBody;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendHtml(response: ServerResponse, body: string): number {
  response.statusCode = 200;
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.end(`<!doctype html><html lang="en"><title>fake managed login</title>${body}</html>`);
  return 200;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * What the browser does on managed login, for tests without one: opens the authorize URL, submits
 * the sign-in form, and returns the callback URL the page moves on to (with `code` and `state`, or
 * `error`).
 */
export async function signInWithoutBrowser(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location') ?? '');
  const login = /name="login" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!login) throw new Error(`no sign-in form at ${authorizeUrl} (${page.status})`);
  const done = await fetch(new URL('/login', authorizeUrl), { method: 'POST', body: new URLSearchParams({ login }) });
  const next = /url=([^"]+)"/.exec(await done.text())?.[1];
  if (!next) throw new Error(`the sign-in form answered ${done.status}`);
  return new URL(
    next
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<'),
  );
}

function send(response: ServerResponse, status: number, body?: object): number {
  response.statusCode = status;
  if (body) response.setHeader('content-type', 'application/json');
  response.end(body ? JSON.stringify(body) : undefined);
  return status;
}
