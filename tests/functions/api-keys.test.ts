import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbApiKeyRepository } from '../../functions/modules/integrations/adapters/dynamodb-api-key-repository.js';
import { hashApiKey } from '../../functions/modules/integrations/domain/api-key.js';
import { createApiKeysHandler } from '../../functions/modules/integrations/handlers/api-keys.handler.js';
import { createAuthorizeHttpHandler } from '../../functions/modules/integrations/handlers/authorize-http.handler.js';
import type { ApiKeyRepository } from '../../functions/modules/integrations/ports/api-key-repository.js';
import { decideApiKey } from '../../functions/modules/integrations/use-cases/api-keys.js';
import { identityOfAuthorizerContext } from '../../functions/platform/auth/authorizer-context.js';
import { InvalidToken, type TokenVerifier } from '../../functions/platform/auth/token-verifier.js';
import { admits, identityOfRequest } from '../../functions/platform/http/http-handler.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock, testBasics } from '../support/fakes.js';

const admin = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });

interface Created {
  apiKeyId: string;
  key: string;
  prefix: string;
  scopes: string[];
}

/** API keys (issue #11, C12, docs/adr/0108) on DynamoDB Local: shown once, hashed, scoped, revocable. */
describe('API keys (POST/GET /v1/api-keys, DELETE /v1/api-keys/{apiKeyId}, the authorizer decision)', () => {
  let clock: FixedClock;
  let apiKeys: ApiKeyRepository;
  let handler: ReturnType<typeof createApiKeysHandler>;
  const call = (caller: TestCaller, method: 'POST' | 'GET' | 'DELETE', body?: unknown, apiKeyId?: string) =>
    handler({
      ...httpEvent({ method, path: apiKeyId ? '/v1/api-keys/{apiKeyId}' : '/v1/api-keys', body, caller }),
      ...(apiKeyId ? { pathParameters: { apiKeyId } } : {}),
    });
  const decide = (headers: Record<string, string>) => decideApiKey({ apiKeys, clock }, headers);

  beforeAll(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-02T09:00:00.000Z'));
    apiKeys = dynamoDbApiKeyRepository.create({
      client: db.documentClient,
      tableName: db.tables.integrations as string,
      clock,
    });
    handler = createApiKeysHandler({ ...testBasics(clock), apiKeys });
  });

  it('shows a key once, stores only its hash with a visible prefix, and lists it without the key', async () => {
    const response = await call(admin(), 'POST', {
      name: 'Samsara relay',
      scopes: ['telemetry:write', 'vehicles:read'],
    });

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['cache-control']).toBe('no-store');
    const created = jsonBody<Created>(response);
    expect(created.key).toMatch(/^fok_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    const stored = JSON.stringify(await apiKeys.findByHash(hashApiKey(created.key)));
    expect(stored).toContain(created.apiKeyId);
    expect(stored).not.toContain(created.key);
    const list = jsonBody<{ items: Record<string, unknown>[] }>(await call(admin(), 'GET'));
    expect(list.items).toEqual([
      expect.objectContaining({
        apiKeyId: created.apiKeyId,
        prefix: created.prefix,
        scopes: ['telemetry:write', 'vehicles:read'],
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(created.key);
  });

  it('authenticates a key as a partner of its tenant with its scopes, recording lastUsedAt once a minute', async () => {
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Motive', scopes: ['telemetry:write'] }));

    const byHeader = await decide({ 'x-api-key': created.key });
    const byAuthorization = await decide({ authorization: `ApiKey ${created.key}` });
    const firstUse = (await apiKeys.findByHash(hashApiKey(created.key)))?.lastUsedAt;
    clock.advance(30_000);
    await decide({ 'x-api-key': created.key });
    const within = (await apiKeys.findByHash(hashApiKey(created.key)))?.lastUsedAt;
    clock.advance(31_000);
    await decide({ 'x-api-key': created.key });
    const after = (await apiKeys.findByHash(hashApiKey(created.key)))?.lastUsedAt;

    expect(byHeader).toEqual(byAuthorization);
    expect(byHeader.kind).toBe('allowed');
    const identity = identityOfAuthorizerContext(byHeader.kind === 'allowed' ? byHeader.context : undefined);
    expect(identity).toEqual({
      tenantId: 'acme',
      userId: `apikey:${created.apiKeyId}`,
      roles: ['partner'],
      scopes: ['telemetry:write'],
    });
    expect(firstUse).toBe('2026-12-02T09:00:00.000Z');
    expect(within).toBe(firstUse);
    expect(after).toBe('2026-12-02T09:01:01.000Z');
    // The route reads the identity from the authorizer's context, as API Gateway hands it.
    const event = httpEvent({ method: 'POST', path: '/v1/telemetry' });
    const withContext = {
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: { lambda: byHeader.kind === 'allowed' ? byHeader.context : {} },
      },
    };
    expect(identityOfRequest(withContext as never, clock.now())).toEqual(identity);
  });

  it('denies an unknown, malformed or revoked key, and leaves a request without one to the bearer token', async () => {
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Old', scopes: ['alerts:read'] }));

    const revoke = await call(admin(), 'DELETE', undefined, created.apiKeyId);
    const again = await call(admin(), 'DELETE', undefined, created.apiKeyId);

    expect(revoke.statusCode).toBe(204);
    expect(again.statusCode).toBe(204);
    expect(await decide({ 'x-api-key': created.key })).toEqual({ kind: 'denied' });
    expect(await decide({ 'x-api-key': `${created.key.slice(0, -1)}A` })).toEqual({ kind: 'denied' });
    expect(await decide({ 'x-api-key': 'not-a-key' })).toEqual({ kind: 'denied' });
    expect(await decide({ authorization: 'Bearer eyJ…' })).toEqual({ kind: 'absent' });
    const listed = jsonBody<{ items: { apiKeyId: string; revokedAt?: string }[] }>(await call(admin(), 'GET'));
    expect(listed.items.find((k) => k.apiKeyId === created.apiKeyId)?.revokedAt).toBe(clock.now().toISOString());
  });

  it("answers 404 for another tenant's key, shows globex none of acme's, and refuses bad bodies and non-admins", async () => {
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Acme only', scopes: ['alerts:write'] }));

    const foreign = await call(admin('globex'), 'DELETE', undefined, created.apiKeyId);
    const foreignList = jsonBody<{ items: unknown[] }>(await call(admin('globex'), 'GET'));
    const badScope = await call(admin(), 'POST', { name: 'x', scopes: ['everything'] });
    const noScopes = await call(admin(), 'POST', { name: 'x', scopes: [] });
    const dispatcher = await call({ tenantId: 'acme', userId: 'd', roles: ['dispatcher'] }, 'POST', {
      name: 'x',
      scopes: ['alerts:read'],
    });

    expect(foreign.statusCode).toBe(404);
    expect(foreignList.items).toEqual([]);
    expect([badScope.statusCode, noScopes.statusCode]).toEqual([400, 400]);
    expect(dispatcher.statusCode).toBe(403);
    expect(await decide({ 'x-api-key': created.key })).toMatchObject({ kind: 'allowed' });
  });

  it('is the Lambda authorizer of scoped routes: an API key or a user token, refused otherwise', async () => {
    const tokens: TokenVerifier = {
      async verify(token) {
        if (token !== 'good') throw new InvalidToken('bad signature');
        return { identity: { tenantId: 'acme', userId: 'acme-admin', roles: ['admin'] }, claims: {} };
      },
    };
    const authorize = createAuthorizeHttpHandler({
      ...testBasics(clock),
      apiKeys,
      tokens,
      oauthClients: { find: async () => undefined } as never,
      accessTokens: { verify: () => Promise.reject(new InvalidToken('not an access token')) },
    });
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Edge', scopes: ['vehicles:read'] }));
    const event = (headers: Record<string, string>) =>
      ({ version: '2.0', type: 'REQUEST', routeKey: 'GET /v1/vehicles', headers, requestContext: {} }) as never;

    const byKey = await authorize(event({ 'X-Api-Key': created.key }), {} as never);
    const byToken = await authorize(event({ authorization: 'Bearer good' }), {} as never);
    const badToken = await authorize(event({ authorization: 'Bearer forged' }), {} as never);
    const none = await authorize(event({}), {} as never);

    expect(byKey.isAuthorized).toBe(true);
    expect(identityOfAuthorizerContext(byKey.context)).toMatchObject({ tenantId: 'acme', scopes: ['vehicles:read'] });
    expect(byToken.isAuthorized).toBe(true);
    expect(identityOfAuthorizerContext(byToken.context)).toEqual({
      tenantId: 'acme',
      userId: 'acme-admin',
      roles: ['admin'],
    });
    expect([badToken.isAuthorized, none.isAuthorized]).toEqual([false, false]);
  });

  it('admits a machine caller by scope only, and a user by role only', () => {
    const route = { roles: ['admin' as const, 'partner' as const], scopes: ['telemetry:write'] };
    const key = { tenantId: 'acme', userId: 'apikey:key_x', roles: ['partner' as const] };

    expect(admits(route, { ...key, scopes: ['telemetry:write'] })).toBe(true);
    expect(admits(route, { ...key, scopes: ['alerts:read'] })).toBe(false);
    expect(admits({ roles: ['partner'] }, { ...key, scopes: ['telemetry:write'] })).toBe(false);
    expect(admits(route, { tenantId: 'acme', userId: 'u', roles: ['dispatcher'] })).toBe(false);
    expect(admits(route, { tenantId: 'acme', userId: 'u', roles: ['admin'] })).toBe(true);
  });
});
