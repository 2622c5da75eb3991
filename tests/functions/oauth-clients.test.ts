import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbApiKeyRepository } from '../../functions/modules/integrations/adapters/dynamodb-api-key-repository.js';
import { dynamoDbOAuthClientRepository } from '../../functions/modules/integrations/adapters/dynamodb-oauth-client-repository.js';
import { createAuthorizeHttpHandler } from '../../functions/modules/integrations/handlers/authorize-http.handler.js';
import { createOAuthClientsHandler } from '../../functions/modules/integrations/handlers/oauth-clients.handler.js';
import type { OAuthClientRepository } from '../../functions/modules/integrations/ports/oauth-client-repository.js';
import { JoseAccessTokenVerifier } from '../../functions/platform/auth/access-token-verifier.js';
import { identityOfAuthorizerContext } from '../../functions/platform/auth/authorizer-context.js';
import { JoseTokenVerifier } from '../../functions/platform/auth/jose-token-verifier.js';
import { LocalIssuer } from '../../local/auth/local-issuer.js';
import { LocalOAuthClients } from '../../local/auth/local-oauth-clients.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock, testBasics } from '../support/fakes.js';

const admin = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });

interface Created {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/**
 * Partner OAuth2 clients (issue #11, C12, docs/adr/0113) on DynamoDB Local: the admin routes over the
 * local client store, and the Lambda authorizer verifying access tokens the local issuer signs as
 * Cognito does (signature, issuer, expiry, `token_use: access`), the tenant from the client mapping.
 */
describe('OAuth clients (POST/GET /v1/oauth-clients, DELETE /v1/oauth-clients/{clientId}, the authorizer)', () => {
  let clock: FixedClock;
  let oauthClients: OAuthClientRepository;
  let issuer: LocalIssuer;
  let handler: ReturnType<typeof createOAuthClientsHandler>;
  let authorize: ReturnType<typeof createAuthorizeHttpHandler>;
  const call = (caller: TestCaller, method: 'POST' | 'GET' | 'DELETE', body?: unknown, clientId?: string) =>
    handler({
      ...httpEvent({ method, path: clientId ? '/v1/oauth-clients/{clientId}' : '/v1/oauth-clients', body, caller }),
      ...(clientId ? { pathParameters: { clientId } } : {}),
    });
  const bearer = (token: string) =>
    authorize(
      {
        version: '2.0',
        type: 'REQUEST',
        routeKey: 'POST /v1/telemetry',
        headers: { authorization: `Bearer ${token}` },
        requestContext: {},
      } as never,
      {} as never,
    );

  beforeAll(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-02T09:00:00.000Z'));
    const parts = { client: db.documentClient, tableName: db.tables.integrations as string, clock };
    oauthClients = dynamoDbOAuthClientRepository.create(parts);
    issuer = await LocalIssuer.create();
    const directory = await LocalOAuthClients.create();
    handler = createOAuthClientsHandler({ ...testBasics(clock), oauthClients, directory });
    authorize = createAuthorizeHttpHandler({
      ...testBasics(clock),
      apiKeys: dynamoDbApiKeyRepository.create(parts),
      oauthClients,
      tokens: new JoseTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keySet() }),
      accessTokens: new JoseAccessTokenVerifier({ issuer: issuer.issuer, keys: issuer.keySet() }),
    });
  });

  it('shows the secret once, lists without it, refuses bad input and non-admins', async () => {
    const response = await call(admin(), 'POST', { name: 'Relay', scopes: ['telemetry:write', 'telemetry:write'] });
    const created = jsonBody<Created>(response);
    const list = jsonBody<{ items: Record<string, unknown>[] }>(await call(admin(), 'GET'));
    const badScope = await call(admin(), 'POST', { name: 'x', scopes: ['fleetops/telemetry:write'] });
    const dispatcher = await call({ tenantId: 'acme', roles: ['dispatcher'] }, 'GET');

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(created.scopes).toEqual(['telemetry:write']);
    expect(list.items).toEqual([
      { clientId: created.clientId, name: 'Relay', scopes: ['telemetry:write'], createdAt: '2026-12-02T09:00:00.000Z' },
    ]);
    expect(JSON.stringify(list)).not.toContain(created.clientSecret);
    expect(badScope.statusCode).toBe(400);
    expect(dispatcher.statusCode).toBe(403);
  });

  it('admits an access token with the tenant of its client and the scopes both grant', async () => {
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Edge', scopes: ['telemetry:write'] }));
    // The token asks for more than the mapping grants (a client edited at the provider): the mapping wins.
    const token = await issuer.issueAccessToken({
      clientId: created.clientId,
      scope: 'fleetops/telemetry:write fleetops/alerts:read openid',
      expiresInSeconds: 60,
    });

    const result = await bearer(token);

    expect(result.isAuthorized).toBe(true);
    expect(identityOfAuthorizerContext(result.context)).toEqual({
      tenantId: 'acme',
      userId: `oauth:${created.clientId}`,
      roles: ['partner'],
      scopes: ['telemetry:write'],
    });
    expect(result.context).toMatchObject({ principal: 'oauthClient' });
  });

  it('refuses an expired token, an unknown client and a revoked one; an ID token stays a user token', async () => {
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Gone', scopes: ['alerts:read'] }));
    const token = (clientId: string, expiresInSeconds = 60) =>
      issuer.issueAccessToken({ clientId, scope: 'fleetops/alerts:read', expiresInSeconds });

    const expired = await bearer(await token(created.clientId, -60));
    const unknown = await bearer(await token('abcdefghijklmnopqrstuvwxyz'));
    const before = await bearer(await token(created.clientId));
    const foreignRevoke = await call(admin('globex'), 'DELETE', undefined, created.clientId);
    const revoke = await call(admin(), 'DELETE', undefined, created.clientId);
    const after = await bearer(await token(created.clientId));
    const idToken = await issuer.issue({ tenantId: 'acme', userId: 'acme-admin', roles: ['admin'] });
    const user = await bearer(idToken);

    expect(expired.isAuthorized).toBe(false);
    expect(unknown.isAuthorized).toBe(false);
    expect(before.isAuthorized).toBe(true);
    expect(foreignRevoke.statusCode).toBe(404);
    expect(revoke.statusCode).toBe(204);
    expect(after.isAuthorized).toBe(false);
    // An ID token is a user's: the user path admits it by role, never as a client with scopes.
    expect(user.isAuthorized).toBe(true);
    expect(identityOfAuthorizerContext(user.context)).toEqual({
      tenantId: 'acme',
      userId: 'acme-admin',
      roles: ['admin'],
    });
  });

  it('refuses an access token of another issuer', async () => {
    const other = await LocalIssuer.create({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/other' });
    const created = jsonBody<Created>(await call(admin(), 'POST', { name: 'Other', scopes: ['telemetry:write'] }));

    const result = await bearer(
      await other.issueAccessToken({
        clientId: created.clientId,
        scope: 'fleetops/telemetry:write',
        expiresInSeconds: 60,
      }),
    );

    expect(result.isAuthorized).toBe(false);
  });
});
