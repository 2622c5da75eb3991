import { beforeAll, describe, expect, it } from 'vitest';
import { createWsAuthorizeHandler } from '../../functions/modules/realtime/handlers/ws-authorize.handler.js';
import { createWsConnectHandler } from '../../functions/modules/realtime/handlers/ws-connect.handler.js';
import { createWsDefaultHandler } from '../../functions/modules/realtime/handlers/ws-default.handler.js';
import { createWsDisconnectHandler } from '../../functions/modules/realtime/handlers/ws-disconnect.handler.js';
import type { TokenVerifier } from '../../functions/platform/auth/token-verifier.js';
import { InvalidToken } from '../../functions/platform/auth/token-verifier.js';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { authorizerEvent, webSocketEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FakeConnectionGateway, FixedClock, silentLogger, testTracer } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

/** Accepts "good-<tenant>" tokens; "broken" simulates the JWKS endpoint being down. */
const tokens: TokenVerifier = {
  async verify(token) {
    if (token === 'broken') throw new Error('JWKS fetch failed');
    if (!token.startsWith('good-')) throw new InvalidToken('bad signature');
    const tenantId = token.slice('good-'.length);
    const roles: Role[] = tenantId === 'norole' ? [] : ['admin', 'dispatcher'];
    return { identity: { tenantId, userId: 'u1', roles }, claims: {} };
  },
};
const observability = () => ({
  logger: silentLogger(),
  metrics: new CapturingMetrics(),
  tracer: testTracer(),
  clock: new FixedClock(),
});

describe('wsAuthorize', () => {
  const handler = createWsAuthorizeHandler({ ...observability(), tokens });

  it('allows a valid token with tenant, user and roles as string context', async () => {
    const result = await handler(authorizerEvent('good-acme'));

    expect(result).toEqual({
      principalId: 'u1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:eu-west-1:123456789012:ws/dev/$connect',
          },
        ],
      },
      context: { tenantId: 'acme', userId: 'u1', roles: '["admin","dispatcher"]' },
    });
  });

  it.each([
    { name: 'no token', token: undefined },
    { name: 'an invalid (or expired) token', token: 'forged' },
    { name: 'a token with no fleetops role', token: 'good-norole' },
  ])('denies $name with a policy, without a Lambda error', async ({ token }) => {
    // Act: a denial must not throw (an error would count as a Lambda error, page ops, roll back a canary)
    const result = await handler(authorizerEvent(token));

    // Assess
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Deny',
        Resource: 'arn:aws:execute-api:eu-west-1:123456789012:ws/dev/$connect',
      },
    ]);
    expect(result.context).toBeUndefined();
  });

  it('does not disguise an outage as a denial', async () => {
    await expect(handler(authorizerEvent('broken'))).rejects.toThrow('JWKS fetch failed');
  });
});

describe('wsConnect / wsDisconnect', () => {
  let repos: TestRepositories;
  const clock = new FixedClock();

  beforeAll(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
  });

  it('records the connection under the authorizer’s tenant and forgets it on disconnect', async () => {
    // Prepare
    const connect = createWsConnectHandler({ ...observability(), connections: repos.connections, clock });
    const disconnect = createWsDisconnectHandler({ ...observability(), connections: repos.connections });
    const authorizer = { tenantId: 'acme', userId: 'u1', roles: '["admin","dispatcher"]', principalId: 'u1' };

    // Act
    const connected = await connect(webSocketEvent({ routeKey: '$connect', connectionId: 'c1', authorizer }));
    const stored = await repos.connections.get('c1');
    const disconnected = await disconnect(webSocketEvent({ routeKey: '$disconnect', connectionId: 'c1' }));

    // Assess
    expect(connected).toEqual({ statusCode: 200 });
    expect(stored).toEqual({
      connectionId: 'c1',
      tenantId: 'acme',
      userId: 'u1',
      roles: ['admin', 'dispatcher'],
      connectedAt: clock.now().toISOString(),
    });
    expect(disconnected).toEqual({ statusCode: 200 });
    expect(await repos.connections.get('c1')).toBeUndefined();
  });

  it('refuses a $connect without authorizer context', async () => {
    const connect = createWsConnectHandler({ ...observability(), connections: repos.connections, clock });

    const result = await connect(webSocketEvent({ routeKey: '$connect', connectionId: 'c2' }));

    expect(result).toEqual({ statusCode: 401 });
    expect(await repos.connections.get('c2')).toBeUndefined();
  });
});

describe('wsDefault', () => {
  const gateway = new FakeConnectionGateway();
  const handler = createWsDefaultHandler({ ...observability(), gateway });

  it.each([
    { body: '{"action":"ping"}', frame: { type: 'pong', data: {} } },
    {
      body: '{"action":"dance"}',
      frame: { type: 'error', data: { code: 'UNKNOWN_ACTION', message: 'Unknown action "dance"' } },
    },
    {
      body: 'not json',
      frame: {
        type: 'error',
        data: { code: 'MALFORMED_FRAME', message: 'Frames must be JSON objects with an "action"' },
      },
    },
    {
      body: '[1,2]',
      frame: {
        type: 'error',
        data: { code: 'MALFORMED_FRAME', message: 'Frames must be JSON objects with an "action"' },
      },
    },
  ])('answers $body with a $frame.type frame', async ({ body, frame }) => {
    const connectionId = `c-${body}`;

    const result = await handler(webSocketEvent({ routeKey: '$default', connectionId, body }));

    expect(result).toEqual({ statusCode: 200 });
    expect(gateway.framesFor(connectionId)).toEqual([frame]);
  });

  it('stays quiet when the client has already gone', async () => {
    gateway.gone.add('left');

    const result = await handler(
      webSocketEvent({ routeKey: '$default', connectionId: 'left', body: '{"action":"ping"}' }),
    );

    expect(result).toEqual({ statusCode: 200 });
  });
});
