import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalStack } from '../../local/stack.js';
import { fakeRecords, release } from './fixtures/fake-handlers.js';
import { startFakeStack } from './fixtures/fake-stack.js';
import {
  connect,
  type DropStyle,
  dropDuringHandshake,
  lastEchoConnectionId,
  nextPoll,
  until,
  within,
} from './fixtures/ws-client.js';

interface RecordedEvent {
  readonly requestContext: { readonly connectionId: string };
  readonly queryStringParameters?: Readonly<Record<string, string>>;
}

/** The fake handlers' records from index `from` on, of one route key. */
function recorded(from: number, routeKey: string): RecordedEvent[] {
  return fakeRecords()
    .ws.slice(from)
    .filter((r) => r.routeKey === routeKey)
    .map((r) => r.event as RecordedEvent);
}

function recordedFor(from: number, routeKey: string, attempt: number): boolean {
  return recorded(from, routeKey).some((e) => e.queryStringParameters?.attempt === String(attempt));
}

describe('local WebSocket API: handshakes that do not complete, and the special route keys', () => {
  let stack: LocalStack;
  let token: string;

  beforeAll(async () => {
    stack = await startFakeStack();
    token = await stack.issuer.issue({ tenantId: 'acme', userId: 'd-1', roles: ['dispatcher'] });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('forgets a connection whose client dropped during the handshake; $disconnect only after a successful $connect', async () => {
    // Prepare: one live socket that must keep getting frames.
    const live = await connect(`${stack.wsUrl}?token=${token}`);
    live.socket.send(JSON.stringify({ action: 'echo' }));
    await live.next();
    const liveId = lastEchoConnectionId();
    const from = fakeRecords().ws.length;

    // Act: 300 clients hang up mid-handshake, by FIN or by reset: a third while the authorizer runs,
    // the rest while $connect runs (a fifth of those get a refusing $connect).
    const attempts = 300;
    const plan = Array.from({ length: attempts }, (_, attempt) => {
      const phase = attempt % 3 === 0 ? 'authorizer' : '$connect';
      const style: DropStyle = attempt % 2 === 0 ? 'fin' : 'reset';
      const hold = `${phase === 'authorizer' ? 'authHold' : 'connectHold'}=${attempt}`;
      const query = `token=${token}&attempt=${attempt}&${hold}${attempt % 5 === 0 ? '&reject=1' : ''}`;
      return { attempt, phase, style, query };
    });
    for (let i = 0; i < attempts; i += 50) {
      await Promise.all(
        plan.slice(i, i + 50).map(async ({ attempt, phase, style, query }) => {
          // The handler of `phase` is held until the client is gone and the server has seen it.
          await dropDuringHandshake(stack.port, `/ws?${query}`, style, () =>
            until(() => recordedFor(from, phase, attempt)),
          );
          await nextPoll();
          release(String(attempt));
        }),
      );
    }
    await until(() => recorded(from, 'authorizer').length === attempts);
    await stack.idle();

    // Assess: the gateway holds only the live connection.
    const health = (await (await fetch(`${stack.url}/health`)).json()) as { connections: number };
    expect(health.connections).toBe(1);
    // $connect ran for every client still there when the authorizer finished, and none other.
    const connects = recorded(from, '$connect');
    expect(connects.map((e) => Number(e.queryStringParameters?.attempt)).sort((a, b) => a - b)).toEqual(
      plan.filter((p) => p.phase === '$connect').map((p) => p.attempt),
    );
    // $disconnect ran exactly for those whose $connect succeeded (as API Gateway does).
    const accepted = connects.filter((e) => !e.queryStringParameters?.reject).map((e) => e.requestContext.connectionId);
    const disconnected = recorded(from, '$disconnect').map((e) => e.requestContext.connectionId);
    expect(new Set(disconnected)).toEqual(new Set(accepted));
    expect(disconnected).toHaveLength(accepted.length);
    // The management API answers 410 for each of them (ConnectionGone through the real SDK client).
    const zombieIds = connects.map((e) => e.requestContext.connectionId);
    for (const connectionId of zombieIds) {
      await expect(stack.gateway.post(connectionId, { type: 'ping' })).rejects.toMatchObject({
        name: 'ConnectionGone',
      });
      expect(await stack.gateway.describe(connectionId)).toBeUndefined();
    }
    // A fan-out over every id (what pushAlertUpdates does with a stale connection list) still reaches
    // the live socket quickly.
    const started = performance.now();
    const frame = { type: 'alert.raised', data: { alertId: 'a-1' } };
    const posts = await Promise.allSettled([...zombieIds, liveId].map((id) => stack.gateway.post(id, frame)));
    expect(await within(2000, live.next())).toEqual(frame);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(posts.filter((p) => p.status === 'fulfilled')).toHaveLength(1);
    live.socket.close();
  });

  it('routes a message whose action is $connect or $disconnect to $default, never to those routes', async () => {
    // Prepare
    const client = await connect(`${stack.wsUrl}?token=${token}`);
    const from = fakeRecords().ws.length;

    // Act
    client.socket.send(JSON.stringify({ action: '$disconnect' }));
    const first = await within(2000, client.next());
    client.socket.send(JSON.stringify({ action: '$connect' }));
    const second = await within(2000, client.next());
    await stack.idle();

    // Assess
    expect([first, second]).toEqual([
      { type: 'echo', data: { body: '{"action":"$disconnect"}' } },
      { type: 'echo', data: { body: '{"action":"$connect"}' } },
    ]);
    expect(
      fakeRecords()
        .ws.slice(from)
        .map((r) => r.routeKey),
    ).toEqual(['$default', '$default']);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });
});
