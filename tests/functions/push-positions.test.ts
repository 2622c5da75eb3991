import { beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../functions/modules/fleet/domain/reading.js';
import { latestPositions } from '../../functions/modules/realtime/domain/positions.js';
import { pushPositions } from '../../functions/modules/realtime/use-cases/push-positions.js';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FakeConnectionGateway, FixedClock, testBasics } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const at = (ms: number) => new Date(Date.parse('2026-11-22T14:00:00.000Z') + ms).toISOString();
const position = (vehicleId: string, ms: number, lat = 41.88): Reading => ({
  vehicleId,
  ts: at(ms),
  lat,
  lng: -87.63,
  speed: 50,
});
const fleet = (size: number, ms: number): Reading[] =>
  Array.from({ length: size }, (_, i) => position(`TRK-${i}`, ms, 41 + i / 1000));

describe('latestPositions', () => {
  it('keeps the newest reading with lat and lng per vehicle', () => {
    const positions = latestPositions([
      position('TRK-1', 2000, 2),
      position('TRK-1', 1000, 1),
      { vehicleId: 'TRK-1', ts: at(3000), engineTemp: 90 },
      { vehicleId: 'TRK-2', ts: at(1000), lat: 5 },
      position('TRK-3', 500, 3),
    ]);

    expect(positions).toEqual([
      { vehicleId: 'TRK-1', lat: 2, lng: -87.63, speed: 50, ts: at(2000) },
      { vehicleId: 'TRK-3', lat: 3, lng: -87.63, speed: 50, ts: at(500) },
    ]);
  });
});

describe('pushPositions', () => {
  let repos: TestRepositories;
  let gateway: FakeConnectionGateway;
  let clock: FixedClock;
  const deps = () => ({ ...testBasics(clock), connections: repos.connections, gateway, clock });

  async function connect(
    connectionId: string,
    tenantId: string,
    subscriptions: string[],
    roles: Role[] = ['dispatcher'],
  ) {
    await repos.connections.put({
      connectionId,
      tenantId,
      userId: connectionId,
      roles,
      connectedAt: clock.now().toISOString(),
    });
    for (const vehicleId of subscriptions) {
      expect(await repos.connections.subscribePositions(connectionId, tenantId, vehicleId, 100)).toBe('subscribed');
    }
  }
  const vehiclesSentTo = (connectionId: string) =>
    gateway.framesFor(connectionId).map((f) => (f as { data: { vehicleId: string } }).data.vehicleId);

  beforeEach(async () => {
    clock = new FixedClock();
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    gateway = new FakeConnectionGateway();
  });

  it('sends a 500-vehicle fleet reporting every 5 s only to subscribers, once per vehicle per second', async () => {
    // Prepare: acme has a fleet-wide watcher, a one-vehicle watcher and a socket without subscriptions
    await connect('all', 'acme', ['*']);
    await connect('one', 'acme', ['TRK-7']);
    await connect('none', 'acme', []);
    await connect('globex-all', 'globex', ['*', 'TRK-7']);

    // Act: a batch, the same vehicles again 400 ms later, then 1 s after the first
    const first = await pushPositions(deps(), { tenantId: 'acme', batchId: 'b1', readings: fleet(500, 0) });
    clock.advance(400);
    const early = await pushPositions(deps(), { tenantId: 'acme', batchId: 'b2', readings: fleet(500, 400) });
    clock.advance(600);
    const later = await pushPositions(deps(), { tenantId: 'acme', batchId: 'b3', readings: fleet(500, 1000) });

    // Assess
    expect([first, early, later]).toEqual([501, 0, 501]);
    expect(vehiclesSentTo('all')).toHaveLength(1000);
    expect(new Set(vehiclesSentTo('all')).size).toBe(500);
    expect(vehiclesSentTo('one')).toEqual(['TRK-7', 'TRK-7']);
    expect(gateway.framesFor('one')[1]).toEqual({
      type: 'vehicle.position',
      data: { vehicleId: 'TRK-7', lat: 41.007, lng: -87.63, speed: 50, ts: at(1000) },
    });
    expect(vehiclesSentTo('none')).toEqual([]);
    expect(vehiclesSentTo('globex-all')).toEqual([]);
  });

  it('coalesces a batch to the newest position per vehicle', async () => {
    await connect('one', 'acme', ['TRK-1']);

    await pushPositions(deps(), {
      tenantId: 'acme',
      batchId: 'b1',
      readings: [position('TRK-1', 0, 1), position('TRK-1', 200, 3), position('TRK-1', 100, 2)],
    });

    expect(gateway.framesFor('one')).toEqual([
      { type: 'vehicle.position', data: expect.objectContaining({ vehicleId: 'TRK-1', lat: 3, ts: at(200) }) },
    ]);
  });

  it('sends one frame per vehicle when two invocations race for the same socket', async () => {
    await connect('all', 'acme', ['*']);

    // Act: two batches of the same second handled at once (two Lambda containers)
    await Promise.all([
      pushPositions(deps(), { tenantId: 'acme', batchId: 'b1', readings: fleet(20, 0) }),
      pushPositions(deps(), { tenantId: 'acme', batchId: 'b2', readings: [...fleet(20, 10), position('VAN-1', 10)] }),
    ]);

    // Assess: every vehicle exactly once, the extra vehicle of the second batch included
    const sent = vehiclesSentTo('all');
    expect(sent).toHaveLength(21);
    expect(new Set(sent).size).toBe(21);
  });

  it('forgets a connection that is gone', async () => {
    await connect('left', 'acme', ['*']);
    gateway.gone.add('left');

    await pushPositions(deps(), { tenantId: 'acme', batchId: 'b1', readings: fleet(3, 0) });

    expect(await repos.connections.get('left')).toBeUndefined();
  });

  it('keeps subscriptions per tenant: another tenant cannot subscribe on a connection it does not own', async () => {
    await connect('acme-socket', 'acme', []);

    expect(await repos.connections.subscribePositions('acme-socket', 'globex', 'TRK-1', 100)).toBe('not-connected');
    expect(await repos.connections.unsubscribePositions('acme-socket', 'globex', 'TRK-1')).toBe(false);
    expect((await repos.connections.get('acme-socket'))?.positionSubscriptions).toBeUndefined();
  });
});
