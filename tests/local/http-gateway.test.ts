import { request } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpEvent, toApiGatewayClaims, toHttpResponse } from '../../local/gateway/http-event.js';
import type { LocalStack } from '../../local/stack.js';
import { startFakeStack } from './fixtures/fake-stack.js';

describe('local HTTP API gateway', () => {
  let stack: LocalStack;
  let adminToken: string;

  beforeAll(async () => {
    stack = await startFakeStack();
    adminToken = await stack.issuer.issue({ tenantId: 'acme', userId: 'u-1', roles: ['admin', 'dispatcher'] });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = (path: string, init: RequestInit = {}, token: string | null = adminToken) =>
    fetch(`${stack.url}${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) },
    });

  it('turns a request into the payload-2.0 event API Gateway sends, claims where the JWT authorizer puts them', async () => {
    // Act
    const response = await call('/v1/echo/item%201?tag=a&tag=b&q=x%20y', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'Yes', cookie: 'a=1; b=2' },
      body: '{"hello":"world"}',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9=]{16}$/);
    const { event } = (await response.json()) as { event: APIGatewayProxyEventV2WithJWTAuthorizer };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/echo/{itemId}',
      rawPath: '/v1/echo/item%201',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      pathParameters: { itemId: 'item 1' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        stage: '$default',
        routeKey: 'POST /v1/echo/{itemId}',
        http: { method: 'POST', path: '/v1/echo/item%201', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims).toMatchObject({
      sub: 'u-1',
      'custom:tenantId': 'acme',
      'cognito:groups': '[admin dispatcher]',
      token_use: 'id',
      aud: 'fleetops-local',
    });
    expect(typeof claims.exp).toBe('string');
  });

  it('base64-encodes binary bodies and omits absent parts, as API Gateway does', () => {
    const event = buildHttpEvent({
      method: 'GET',
      url: '/v1/echo',
      headers: { host: 'localhost:3000', 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2, 255]),
      sourceIp: '10.0.0.1',
      routeKey: 'GET /v1/echo',
      pathParameters: {},
      claims: { scope: 'read write', nested: { a: 1 }, n: 5 },
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe('AAEC/w==');
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.requestContext.domainName).toBe('localhost');
    expect(event.requestContext.authorizer.jwt.scopes).toEqual(['read', 'write']);
    expect(toApiGatewayClaims({ nested: { a: 1 }, n: 5, list: ['x'] })).toEqual({
      nested: '{"a":1}',
      n: '5',
      list: '[x]',
    });
  });

  it('reads a non-structured handler result as a 200 JSON body', () => {
    expect(toHttpResponse({ ok: true })).toMatchObject({ statusCode: 200, body: Buffer.from('{"ok":true}') });
    const structured = toHttpResponse({
      statusCode: 201,
      headers: { 'X-A': 'b' },
      body: 'aGk=',
      isBase64Encoded: true,
    });
    expect(structured.statusCode).toBe(201);
    expect(structured.headers['x-a']).toBe('b');
    expect(structured.body.toString()).toBe('hi');
  });

  it.each([
    ['no token', null],
    ['garbage', 'not-a-jwt'],
    ['alg none', new UnsecuredJWT({ 'custom:tenantId': 'acme', token_use: 'id' }).setSubject('u').encode()],
  ])('answers 401 UNAUTHENTICATED for %s', async (_, token) => {
    const response = await call('/v1/echo', {}, token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers 401 for an expired token, a tampered signature and a token of another key', async () => {
    const expired = await stack.issuer.issue({
      tenantId: 'acme',
      userId: 'u',
      roles: ['admin'],
      expiresInSeconds: -60,
    });
    const [header, payload, signature] = adminToken.split('.') as [string, string, string];
    const forged = Buffer.from(payload, 'base64url').toString().replace('"acme"', '"globex"');
    const tampered = `${header}.${Buffer.from(forged).toString('base64url')}.${signature}`;
    const otherKey = await new SignJWT({ 'custom:tenantId': 'acme', token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer(stack.issuer.issuer)
      .setAudience(stack.issuer.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough!'));
    for (const token of [expired, tampered, otherKey]) {
      const response = await call('/v1/echo', {}, token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 404 NOT_FOUND for an unknown route and for an undeclared method on a declared path', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing-here'],
      ['DELETE', '/v1/echo'],
    ] as const) {
      const response = await call(path, { method });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
  });

  it('answers 413 for a body over 10 MB without passing it to the handler', async () => {
    const response = await call('/v1/echo/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a throwing handler with a generic 500 that leaks nothing', async () => {
    const response = await call('/v1/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    expect(text).not.toMatch(/secret|stack/);
  });

  it('answers CORS preflights and marks responses for cross-origin callers', async () => {
    const preflight = await fetch(`${stack.url}/v1/echo`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const response = await call('/v1/echo', { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // What the PWA reads from a response must be exposed, or the browser hides it.
    expect(response.headers.get('access-control-expose-headers')?.split(',')).toEqual(
      expect.arrayContaining(['idempotent-replayed', 'etag', 'retry-after']),
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('3600');
  });

  it('serves web/public at / with the CloudFront security headers, and nothing outside it', async () => {
    const page = await fetch(`${stack.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('<html lang="en">');

    // fetch would normalise `..` away; send the raw path.
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(stack.url);
      request({ host: '127.0.0.1', port, path: '/%2e%2e/package.json' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(404);
  });

  it('serves /health, the JWKS, and issues tokens at POST /dev/token with validation', async () => {
    const health = await fetch(`${stack.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const jwks = (await (await fetch(`${stack.url}/.well-known/jwks.json`)).json()) as { keys: { kty: string }[] };
    expect(jwks.keys[0]?.kty).toBe('RSA');
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/);

    const issued = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      body: JSON.stringify({ tenantId: 'acme', userId: 'u-2', roles: ['admin'] }),
    });
    expect(issued.status).toBe(200);
    const { token } = (await issued.json()) as { token: string };
    expect((await call('/v1/echo', {}, token)).status).toBe(200);

    for (const body of [
      '{"tenantId":"acme","userId":"u","roles":["pilot"]}',
      '{"tenantId":"acme","roles":["admin"]}',
      '{not json',
    ]) {
      const refused = await fetch(`${stack.url}/dev/token`, { method: 'POST', body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('serves /config.json, the twin of what the web stack deploys, with URLs for the port in use', async () => {
    const response = await fetch(`${stack.url}/config.json`);

    expect(response.status).toBe(200);
    const host = new URL(stack.url).host;
    expect(await response.json()).toEqual({
      stage: 'local',
      region: 'local',
      httpApiUrl: `http://${host}`,
      webSocketUrl: `ws://${host}/ws`,
      userPoolId: 'local',
      userPoolClientId: expect.any(String),
      devTokenUrl: `http://${host}/dev/token`,
    });
  });
});
