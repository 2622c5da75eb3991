import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbOpenAlertLedger } from '../../functions/modules/fleet/adapters/dynamodb-open-alert-ledger.js';
import { dynamoDbTelemetryHistory } from '../../functions/modules/fleet/adapters/dynamodb-telemetry-history.js';
import { dynamoDbVehicleRegistry } from '../../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import { createGetVehicleHandler } from '../../functions/modules/fleet/handlers/get-vehicle.handler.js';
import { createListVehiclesHandler } from '../../functions/modules/fleet/handlers/list-vehicles.handler.js';
import { createRecordServiceHandler } from '../../functions/modules/fleet/handlers/record-service.handler.js';
import { createRegisterVehicleHandler } from '../../functions/modules/fleet/handlers/register-vehicle.handler.js';
import { createUpdateVehicleHandler } from '../../functions/modules/fleet/handlers/update-vehicle.handler.js';
import { createVehicleTelemetryHandler } from '../../functions/modules/fleet/handlers/vehicle-telemetry.handler.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FakeEventPublisher, FixedClock, testBasics } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const NOW = new Date('2026-11-22T14:00:00.000Z');
const admin = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });
const manager: TestCaller = { tenantId: 'acme', userId: 'acme-manager', roles: ['fleet_manager'] };
const dispatcher = (tenantId = 'acme'): TestCaller => ({
  tenantId,
  userId: `${tenantId}-dispatcher`,
  roles: ['dispatcher'],
});
const driver = (userId: string): TestCaller => ({ tenantId: 'acme', userId, roles: ['driver'] });
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

interface Page {
  items: { vehicleId: string; openAlerts: number; lastSeenAt?: string; readings?: Record<string, number> }[];
  nextCursor?: string;
}

describe('vehicles API', () => {
  let repos: TestRepositories;
  let events: FakeEventPublisher;
  let clock: FixedClock;
  let handlers: {
    list: ReturnType<typeof createListVehiclesHandler>;
    get: ReturnType<typeof createGetVehicleHandler>;
    register: ReturnType<typeof createRegisterVehicleHandler>;
    update: ReturnType<typeof createUpdateVehicleHandler>;
    telemetry: ReturnType<typeof createVehicleTelemetryHandler>;
    service: ReturnType<typeof createRecordServiceHandler>;
  };

  const list = (caller: TestCaller, query: Record<string, string> = {}) =>
    handlers.list(httpEvent({ method: 'GET', path: '/v1/vehicles', query, caller }));
  const get = (caller: TestCaller, vehicleId: string) =>
    handlers.get({
      ...httpEvent({ method: 'GET', path: '/v1/vehicles/{vehicleId}', caller }),
      pathParameters: { vehicleId },
    });
  const register = (caller: TestCaller, body: unknown) =>
    handlers.register(httpEvent({ method: 'POST', path: '/v1/vehicles', body, caller }));
  const patch = (caller: TestCaller, vehicleId: string, body: unknown) =>
    handlers.update({
      ...httpEvent({ method: 'PATCH', path: '/v1/vehicles/{vehicleId}', body, caller }),
      pathParameters: { vehicleId },
    });
  const telemetry = (caller: TestCaller, vehicleId: string, query: Record<string, string> = {}) =>
    handlers.telemetry({
      ...httpEvent({ method: 'GET', path: '/v1/vehicles/{vehicleId}/telemetry', query, caller }),
      pathParameters: { vehicleId },
    });
  const service = (caller: TestCaller, vehicleId: string, body?: unknown) =>
    handlers.service({
      ...httpEvent({ method: 'POST', path: '/v1/vehicles/{vehicleId}/services', body, caller }),
      pathParameters: { vehicleId },
    });

  beforeAll(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock(NOW);
    repos = testRepositories(db.documentClient, db.tables, { clock });
    const parts = (table: 'fleet' | 'telemetry') => ({
      client: db.documentClient,
      tableName: db.tables[table] as string,
      clock,
    });
    const vehicles = dynamoDbVehicleRegistry.create(parts('fleet'));
    events = new FakeEventPublisher();
    const basics = testBasics(clock);
    handlers = {
      list: createListVehiclesHandler({ ...basics, vehicles }),
      get: createGetVehicleHandler({ ...basics, vehicles }),
      register: createRegisterVehicleHandler({ ...basics, vehicles, events }),
      update: createUpdateVehicleHandler({ ...basics, vehicles, events }),
      telemetry: createVehicleTelemetryHandler({
        ...basics,
        vehicles,
        history: dynamoDbTelemetryHistory.create(parts('telemetry')),
      }),
      service: createRecordServiceHandler({ ...basics, vehicles }),
    };
    // Prepare: acme's fleet through the API, one globex vehicle, some state and an open alert.
    for (const [vehicleId, name, driverId] of [
      ['TRK-101', 'Volvo FH 500', 'acme-driver-1'],
      ['TRK-102', 'Scania R 450', 'acme-driver-2'],
      ['TRK-103', 'Freightliner Cascadia', 'acme-driver-1'],
      ['VAN-12', 'Ford Transit', undefined],
    ] as const) {
      const response = await register(admin(), {
        vehicleId,
        name,
        type: vehicleId.startsWith('VAN') ? 'van' : 'truck',
        ...(driverId ? { driverId } : {}),
      });
      expect(response.statusCode).toBe(201);
    }
    expect((await register(admin('globex'), { vehicleId: 'GLX-1', name: 'Globex van', type: 'van' })).statusCode).toBe(
      201,
    );
    await repos.fleet.updateVehicleState('acme', [
      { vehicleId: 'TRK-101', ts: minutesAgo(2), speed: 60, rpm: 1200, lat: 41.9, lng: -87.6, odometer: 120_000 },
      { vehicleId: 'TRK-101', ts: minutesAgo(1), speed: 62, rpm: 1300 },
    ]);
    await dynamoDbOpenAlertLedger.create(parts('fleet')).opened('acme', 'TRK-101', '01JALERT0000000000000000A1');
  });

  describe('POST /v1/vehicles', () => {
    it('registers a vehicle (201) and publishes vehicle.registered with the contract fields', async () => {
      // Act
      const response = await register(admin(), {
        vehicleId: 'CAR-1',
        name: 'Skoda Octavia',
        type: 'car',
        driverId: 'acme-driver-3',
      });

      // Assess
      expect(response.statusCode).toBe(201);
      expect(jsonBody(response)).toEqual({
        vehicleId: 'CAR-1',
        name: 'Skoda Octavia',
        type: 'car',
        driverId: 'acme-driver-3',
      });
      expect(events.published.at(-1)).toEqual({
        source: 'fleetops.telemetry',
        detailType: 'vehicle.registered',
        detail: { tenantId: 'acme', vehicleId: 'CAR-1', name: 'Skoda Octavia', type: 'car', driverId: 'acme-driver-3' },
      });
      expect(await repos.fleet.unknownVehicles('acme', ['CAR-1'])).toEqual([]);
    });

    it('answers 409 VEHICLE_EXISTS for an id the tenant has, publishing nothing; another tenant may use the id', async () => {
      const before = events.published.length;

      const duplicate = await register(admin(), { vehicleId: 'TRK-101', name: 'Another', type: 'truck' });
      const sameAgain = await register(admin(), {
        vehicleId: 'TRK-101',
        name: 'Volvo FH 500',
        type: 'truck',
        driverId: 'acme-driver-1',
      });
      const otherTenant = await register(admin('globex'), {
        vehicleId: 'TRK-101',
        name: 'Globex truck',
        type: 'truck',
      });

      expect(duplicate.statusCode).toBe(409);
      expect(jsonBody(duplicate)).toMatchObject({ code: 'VEHICLE_EXISTS' });
      expect(sameAgain.statusCode).toBe(409);
      expect(otherTenant.statusCode).toBe(201);
      expect(events.published.slice(before).map((e) => (e.detail as { tenantId: string }).tenantId)).toEqual([
        'globex',
      ]);
    });

    it('completes a registration whose event could not be published when the same request is retried', async () => {
      // Prepare: the bus fails once
      events.failures = 1;
      const body = { vehicleId: 'VAN-99', name: 'Retry van', type: 'van' };

      // Act
      const failed = await register(admin(), body);
      const retried = await register(admin(), body);
      const again = await register(admin(), body);

      // Assess: stored the first time, its event owed; the retry publishes it; a third is a duplicate
      expect(failed.statusCode).toBe(500);
      expect(retried.statusCode).toBe(201);
      expect(events.published.filter((e) => (e.detail as { vehicleId: string }).vehicleId === 'VAN-99')).toHaveLength(
        1,
      );
      expect(again.statusCode).toBe(409);
    });

    it.each<{ body: unknown; path: string }>([
      { body: { name: 'x', type: 'truck' }, path: 'body.vehicleId' },
      { body: { vehicleId: 'bad#id', name: 'x', type: 'truck' }, path: 'body.vehicleId' },
      { body: { vehicleId: 'OK-1', name: '', type: 'truck' }, path: 'body.name' },
      { body: { vehicleId: 'OK-1', name: 'x', type: 'bike' }, path: 'body.type' },
      { body: { vehicleId: 'OK-1', name: 'x', type: 'van', colour: 'red' }, path: 'body' },
    ])('answers 400 VALIDATION_FAILED naming $path', async ({ body, path }) => {
      const response = await register(admin(), body);

      expect(response.statusCode).toBe(400);
      const error = jsonBody<{ code: string; details: { path: string }[] }>(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.map((d) => d.path)).toContain(path);
    });

    it('is for admins only (403 to a fleet manager and a driver)', async () => {
      expect((await register(manager, { vehicleId: 'M-1', name: 'm', type: 'van' })).statusCode).toBe(403);
      expect((await register(driver('acme-driver-1'), { vehicleId: 'M-1', name: 'm', type: 'van' })).statusCode).toBe(
        403,
      );
    });
  });

  describe('GET /v1/vehicles', () => {
    it('lists the tenant’s vehicles in id order with state and open alerts, paged with a cursor', async () => {
      // Act
      const first = jsonBody<Page>(await list(dispatcher(), { limit: '2' }));
      const second = jsonBody<Page>(await list(dispatcher(), { limit: '2', cursor: first.nextCursor ?? '' }));

      // Assess
      expect(first.items.map((v) => v.vehicleId)).toEqual(['CAR-1', 'TRK-101']);
      expect(first.items[1]).toEqual({
        vehicleId: 'TRK-101',
        name: 'Volvo FH 500',
        type: 'truck',
        driverId: 'acme-driver-1',
        lastSeenAt: minutesAgo(1),
        position: { lat: 41.9, lng: -87.6, ts: minutesAgo(2) },
        readings: { speed: 62, rpm: 1300, lat: 41.9, lng: -87.6, odometer: 120_000 },
        openAlerts: 1,
      });
      expect(first.items[0]).toEqual({
        vehicleId: 'CAR-1',
        name: 'Skoda Octavia',
        type: 'car',
        driverId: 'acme-driver-3',
        openAlerts: 0,
      });
      expect(second.items.map((v) => v.vehicleId)).toEqual(['TRK-102', 'TRK-103']);
    });

    it('filters by a case-insensitive substring of id or name', async () => {
      const byId = jsonBody<Page>(await list(dispatcher(), { q: 'trk-10' }));
      const byName = jsonBody<Page>(await list(dispatcher(), { q: 'transit' }));

      expect(byId.items.map((v) => v.vehicleId)).toEqual(['TRK-101', 'TRK-102', 'TRK-103']);
      expect(byName.items.map((v) => v.vehicleId)).toEqual(['VAN-12']);
    });

    it('shows a driver only the vehicles assigned to them', async () => {
      const mine = jsonBody<Page>(await list(driver('acme-driver-1')));
      const none = jsonBody<Page>(await list(driver('acme-driver-9')));

      expect(mine.items.map((v) => v.vehicleId)).toEqual(['TRK-101', 'TRK-103']);
      expect(none).toEqual({ items: [] });
    });

    it('shows globex only its own vehicles, and refuses acme’s cursor to it', async () => {
      const acmeCursor = jsonBody<Page>(await list(dispatcher(), { limit: '1' })).nextCursor ?? '';

      const globex = jsonBody<Page>(await list(dispatcher('globex')));
      const stolen = await list(dispatcher('globex'), { cursor: acmeCursor });
      const searched = jsonBody<Page>(await list(dispatcher('globex'), { q: 'volvo' }));

      expect(globex.items.map((v) => v.vehicleId)).toEqual(['GLX-1', 'TRK-101']);
      expect(globex.items.find((v) => v.vehicleId === 'TRK-101')?.lastSeenAt).toBeUndefined();
      expect(stolen.statusCode).toBe(400);
      expect(jsonBody(stolen)).toMatchObject({ code: 'INVALID_CURSOR' });
      expect(searched).toEqual({ items: [] });
    });

    it.each([{ limit: '0' }, { limit: '101' }, { limit: 'x' }])('answers 400 for %o', async (query) => {
      const response = await list(dispatcher(), query);
      expect(response.statusCode).toBe(400);
      expect(jsonBody<{ details: { path: string }[] }>(response).details[0]?.path).toBe('query.limit');
    });

    it('answers 403 to a partner', async () => {
      expect((await list({ tenantId: 'acme', roles: ['partner'] })).statusCode).toBe(403);
    });
  });

  describe('GET /v1/vehicles/{vehicleId}', () => {
    it('answers the vehicle with its state, odometer and engine hours', async () => {
      const response = await get(dispatcher(), 'TRK-101');

      expect(response.statusCode).toBe(200);
      expect(jsonBody(response)).toMatchObject({
        vehicleId: 'TRK-101',
        odometer: 120_000,
        engineHours: 0.017, // 60 s with rpm > 0 at both ends
        openAlerts: 1,
      });
    });

    it('answers 404 for another tenant’s vehicle, another driver’s vehicle and an unknown id', async () => {
      for (const [caller, vehicleId] of [
        [dispatcher('globex'), 'TRK-102'],
        [driver('acme-driver-2'), 'TRK-101'],
        [dispatcher(), 'NOPE-1'],
      ] as const) {
        const response = await get(caller, vehicleId);
        expect(response.statusCode).toBe(404);
        expect(jsonBody(response)).toMatchObject({ code: 'VEHICLE_NOT_FOUND' });
      }
      expect((await get(driver('acme-driver-2'), 'TRK-102')).statusCode).toBe(200);
    });

    it('answers 400 for an id that cannot be a vehicle id', async () => {
      const response = await get(dispatcher(), 'a#b');
      expect(response.statusCode).toBe(400);
      expect(jsonBody<{ details: { path: string }[] }>(response).details[0]?.path).toBe('path.vehicleId');
    });
  });

  describe('PATCH /v1/vehicles/{vehicleId}', () => {
    it('changes the vehicle, answers it whole and publishes vehicle.updated; driverId null unassigns', async () => {
      // Act
      const renamed = await patch(manager, 'VAN-12', { name: 'Ford Transit Custom', driverId: 'acme-driver-4' });
      const unassigned = await patch(admin(), 'VAN-12', { driverId: null });

      // Assess
      expect(renamed.statusCode).toBe(200);
      expect(jsonBody(renamed)).toEqual({
        vehicleId: 'VAN-12',
        name: 'Ford Transit Custom',
        type: 'van',
        driverId: 'acme-driver-4',
      });
      expect(jsonBody(unassigned)).toEqual({ vehicleId: 'VAN-12', name: 'Ford Transit Custom', type: 'van' });
      expect(events.published.slice(-2)).toEqual([
        {
          source: 'fleetops.telemetry',
          detailType: 'vehicle.updated',
          detail: {
            tenantId: 'acme',
            vehicleId: 'VAN-12',
            name: 'Ford Transit Custom',
            type: 'van',
            driverId: 'acme-driver-4',
          },
        },
        {
          source: 'fleetops.telemetry',
          detailType: 'vehicle.updated',
          detail: { tenantId: 'acme', vehicleId: 'VAN-12', name: 'Ford Transit Custom', type: 'van' },
        },
      ]);
      // The new name is searchable
      expect(jsonBody<Page>(await list(dispatcher(), { q: 'CUSTOM' })).items.map((v) => v.vehicleId)).toEqual([
        'VAN-12',
      ]);
    });

    it('answers 404 for another tenant’s vehicle and changes nothing', async () => {
      const before = events.published.length;

      const response = await patch(admin('globex'), 'TRK-102', { name: 'Stolen' });

      expect(response.statusCode).toBe(404);
      expect(events.published).toHaveLength(before);
      expect(jsonBody(await get(dispatcher(), 'TRK-102'))).toMatchObject({ name: 'Scania R 450' });
    });

    it.each<{ body: unknown; path: string }>([
      { body: {}, path: 'body' },
      { body: { vehicleId: 'NEW' }, path: 'body' },
      { body: { type: 'boat' }, path: 'body.type' },
      { body: { driverId: 42 }, path: 'body.driverId' },
    ])('answers 400 naming $path for $body', async ({ body, path }) => {
      const response = await patch(admin(), 'TRK-102', body);
      expect(response.statusCode).toBe(400);
      expect(jsonBody<{ details: { path: string }[] }>(response).details.map((d) => d.path)).toContain(path);
    });

    it('answers 403 to a dispatcher and a driver', async () => {
      expect((await patch(dispatcher(), 'TRK-102', { name: 'x' })).statusCode).toBe(403);
      expect((await patch(driver('acme-driver-2'), 'TRK-102', { name: 'x' })).statusCode).toBe(403);
    });
  });

  describe('POST /v1/vehicles/{vehicleId}/services', () => {
    it('records services as history; the newest becomes lastService, a late older one does not', async () => {
      // Act
      const now = await service(manager, 'TRK-101', { notes: 'Oil and filters' });
      const older = await service(admin(), 'TRK-101', {
        ts: minutesAgo(60 * 24 * 30),
        odometer: 100_000,
        engineHours: 5,
      });

      // Assess: the first defaults to now and the state's odometer and engine hours
      expect(now.statusCode).toBe(201);
      expect(jsonBody(now)).toEqual({
        vehicleId: 'TRK-101',
        ts: NOW.toISOString(),
        odometer: 120_000,
        engineHours: 0.017,
        notes: 'Oil and filters',
        recordedBy: 'acme-manager',
        recordedAt: NOW.toISOString(),
      });
      expect(older.statusCode).toBe(201);
      expect(jsonBody(await get(dispatcher(), 'TRK-101'))).toMatchObject({
        lastService: { ts: NOW.toISOString(), odometer: 120_000, engineHours: 0.017 },
      });
    });

    it('gives a vehicle without readings a lastService, and accepts an empty body', async () => {
      const response = await service(admin(), 'TRK-102');

      expect(response.statusCode).toBe(201);
      expect(jsonBody(await get(dispatcher(), 'TRK-102'))).toMatchObject({
        lastService: { ts: NOW.toISOString() },
        openAlerts: 0,
      });
    });

    it('answers 404 for another tenant’s vehicle and 400 for a future ts or a negative odometer', async () => {
      expect((await service(admin('globex'), 'TRK-103', {})).statusCode).toBe(404);
      const future = await service(admin(), 'TRK-103', { ts: '2027-01-01T00:00:00Z' });
      const negative = await service(admin(), 'TRK-103', { odometer: -1 });
      expect(future.statusCode).toBe(400);
      expect(jsonBody<{ details: { path: string }[] }>(future).details[0]?.path).toBe('body.ts');
      expect(jsonBody<{ details: { path: string }[] }>(negative).details[0]?.path).toBe('body.odometer');
      expect(jsonBody(await get(dispatcher(), 'TRK-103'))).not.toHaveProperty('lastService');
    });
  });

  describe('GET /v1/vehicles/{vehicleId}/telemetry', () => {
    beforeAll(async () => {
      // Prepare: TRK-103 reported every 10 s for the last 2 hours (720 readings); globex's TRK-101 once
      const readings = Array.from({ length: 720 }, (_, i) => ({
        vehicleId: 'TRK-103',
        ts: new Date(NOW.getTime() - (720 - i) * 10_000).toISOString(),
        speed: i % 2 === 0 ? 50 : 70,
        odometer: 5000 + i,
      }));
      await repos.telemetry.store('acme', 'b1', readings);
      await repos.telemetry.store('globex', 'b2', [{ vehicleId: 'TRK-101', ts: minutesAgo(5), speed: 1 }]);
    });

    it('answers the raw readings of a short range, oldest first', async () => {
      const response = await telemetry(dispatcher(), 'TRK-103', { from: minutesAgo(1), to: NOW.toISOString() });

      expect(response.statusCode).toBe(200);
      const body = jsonBody<{ items: { ts: string }[]; downsampled: boolean; readings: number }>(response);
      expect(body).toMatchObject({
        vehicleId: 'TRK-103',
        from: minutesAgo(1),
        to: NOW.toISOString(),
        downsampled: false,
        readings: 6,
      });
      expect(body.items.map((p) => p.ts)).toEqual(
        [6, 5, 4, 3, 2, 1].map((k) => new Date(NOW.getTime() - k * 10_000).toISOString()),
      );
      expect(body.items[0]).toEqual({ ts: new Date(NOW.getTime() - 60_000).toISOString(), speed: 50, odometer: 5714 });
    });

    it('downsamples the default 24 h range into buckets: mean speed, last odometer', async () => {
      const body = jsonBody<{
        items: { ts: string; count: number; speed: number; odometer: number }[];
        downsampled: boolean;
        bucketSeconds: number;
        readings: number;
      }>(await telemetry(dispatcher(), 'TRK-103', { limit: '100' }));

      // 24 h in at most 100 buckets → 15 min buckets; 2 h of readings fill 8 of them
      expect(body).toMatchObject({ downsampled: true, bucketSeconds: 900, readings: 720, from: minutesAgo(24 * 60) });
      expect(body.items).toHaveLength(8);
      expect(body.items[0]).toEqual({ ts: minutesAgo(120), count: 90, speed: 60, odometer: 5089 });
      expect(body.items.reduce((n, p) => n + p.count, 0)).toBe(720);
    });

    it('shows globex only its own readings and a driver only their vehicle’s', async () => {
      expect(jsonBody(await telemetry(dispatcher('globex'), 'TRK-101'))).toMatchObject({ readings: 1 });
      expect((await telemetry(dispatcher('globex'), 'TRK-103')).statusCode).toBe(404);
      expect((await telemetry(driver('acme-driver-2'), 'TRK-103')).statusCode).toBe(404);
      expect((await telemetry(driver('acme-driver-1'), 'TRK-103')).statusCode).toBe(200);
    });

    it.each<{ query: Record<string, string>; path: string }>([
      { query: { from: 'yesterday' }, path: 'query.from' },
      { query: { from: '2026-11-22T13:00:00Z', to: '2026-11-22T12:00:00Z' }, path: 'query.from' },
      { query: { from: '2026-11-01T00:00:00Z', to: '2026-11-22T00:00:00Z' }, path: 'query.from' },
      { query: { limit: '5' }, path: 'query.limit' },
    ])('answers 400 naming $path for $query', async ({ query, path }) => {
      const response = await telemetry(dispatcher(), 'TRK-103', query);
      expect(response.statusCode).toBe(400);
      expect(jsonBody<{ details: { path: string }[] }>(response).details[0]?.path).toBe(path);
    });
  });
});
