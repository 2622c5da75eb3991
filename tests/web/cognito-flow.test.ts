import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cognitoSignInFlow, type PendingStorage } from '../../web/src/auth/cognito-flow.js';
import { decodeJwtClaims } from '../../web/src/auth/pkce.js';
import {
  type FakeCognito,
  type FakeCognitoOptions,
  signInWithoutBrowser,
  startFakeCognito,
} from './support/fake-cognito.js';

const APP = 'https://app.fleetops.test';
const OPTIONS: FakeCognitoOptions = {
  clientId: 'web-client',
  callbackUrls: [`${APP}/auth/callback`],
  logoutUrls: [`${APP}/`],
  user: { sub: 'u-1', tenantId: 'acme', groups: ['dispatcher'], email: 'dana@acme.test' },
};

/** sessionStorage for Node: the flow keeps its verifier, state and nonce there for the one redirect. */
function memoryStorage(): PendingStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

/**
 * web/src/auth/cognito-flow.ts against the fake managed login (tests/web/support/fake-cognito.ts),
 * in Node: the fake checks PKCE, codes and refresh tokens as Cognito does, so a client that sent
 * the wrong verifier, reused a code or kept a revoked token would fail here.
 */
describe('Cognito sign-in flow against a fake managed login', () => {
  let fake: FakeCognito | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  /** Starts a sign-in and follows managed login's redirect back, as the browser would. */
  async function signInWith(options: FakeCognitoOptions) {
    fake = await startFakeCognito(options);
    const visited: string[] = [];
    const flow = cognitoSignInFlow(
      { domain: fake.url, clientId: 'web-client' },
      { fetch, origin: APP, assign: (url) => visited.push(url), storage: memoryStorage() },
    );
    await flow.startSignIn();
    const authorize = new URL(visited[0] ?? '');
    const callback = await signInWithoutBrowser(authorize.toString());
    return { flow, authorize, callback, visited };
  }

  it('swaps the code and its S256 verifier for an ID token with the nonce it asked for', async () => {
    // Prepare / Act
    const { flow, authorize, callback } = await signInWith(OPTIONS);
    const session = await flow.completeSignIn(callback);

    // Assess
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'web-client',
      redirect_uri: `${APP}/auth/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    const exchange = fake?.calls.find((c) => c.path === '/oauth2/token');
    const verifier = exchange?.params.get('code_verifier') ?? '';
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorize.searchParams.get('code_challenge'),
    );
    expect(exchange?.status).toBe(200);
    expect(decodeJwtClaims(session.idToken).nonce).toBe(authorize.searchParams.get('nonce'));
    expect(session.user).toEqual({ tenantId: 'acme', userId: 'u-1', name: 'dana@acme.test', roles: ['dispatcher'] });
    expect(session.refreshToken).toBeTruthy();
  });

  it('the fake refuses a verifier that does not match the challenge, and a code used twice', async () => {
    // Prepare
    const { callback } = await signInWith(OPTIONS);
    const token = (verifier: string) =>
      fetch(`${fake?.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'web-client',
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: `${APP}/auth/callback`,
          code_verifier: verifier,
        }),
      });

    // Act / Assess: what a client that got PKCE wrong would see
    const wrong = await token('x'.repeat(64));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant' });
    // The code is spent even by the failed attempt.
    expect((await token('x'.repeat(64))).status).toBe(400);
  });

  it('rejects a callback whose state is not the one this tab sent, without exchanging the code', async () => {
    // Prepare
    const { flow, callback } = await signInWith(OPTIONS);
    callback.searchParams.set('state', 'forged');

    // Act / Assess
    await expect(flow.completeSignIn(callback)).rejects.toThrow(/not the one this tab started/);
    expect(fake?.calls.some((c) => c.path === '/oauth2/token')).toBe(false);
  });

  it('rejects an ID token that carries another nonce', async () => {
    const { flow, callback } = await signInWith({ ...OPTIONS, wrongNonce: true });
    await expect(flow.completeSignIn(callback)).rejects.toThrow(/not for this attempt/);
  });

  it('refreshes with the refresh token; sign-out revokes it, then ends the managed-login session', async () => {
    // Prepare
    const { flow, callback, visited } = await signInWith(OPTIONS);
    const session = await flow.completeSignIn(callback);

    // Act
    const renewed = await flow.refresh(session);
    await flow.signOut(renewed);

    // Assess
    expect(renewed.idToken).not.toBe(session.idToken);
    expect(renewed.refreshToken).toBe(session.refreshToken);
    const revoke = fake?.calls.find((c) => c.path === '/oauth2/revoke');
    expect(revoke?.params.get('token')).toBe(session.refreshToken);
    expect(visited.at(-1)).toBe(
      `${fake?.url}/logout?${new URLSearchParams({ client_id: 'web-client', logout_uri: `${APP}/` })}`,
    );
    const logout = await fetch(visited.at(-1) ?? '', { redirect: 'manual' });
    expect(logout.headers.get('location')).toBe(`${APP}/`);
    // Revoked means revoked: the token no longer renews anything.
    await expect(flow.refresh(renewed)).rejects.toThrow(/invalid_grant/);
  });

  it('comes back to the registered URLs of config.json on their origin, and to its own origin elsewhere', async () => {
    fake = await startFakeCognito(OPTIONS);
    const visits: string[] = [];
    const settings = {
      domain: fake.url,
      clientId: 'web-client',
      redirectUri: `${APP}/auth/callback`,
      logoutUri: `${APP}/`,
    };
    const deps = (origin: string) => ({
      fetch,
      origin,
      assign: (u: string) => visits.push(u),
      storage: memoryStorage(),
    });
    await cognitoSignInFlow(settings, deps(APP)).startSignIn();
    await cognitoSignInFlow(settings, deps('https://d123.cloudfront.net')).startSignIn();
    expect(new URL(visits[0] ?? '').searchParams.get('redirect_uri')).toBe(`${APP}/auth/callback`);
    expect(new URL(visits[1] ?? '').searchParams.get('redirect_uri')).toBe('https://d123.cloudfront.net/auth/callback');
  });
});
