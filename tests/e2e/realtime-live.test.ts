import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { alertFixture } from './support/alert-fixture.js';
import { openSocket, openSse, type SocketClient } from './support/realtime-clients.js';

/**
 * Alert frames live on the local stack (issue #9, C6): lifecycle events on the bus become
 * `alert.updated` on the tenant's watching sockets, and `GET /v1/alerts/stream` serves the same
 * events as server-sent events, resumable with Last-Event-ID; `vehicle.position` subscriptions get
 * the tenant's positions from `telemetry.received` — all tenant-isolated.
 */
describe('live alerts and positions on the local stack', () => {
  let stack: LocalStack;
  const tokens: Record<string, string> = {};
  const sockets: SocketClient[] = [];

  const token = async (tenantId: string, userId: string, roles: string[]) => {
    const response = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId, roles }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const publish = (detailType: string, detail: unknown) =>
    stack.bus.publish([{ source: 'fleetops.alerts', detailType, detail }]);
  const socket = async (bearer: string) => {
    const client = await openSocket(`${stack.wsUrl}?token=${bearer}`);
    sockets.push(client);
    return client;
  };
  const streamUrl = () => `${stack.url}/v1/alerts/stream`;

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: `rt${randomBytes(3).toString('hex')}`,
      simulator: false,
      seed: false,
      logLevel: 'SILENT',
      retryBaseDelayMs: 5,
    });
    tokens.acme = await token('acme', 'acme-dispatcher', ['dispatcher']);
    tokens.acmeDriver = await token('acme', 'acme-driver', ['driver']);
    tokens.globex = await token('globex', 'globex-dispatcher', ['dispatcher']);
  });

  afterAll(async () => {
    for (const client of sockets) client.close();
    await stack?.stop();
  });

  it('pushes alert.updated with the whole alert to acme watchers only', async () => {
    const acme = await socket(tokens.acme as string);
    const driver = await socket(tokens.acmeDriver as string);
    const globex = await socket(tokens.globex as string);
    await stack.idle();
    const acknowledged = alertFixture('acme', 'A-WS-1', {
      status: 'acknowledged',
      acknowledgedBy: 'acme-dispatcher',
      acknowledgedAt: '2026-11-22T14:00:00.000Z',
    });

    await publish('alert.acknowledged', acknowledged);
    await stack.idle();
    const frame = await acme.waitFor((f) => f.type === 'alert.updated');

    expect(frame.data).toMatchObject({ tenantId: 'acme', alertId: 'A-WS-1', status: 'acknowledged' });
    await driver.barrier();
    await globex.barrier();
    expect(driver.frames).toEqual([]);
    expect(globex.frames).toEqual([]);
  });

  it('refuses a missing or bad token with 401 JSON', async () => {
    const none = await fetch(streamUrl());
    const bad = await fetch(`${streamUrl()}?token=not-a-jwt`);
    const badHeader = await fetch(streamUrl(), { headers: { authorization: 'Bearer forged.token.here' } });

    for (const response of [none, bad, badHeader]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    }
  });

  it('streams alert.raised and alert.updated with ids, resumes after Last-Event-ID, never across tenants', async () => {
    // Prepare: one stream per tenant, by header and by query token
    const acme = await openSse(streamUrl(), { authorization: `Bearer ${tokens.acme}` });
    const globex = await openSse(`${streamUrl()}?token=${tokens.globex}`);
    expect(acme.status).toBe(200);
    expect(acme.contentType).toMatch(/^text\/event-stream/);

    // Act: acme raises and acknowledges; globex raises one of its own
    await publish('alert.raised', alertFixture('acme', 'A-SSE-1'));
    await stack.idle();
    await publish('alert.acknowledged', alertFixture('acme', 'A-SSE-1', { status: 'acknowledged' }));
    await publish('alert.raised', alertFixture('globex', 'G-SSE-1'));
    await stack.idle();
    const [raised, updated] = await acme.waitForEvents(2);
    const [globexRaised] = await globex.waitForEvents(1);

    // Assess
    expect(raised?.event).toBe('alert.raised');
    expect(JSON.parse(raised?.data ?? '{}')).toMatchObject({ tenantId: 'acme', alertId: 'A-SSE-1', status: 'open' });
    expect(updated?.event).toBe('alert.updated');
    expect(JSON.parse(updated?.data ?? '{}')).toMatchObject({ alertId: 'A-SSE-1', status: 'acknowledged' });
    expect(raised?.id && updated?.id && raised.id < updated.id).toBe(true);
    expect(JSON.parse(globexRaised?.data ?? '{}')).toMatchObject({ tenantId: 'globex', alertId: 'G-SSE-1' });

    // Act: acme's client drops after the raise, misses the resolve, reconnects with Last-Event-ID
    acme.close();
    await publish('alert.resolved', alertFixture('acme', 'A-SSE-1', { status: 'resolved' }));
    await stack.idle();
    const resumed = await openSse(streamUrl(), {
      authorization: `Bearer ${tokens.acme}`,
      'last-event-id': raised?.id as string,
    });
    const missed = await resumed.waitForEvents(2);

    // Assess: exactly what came after the raise, in order
    expect(missed.map((e) => [e.event, JSON.parse(e.data).status])).toEqual([
      ['alert.updated', 'acknowledged'],
      ['alert.updated', 'resolved'],
    ]);
    expect(missed[0]?.id).toBe(updated?.id);
    // globex never saw an acme event
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(globex.events.map((e) => JSON.parse(e.data).tenantId)).toEqual(['globex']);
    resumed.close();
    globex.close();
  });

  it('appends a redelivered bus event once', async () => {
    const event = {
      version: '0',
      id: 'same-event',
      'detail-type': 'alert.noted',
      source: 'fleetops.alerts',
      account: '000000000000',
      time: '2026-11-22T14:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: alertFixture('acme', 'A-DUP-1'),
    };
    const record = stack.functions.find((f) => f.declaration.name === 'recordAlertStream');
    await record?.handler(event, {} as never);
    await record?.handler(event, {} as never);
    const stream = await openSse(`${stack.url}/v1/alerts/stream?lastEventId=00000000000000000000000000`, {
      authorization: `Bearer ${tokens.acme}`,
    });
    await stream.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    stream.close();

    expect(stream.events.filter((e) => JSON.parse(e.data).alertId === 'A-DUP-1')).toHaveLength(1);
  });
  it('subscribes to positions, answers bad frames with an error frame, unsubscribes, never across tenants', async () => {
    const telemetry = (tenantId: string, readings: object[]) =>
      stack.bus.publish([
        {
          source: 'fleetops.telemetry',
          detailType: 'telemetry.received',
          detail: { tenantId, batchId: `b-${Math.random()}`, readings },
        },
      ]);
    const one = await socket(tokens.acme as string);
    const all = await socket(tokens.acme as string);
    const globex = await socket(tokens.globex as string);
    const driver = await socket(tokens.acmeDriver as string);

    // Act: subscriptions, one of them invalid; globex subscribes to acme's vehicle id and to '*';
    // a driver (who sees only their own vehicle in the fleet API) asks for the whole fleet
    one.send({ action: 'subscribe', topic: 'vehicle.position', vehicleId: 'TRK-101' });
    all.send({ action: 'subscribe', topic: 'vehicle.position', vehicleId: '*' });
    all.send({ action: 'subscribe', topic: 'vehicle.weather', vehicleId: '*' });
    globex.send({ action: 'subscribe', topic: 'vehicle.position', vehicleId: 'TRK-101' });
    globex.send({ action: 'subscribe', topic: 'vehicle.position', vehicleId: '*' });
    driver.send({ action: 'subscribe', topic: 'vehicle.position', vehicleId: '*' });
    await stack.idle();

    // Assess: acknowledged, the bad one refused by a frame on an open socket
    expect(await one.waitFor((f) => f.type === 'subscribed')).toEqual({
      type: 'subscribed',
      data: { topic: 'vehicle.position', vehicleId: 'TRK-101' },
    });
    const error = await all.waitFor((f) => f.type === 'error');
    expect(error.data).toMatchObject({
      code: 'INVALID_SUBSCRIPTION',
      details: [expect.objectContaining({ path: 'topic' })],
    });
    expect(all.socket.readyState).toBe(all.socket.OPEN);
    expect((await driver.waitFor((f) => f.type === 'error')).data).toMatchObject({ code: 'FORBIDDEN' });

    // Act: acme telemetry for two vehicles, TRK-101 twice in one batch
    await telemetry('acme', [
      { vehicleId: 'TRK-101', ts: '2026-11-22T14:00:00.000Z', lat: 41.1, lng: -87.1, speed: 40 },
      { vehicleId: 'TRK-101', ts: '2026-11-22T14:00:01.000Z', lat: 41.2, lng: -87.2, speed: 42 },
      { vehicleId: 'VAN-12', ts: '2026-11-22T14:00:01.000Z', lat: 42, lng: -88 },
      { vehicleId: 'VAN-12', ts: '2026-11-22T14:00:02.000Z', engineTemp: 90 },
    ]);
    await stack.idle();
    await one.barrier();
    await all.barrier();
    await globex.barrier();
    await driver.barrier();

    // Assess
    const positions = (client: SocketClient) => client.frames.filter((f) => f.type === 'vehicle.position');
    expect(positions(one)).toEqual([
      {
        type: 'vehicle.position',
        data: { vehicleId: 'TRK-101', lat: 41.2, lng: -87.2, speed: 42, ts: '2026-11-22T14:00:01.000Z' },
      },
    ]);
    expect(
      positions(all)
        .map((f) => f.data.vehicleId)
        .sort(),
    ).toEqual(['TRK-101', 'VAN-12']);
    expect(positions(globex)).toEqual([]);
    expect(positions(driver)).toEqual([]);

    // Act: unsubscribe, then more telemetry past the one-second window
    one.send({ action: 'unsubscribe', topic: 'vehicle.position', vehicleId: 'TRK-101' });
    await stack.idle();
    expect((await one.waitFor((f) => f.type === 'unsubscribed')).data).toEqual({
      topic: 'vehicle.position',
      vehicleId: 'TRK-101',
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await telemetry('acme', [{ vehicleId: 'TRK-101', ts: '2026-11-22T14:00:07.000Z', lat: 41.3, lng: -87.3 }]);
    await stack.idle();
    await one.barrier();
    await all.barrier();

    // Assess: the unsubscribed socket got nothing more, the fleet watcher did
    expect(positions(one)).toHaveLength(1);
    expect(positions(all).at(-1)?.data).toMatchObject({ vehicleId: 'TRK-101', lat: 41.3 });
  });
});
