import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { heldLockKey } from '../../functions/modules/alerts/ports/alert-repository.js';
import {
  DynamoDbTelemetryRepository,
  dynamoDbTelemetryRepository,
} from '../../functions/modules/fleet/adapters/dynamodb-telemetry-repository.js';
import { READING_RETENTION_DAYS } from '../../functions/modules/fleet/domain/batch.js';
import type { Reading } from '../../functions/modules/fleet/domain/reading.js';
import type { Connection } from '../../functions/modules/realtime/ports/connection-repository.js';
import { InvalidCursor } from '../../functions/platform/errors.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

let repos: TestRepositories;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const clock = new FixedClock();

beforeAll(async () => {
  db = await createTestDatabase();
  repos = testRepositories(db.documentClient, db.tables, { clock });
});

const ts = (second: number) => new Date(Date.UTC(2026, 10, 22, 14, 0, second)).toISOString();

function alert(tenantId: string, vehicleId: string, type: string, second: number, extra: Partial<Alert> = {}): Alert {
  const reading: Reading = { vehicleId, ts: ts(second), engineTemp: 120, oilPressure: 10 };
  return {
    tenantId,
    alertId: alertIdFor(tenantId, vehicleId, type, reading.ts),
    vehicleId,
    type,
    severity: 'HIGH',
    status: 'open',
    message: `${type} on ${vehicleId}`,
    readings: [reading],
    raisedAt: reading.ts,
    history: [],
    ...extra,
  };
}

describe('DynamoDbTelemetryRepository', () => {
  it('finds stored readings again: a resend comes back without them, per tenant', async () => {
    // Prepare
    const readings: Reading[] = [
      { vehicleId: 'TRK-1', ts: ts(1), speed: 10 },
      { vehicleId: 'TRK-1', ts: ts(2), speed: 20 },
    ];
    const first = await repos.telemetry.unseen('acme', readings);
    await repos.telemetry.store('acme', 'b1', first);

    // Act
    const second = await repos.telemetry.unseen('acme', [...readings, { vehicleId: 'TRK-1', ts: ts(3) }]);
    const otherTenant = await repos.telemetry.unseen('globex', readings);

    // Assess
    expect(first).toEqual(readings);
    expect(second).toEqual([{ vehicleId: 'TRK-1', ts: ts(3) }]);
    expect(otherTenant).toEqual(readings);
  });

  it('stores and looks up more than one BatchWrite call holds (25) and a BatchGet call (100)', async () => {
    // Prepare
    const readings: Reading[] = Array.from({ length: 260 }, (_, i) => ({ vehicleId: 'VAN-9', ts: ts(i), speed: i }));
    await repos.telemetry.store('acme', 'b4', readings.slice(0, 130));

    // Act
    const fresh = await repos.telemetry.unseen('acme', readings);
    await repos.telemetry.store('acme', 'b5', fresh);

    // Assess: exactly the 130 not stored before; once stored, a resend has nothing new
    expect(fresh).toEqual(readings.slice(130));
    expect(await repos.telemetry.unseen('acme', readings)).toEqual([]);
  });

  it('stores each reading with its batch, when ingest accepted it, and a retention counted from then', async () => {
    // Act
    await repos.telemetry.store('acme', 'b9', [{ vehicleId: 'RET-1', ts: ts(1), speed: 5 }], {
      receivedAt: '2026-11-22T13:00:00.000Z',
    });

    // Assess
    const items = await db.documentClient.send(
      new QueryCommand({
        TableName: db.tables.telemetry,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#acme#VEHICLE#RET-1' },
      }),
    );
    expect(items.Items).toEqual([
      expect.objectContaining({
        vehicleId: 'RET-1',
        ts: ts(1),
        speed: 5,
        tenantId: 'acme',
        batchId: 'b9',
        receivedAt: '2026-11-22T13:00:00.000Z',
        expiresAt: Date.parse('2026-11-22T13:00:00.000Z') / 1000 + READING_RETENTION_DAYS * 86_400,
      }),
    ]);
  });

  it('counts what this container accepted as a duplicate before it is stored, for a minute, and no other container', async () => {
    // Prepare: accepted (logged) but not stored yet: the log's consumer has not run.
    const local = new FixedClock();
    const container = testRepositories(db.documentClient, db.tables, { clock: local }).telemetry;
    const readings: Reading[] = [{ vehicleId: 'LAG-1', ts: ts(1), speed: 1 }];
    container.noteAccepted('acme', readings);

    // Act
    const resentHere = await container.unseen('acme', readings);
    const resentElsewhere = await testRepositories(db.documentClient, db.tables, { clock: local }).telemetry.unseen(
      'acme',
      readings,
    );
    const otherTenant = await container.unseen('globex', readings);
    local.advance(61_000);
    const resentLater = await container.unseen('acme', readings);

    // Assess: after a minute only the table answers, and it has no such item
    expect(resentHere).toEqual([]);
    expect(resentElsewhere).toEqual(readings);
    expect(otherTenant).toEqual(readings);
    expect(resentLater).toEqual(readings);
  });

  it('forgets the oldest accepted readings beyond its bound, never a newer one', async () => {
    // Prepare
    const container = dynamoDbTelemetryRepository.create({
      client: db.documentClient,
      tableName: db.tables.telemetry as string,
      clock,
    });
    const bounded = new DynamoDbTelemetryRepository({
      client: db.documentClient,
      tableName: db.tables.telemetry as string,
      clock,
      maxRememberedReadings: 3,
    });
    const readings: Reading[] = Array.from({ length: 5 }, (_, i) => ({ vehicleId: 'MEM-1', ts: ts(i) }));

    // Act
    for (const reading of readings) bounded.noteAccepted('acme', [reading]);
    container.noteAccepted('acme', readings);

    // Assess
    expect(await bounded.unseen('acme', readings)).toEqual(readings.slice(0, 2));
    expect(await container.unseen('acme', readings)).toEqual([]);
  });

  it('looks up only readings at or before the state the caller names, or this container accepted', async () => {
    // Prepare: readings stored by another container, and a key counter.
    const readings: Reading[] = Array.from({ length: 6 }, (_, i) => ({ vehicleId: 'WM-1', ts: ts(i), speed: i }));
    await repos.telemetry.store('wm', 'other', readings.slice(0, 4));
    let keysLookedUp = 0;
    const local = new FixedClock();
    const counted = testRepositories(db.documentClient, db.tables, { clock: local }).telemetry;
    db.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^BatchGet/.test(String(context.commandName))) {
          const input = args.input as { RequestItems: Record<string, { Keys: unknown[] }> };
          keysLookedUp += Object.values(input.RequestItems).reduce((n, r) => n + r.Keys.length, 0);
        }
        return next(args);
      },
      { step: 'initialize', name: 'countBatchGetKeys' },
    );
    try {
      // Act: the state says readings up to ts(1) are stored (it lags: ts(2) and ts(3) are stored too).
      const storedUpTo = new Map([['WM-1', ts(1)]]);
      const fresh = await counted.unseen('wm', readings, { storedUpTo });
      counted.noteAccepted('wm', fresh);
      const firstLookups = keysLookedUp;
      keysLookedUp = 0;
      // A minute on, this container no longer takes its own word: it looks up all it accepted.
      local.advance(61_000);
      const resent = await counted.unseen('wm', readings.slice(0, 4), { storedUpTo });

      // Assess: ts(0), ts(1) looked up (duplicates); ts(2..5) taken as fresh, the state's lag as the
      // adapter documents; the later resend is looked up in full, up to the newest it accepted.
      expect(fresh.map((r) => r.ts)).toEqual([ts(2), ts(3), ts(4), ts(5)]);
      expect(firstLookups).toBe(2);
      expect(keysLookedUp).toBe(4);
      expect(resent).toEqual([]);
    } finally {
      db.documentClient.middlewareStack.remove('countBatchGetKeys');
    }
  });
});

describe('DynamoDbFleetRepository getVehicleStates', () => {
  it("reads many vehicles' states in one go, only this tenant's, skipping vehicles with none", async () => {
    // Prepare: 120 vehicles (more than one BatchGetItem call) and one of another tenant's
    const ids = Array.from({ length: 120 }, (_, i) => `BULK-${i}`);
    await repos.fleet.updateVehicleState(
      'hooli',
      ids.map((vehicleId, i) => ({ vehicleId, ts: ts(i), speed: i })),
    );
    await repos.fleet.updateVehicleState('pied-piper', [{ vehicleId: 'BULK-0', ts: ts(0), speed: 999 }]);

    // Act
    const states = await repos.fleet.getVehicleStates('hooli', [...ids, 'NO-STATE', 'BULK-0']);

    // Assess
    expect(states).toHaveLength(120);
    expect(states.find((s) => s.vehicleId === 'BULK-0')).toEqual(await repos.fleet.getVehicleState('hooli', 'BULK-0'));
    expect(states.every((s) => s.tenantId === 'hooli' && s.readings.speed !== 999)).toBe(true);
  });
});

describe('DynamoDbFleetRepository unknownVehicles', () => {
  it("names the ids that are not this tenant's vehicles, another tenant's included", async () => {
    // Prepare
    await repos.fleet.putVehicle({ tenantId: 'initech', vehicleId: 'KNOWN-1', name: 'Known', type: 'van' });
    await repos.fleet.putVehicle({ tenantId: 'umbrella', vehicleId: 'THEIRS-1', name: 'Theirs', type: 'van' });

    // Act
    const unknown = await repos.fleet.unknownVehicles('initech', ['KNOWN-1', 'GHOST-999', 'THEIRS-1', 'KNOWN-1']);

    // Assess
    expect(unknown.sort()).toEqual(['GHOST-999', 'THEIRS-1']);
  });
});

describe('DynamoDbFleetRepository', () => {
  it('keeps the newest reading per vehicle, merging fields, whatever the arrival order', async () => {
    // Prepare
    await repos.fleet.updateVehicleState('acme', [{ vehicleId: 'TRK-2', ts: ts(10), speed: 50, fuelLevel: 40 }]);

    // Act: an older reading arrives late, then a newer one without fuelLevel.
    await repos.fleet.updateVehicleState('acme', [{ vehicleId: 'TRK-2', ts: ts(5), speed: 5, fuelLevel: 99 }]);
    const afterLate = await repos.fleet.getVehicleState('acme', 'TRK-2');
    await repos.fleet.updateVehicleState('acme', [{ vehicleId: 'TRK-2', ts: ts(20), speed: 70 }]);
    const afterNewer = await repos.fleet.getVehicleState('acme', 'TRK-2');

    // Assess
    expect(afterLate).toEqual({
      tenantId: 'acme',
      vehicleId: 'TRK-2',
      lastSeenAt: ts(10),
      readings: { speed: 50, fuelLevel: 40 },
      engineHours: 0,
      openAlerts: 0,
    });
    expect(afterNewer?.lastSeenAt).toBe(ts(20));
    expect(afterNewer?.readings).toEqual({ speed: 70, fuelLevel: 40 });
    expect(await repos.fleet.getVehicleState('globex', 'TRK-2')).toBeUndefined();
  });

  it('stores tenants, users and vehicles per tenant', async () => {
    await repos.fleet.putTenant({ tenantId: 'acme', name: 'Acme', onCallPhone: '+15550100' });
    await repos.fleet.putUser({ tenantId: 'acme', userId: 'u1', name: 'Ann', roles: ['dispatcher'] });
    await repos.fleet.putVehicle({ tenantId: 'acme', vehicleId: 'TRK-101', name: 'Truck 101', type: 'truck' });
    await repos.fleet.putVehicle({ tenantId: 'globex', vehicleId: 'VAN-12', name: 'Van 12', type: 'van' });

    expect(await repos.fleet.getTenant('acme')).toEqual({ tenantId: 'acme', name: 'Acme', onCallPhone: '+15550100' });
    expect(await repos.fleet.listUsers('acme')).toEqual([
      { tenantId: 'acme', userId: 'u1', name: 'Ann', roles: ['dispatcher'] },
    ]);
    expect((await repos.fleet.listVehicles('acme')).map((v) => v.vehicleId)).toEqual(['TRK-101']);
    expect(await repos.fleet.getTenant('nobody')).toBeUndefined();
  });
});

describe('DynamoDbAlertRepository', () => {
  it('raises one alert per open (vehicle, type) even under 10 concurrent attempts', async () => {
    // Prepare: ten evaluations of ten different readings of the same persisting fault.
    const attempts = Array.from({ length: 10 }, (_, i) => alert('acme', 'TRK-3', 'ENGINE_FAILURE', i));

    // Act
    const results = await Promise.all(attempts.map((a) => repos.alerts.raiseIfNotOpen(a)));

    // Assess
    const raised = results.filter((r) => r.raised);
    expect(raised).toHaveLength(1);
    const winner = raised[0]?.raised ? raised[0].alert.alertId : '';
    for (const r of results.filter((x) => !x.raised)) expect(r).toEqual({ raised: false, openAlertId: winner });
    const page = await repos.alerts.list('acme', { vehicleId: 'TRK-3' }, 100);
    expect(page.items.map((a) => a.alertId)).toEqual([winner]);
  });

  it('keeps one open alert per type, but different types and vehicles raise their own', async () => {
    const results = await Promise.all([
      repos.alerts.raiseIfNotOpen(alert('acme', 'TRK-4', 'OVERHEAT', 1)),
      repos.alerts.raiseIfNotOpen(alert('acme', 'TRK-4', 'LOW_FUEL', 1)),
      repos.alerts.raiseIfNotOpen(alert('acme', 'TRK-5', 'OVERHEAT', 1)),
      repos.alerts.raiseIfNotOpen(alert('globex', 'TRK-4', 'OVERHEAT', 1)),
    ]);
    expect(results.map((r) => r.raised)).toEqual([true, true, true, true]);
    const again = await repos.alerts.raiseIfNotOpen(alert('acme', 'TRK-4', 'OVERHEAT', 1));
    expect(again).toEqual({ raised: false, openAlertId: alert('acme', 'TRK-4', 'OVERHEAT', 1).alertId });
    expect(await repos.alerts.get('acme', alert('acme', 'TRK-4', 'LOW_FUEL', 1).alertId)).toEqual(
      alert('acme', 'TRK-4', 'LOW_FUEL', 1),
    );
    expect(await repos.alerts.get('globex', alert('acme', 'TRK-4', 'LOW_FUEL', 1).alertId)).toBeUndefined();
  });

  it('tells which (vehicle, rule) locks are held, in one read: released, absent and other tenants are not', async () => {
    // Prepare: two alerts of one vehicle open, then one of them resolved (its lock released).
    const overheat = alert('acme', 'TRK-40', 'OVERHEAT', 1);
    const lowFuel = alert('acme', 'TRK-40', 'LOW_FUEL', 1);
    await repos.alerts.raiseIfNotOpen(overheat);
    await repos.alerts.raiseIfNotOpen(lowFuel);
    const versioned = await repos.alerts.getVersioned('acme', lowFuel.alertId);
    const resolved: Alert = { ...lowFuel, status: 'resolved', resolvedAt: ts(5), resolvedBy: 'd1' };
    expect(await repos.alerts.update(resolved, versioned?.rev as number)).toBe(true);
    const refs = [
      { vehicleId: 'TRK-40', lockKey: 'OVERHEAT' },
      { vehicleId: 'TRK-40', lockKey: 'LOW_FUEL' },
      { vehicleId: 'TRK-41', lockKey: 'OVERHEAT' },
      { vehicleId: 'TRK-40', lockKey: 'OVERHEAT' },
    ];

    // Act
    const acme = await repos.alerts.heldLocks('acme', refs);
    const globex = await repos.alerts.heldLocks('globex', refs);

    // Assess
    expect([...acme]).toEqual([[heldLockKey({ vehicleId: 'TRK-40', lockKey: 'OVERHEAT' }), overheat.alertId]]);
    expect(globex.size).toBe(0);
    expect((await repos.alerts.heldLocks('acme', [])).size).toBe(0);
  });

  describe('list', () => {
    let listRepos: TestRepositories;
    const stored: Alert[] = [];

    beforeAll(async () => {
      const db = await createTestDatabase();
      listRepos = testRepositories(db.documentClient, db.tables, { clock });
      // 30 alerts for tenant "pages": 3 vehicles, severities and statuses interleaved.
      for (let i = 0; i < 30; i++) {
        const a = alert('pages', `V-${i % 3}`, `TYPE_${i}`, i, {
          severity: i % 2 === 0 ? 'HIGH' : 'LOW',
          status: i % 5 === 0 ? 'acknowledged' : 'open',
        });
        stored.push(a);
        await listRepos.alerts.raiseIfNotOpen(a);
      }
      await listRepos.alerts.raiseIfNotOpen(alert('other', 'V-0', 'TYPE_X', 1));
    });

    const newestFirst = (alerts: Alert[]) => [...alerts].sort((a, b) => b.alertId.localeCompare(a.alertId));

    async function all(filter: Parameters<TestRepositories['alerts']['list']>[1], limit: number) {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listRepos.alerts.list('pages', filter, limit, cursor);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        ids.push(...page.items.map((a) => a.alertId));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      return ids;
    }

    it('pages through every alert newest first', async () => {
      const first = await listRepos.alerts.list('pages', {}, 7);
      expect(first.items).toHaveLength(7);
      expect(first.nextCursor).toBeDefined();
      expect(await all({}, 7)).toEqual(newestFirst(stored).map((a) => a.alertId));
    });

    it('filters by status, severity and vehicle, alone and combined', async () => {
      const expectIds = (predicate: (a: Alert) => boolean) =>
        newestFirst(stored.filter(predicate)).map((a) => a.alertId);
      expect(await all({ status: 'acknowledged' }, 4)).toEqual(expectIds((a) => a.status === 'acknowledged'));
      expect(await all({ severity: 'LOW' }, 4)).toEqual(expectIds((a) => a.severity === 'LOW'));
      expect(await all({ vehicleId: 'V-1' }, 3)).toEqual(expectIds((a) => a.vehicleId === 'V-1'));
      expect(await all({ vehicleId: 'V-0', status: 'open', severity: 'HIGH' }, 2)).toEqual(
        expectIds((a) => a.vehicleId === 'V-0' && a.status === 'open' && a.severity === 'HIGH'),
      );
      expect(await all({ vehicleId: 'nope' }, 5)).toEqual([]);
    });

    it('refuses garbage cursors and cursors issued to another tenant', async () => {
      const page = await listRepos.alerts.list('pages', {}, 2);
      const cursor = page.nextCursor ?? '';

      await expect(listRepos.alerts.list('other', {}, 2, cursor)).rejects.toBeInstanceOf(InvalidCursor);
      await expect(listRepos.alerts.list('pages', {}, 2, 'garbage!')).rejects.toBeInstanceOf(InvalidCursor);
      await expect(listRepos.alerts.list('pages', {}, 2, 'bm90IGpzb24')).rejects.toBeInstanceOf(InvalidCursor);
      const forged = Buffer.from(JSON.stringify({ v: 1, t: 'pages', a: 'x' })).toString('base64url');
      await expect(listRepos.alerts.list('pages', {}, 2, forged)).rejects.toBeInstanceOf(InvalidCursor);
    });

    it('shows tenant B nothing of tenant A', async () => {
      const page = await listRepos.alerts.list('other', {}, 100);
      expect(page.items.map((a) => a.tenantId)).toEqual(['other']);
      expect((await listRepos.alerts.list('nobody', {}, 100)).items).toEqual([]);
    });
  });

  it('lets a new sender take over a claim whose lease expired', async () => {
    const key = 'A-LEASE#dana#sms#L0';
    expect(await repos.attempts.claim('acme', key, 30)).toBe(true);
    clock.advance(29_000);
    expect(await repos.attempts.claim('acme', key, 30)).toBe(false);
    clock.advance(2_000);
    expect(await repos.attempts.claim('acme', key, 30)).toBe(true);
  });
});

describe('DynamoDbConnectionRepository', () => {
  it('lists only the tenant’s live connections', async () => {
    // Prepare
    const connectedAt = clock.now().toISOString();
    await repos.connections.put({
      connectionId: 'c-a1',
      tenantId: 'acme',
      userId: 'u1',
      roles: ['admin'],
      connectedAt,
    });
    await repos.connections.put({
      connectionId: 'c-a2',
      tenantId: 'acme',
      userId: 'u2',
      roles: ['driver'],
      connectedAt,
    });
    await repos.connections.put({
      connectionId: 'c-g1',
      tenantId: 'globex',
      userId: 'u3',
      roles: ['admin'],
      connectedAt,
    });

    // Act
    const acme = await repos.connections.listByTenant('acme');
    const globex = await repos.connections.listByTenant('globex');
    await repos.connections.remove('c-a2');

    // Assess
    expect(acme.map((c) => c.connectionId).sort()).toEqual(['c-a1', 'c-a2']);
    expect(globex).toEqual([{ connectionId: 'c-g1', tenantId: 'globex', userId: 'u3', roles: ['admin'], connectedAt }]);
    expect(await repos.connections.get('c-a2')).toBeUndefined();
    expect((await repos.connections.listByTenant('acme')).map((c) => c.connectionId)).toEqual(['c-a1']);
  });

  it('finds one person’s sockets by user and the staff’s in the staff index, never another tenant’s', async () => {
    // Prepare: the same user id in two tenants; a driver, a dispatcher with two sockets, an agent.
    const connectedAt = clock.now().toISOString();
    const put = (connectionId: string, tenantId: string, userId: string, roles: Connection['roles']) =>
      repos.connections.put({ connectionId, tenantId, userId, roles, connectedAt });
    await put('s-d1', 'staffco', 'dora', ['driver']);
    await put('s-p1', 'staffco', 'pia', ['dispatcher']);
    await put('s-p2', 'staffco', 'pia', ['dispatcher']);
    await put('s-a1', 'staffco', 'ali', ['agent', 'driver']);
    await put('o-p1', 'otherco', 'pia', ['dispatcher']);
    await put('o-x1', 'otherco', 'xan', ['partner']);

    // Act
    const ids = (list: Connection[]) => list.map((c) => c.connectionId).sort();
    const pia = ids(await repos.connections.listByUsers('staffco', ['pia', 'pia']));
    const both = ids(await repos.connections.listByUsers('staffco', ['dora', 'ali', 'nobody']));
    const staff = ids(await repos.connections.listStaff('staffco'));
    const otherStaff = ids(await repos.connections.listStaff('otherco'));

    // Assess: drivers and partners are not staff; a person's sockets stay in their tenant.
    expect(pia).toEqual(['s-p1', 's-p2']);
    expect(both).toEqual(['s-a1', 's-d1']);
    expect(staff).toEqual(['s-a1', 's-p1', 's-p2']);
    expect(otherStaff).toEqual(['o-p1']);
    expect(await repos.connections.listByUsers('staffco', [])).toEqual([]);
  });

  it('treats connections past their TTL as gone before DynamoDB reaps them', async () => {
    const db = await createTestDatabase();
    const local = new FixedClock();
    const fresh = testRepositories(db.documentClient, db.tables, { clock: local });
    await fresh.connections.put({
      connectionId: 'old',
      tenantId: 'acme',
      userId: 'u',
      roles: ['admin'],
      connectedAt: local.now().toISOString(),
    });

    local.advance(4 * 3_600_000);

    expect(await fresh.connections.listByTenant('acme')).toEqual([]);
    expect(await fresh.connections.get('old')).toBeUndefined();
  });
});
