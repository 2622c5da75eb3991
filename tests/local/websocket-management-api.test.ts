import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayConnections } from '../../functions/modules/realtime/adapters/apigateway-connection-gateway.js';
import type { LocalStack } from '../../local/stack.js';
import { fakeRecords } from './fixtures/fake-handlers.js';
import { startFakeStack } from './fixtures/fake-stack.js';
import { closed, connect, lastEchoConnectionId } from './fixtures/ws-client.js';

describe('local WebSocket API and management API', () => {
  let stack: LocalStack;
  /** The gateway the functions use, over this stack's management API. */
  const gateway = () =>
    apiGatewayConnections.create({ endpoint: stack.managementEndpoint, credentials: stack.managementCredentials });
  let token: string;
  let management: ApiGatewayManagementApiClient;

  beforeAll(async () => {
    stack = await startFakeStack();
    token = await stack.issuer.issue({ tenantId: 'acme', userId: 'd-1', roles: ['dispatcher'] });
    // The real SDK client, configured as the local deps configure it (the run's credentials).
    management = new ApiGatewayManagementApiClient({
      endpoint: stack.managementEndpoint,
      region: 'us-east-1',
      credentials: stack.managementCredentials,
    });
  });
  afterAll(async () => {
    management?.destroy();
    await stack?.stop();
  });

  it('authorizes on upgrade, runs $connect with the authorizer context, and routes by action', async () => {
    // Act
    const client = await connect(`${stack.wsUrl}?token=${token}`);
    client.socket.send(JSON.stringify({ action: 'echo', text: 'hi' }));
    const echoed = await client.next();
    client.socket.send(JSON.stringify({ action: 'unknown-action' }));
    await client.next();
    client.socket.send('not json');
    await client.next();

    // Assess
    expect(echoed).toEqual({ type: 'echo', data: { body: '{"action":"echo","text":"hi"}' } });
    const records = fakeRecords().ws;
    const connectEvent = records.find((r) => r.routeKey === '$connect')?.event as {
      requestContext: { connectionId: string; eventType: string; authorizer: Record<string, unknown> };
    };
    expect(connectEvent.requestContext.eventType).toBe('CONNECT');
    expect(connectEvent.requestContext.connectionId).toMatch(/^[A-Za-z0-9]{15}=$/);
    expect(connectEvent.requestContext.authorizer).toMatchObject({
      principalId: 'd-1',
      tenantId: 'acme',
      roles: 'dispatcher',
    });
    expect(records.filter((r) => r.routeKey === 'echo')).toHaveLength(1);
    expect(records.filter((r) => r.routeKey === '$default')).toHaveLength(2);
    const message = records.find((r) => r.routeKey === 'echo')?.event as {
      requestContext: { eventType: string; messageId: string; authorizer: { tenantId: string } };
    };
    expect(message.requestContext).toMatchObject({ eventType: 'MESSAGE', authorizer: { tenantId: 'acme' } });
    client.socket.close();
  });

  it('refuses the upgrade: 401 without or with a bad token, 403 on Deny or a refusing $connect', async () => {
    const statuses: number[] = [];
    for (const query of ['', '?token=garbage', '?token=deny', `?token=${token}&reject=1`]) {
      await connect(`${stack.wsUrl}${query}`).then(
        () => statuses.push(101),
        (error: Error) => statuses.push(Number(error.message.replace('HTTP ', ''))),
      );
    }
    expect(statuses).toEqual([401, 401, 403, 403]);
  });

  it('implements PostToConnection, GetConnection and DeleteConnection for the real SDK client', async () => {
    // Prepare
    const client = await connect(`${stack.wsUrl}?token=${token}`);
    client.socket.send(JSON.stringify({ action: 'echo' }));
    await client.next();
    const connectionId = lastEchoConnectionId();

    // Act + Assess: post
    await management.send(
      new PostToConnectionCommand({
        ConnectionId: connectionId,
        Data: Buffer.from('{"type":"alert.raised","data":{}}'),
      }),
    );
    expect(await client.next()).toEqual({ type: 'alert.raised', data: {} });

    // get
    const described = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(described.ConnectedAt).toBeInstanceOf(Date);
    expect(described.LastActiveAt).toBeInstanceOf(Date);
    expect(described.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: expect.any(String) });

    // delete: the socket closes and $disconnect runs
    const closing = closed(client.socket);
    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    await closing;
    await stack.idle();
    expect(
      fakeRecords().ws.some(
        (r) =>
          r.routeKey === '$disconnect' &&
          (r.event as { requestContext: { connectionId: string } }).requestContext.connectionId === connectionId,
      ),
    ).toBe(true);

    // gone: 410 → GoneException, for every operation
    const gone = management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('{}') }));
    await expect(gone).rejects.toBeInstanceOf(GoneException);
    await expect(gone).rejects.toMatchObject({ $metadata: { httpStatusCode: 410 } });
    await expect(management.send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toBeInstanceOf(
      GoneException,
    );
    await expect(
      management.send(new DeleteConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' })),
    ).rejects.toBeInstanceOf(GoneException);
  });

  it('pushes through the ConnectionGateway in the local deps, and reports a closed connection as gone', async () => {
    const client = await connect(`${stack.wsUrl}?token=${token}`);
    client.socket.send(JSON.stringify({ action: 'echo' }));
    await client.next();
    const connectionId = lastEchoConnectionId();

    await gateway().post(connectionId, { type: 'vehicle.position', data: { vehicleId: 'TRK-101' } });
    expect(await client.next()).toEqual({ type: 'vehicle.position', data: { vehicleId: 'TRK-101' } });
    expect(await gateway().describe(connectionId)).toMatchObject({ connectedAt: expect.any(String) });

    const closing = closed(client.socket);
    client.socket.close();
    await closing;
    await stack.idle();
    await expect(gateway().post(connectionId, {})).rejects.toMatchObject({ name: 'ConnectionGone' });
    expect(await gateway().describe(connectionId)).toBeUndefined();
  });
});
