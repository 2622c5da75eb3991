import { beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbFleetRepository,
  dynamoDbFleetRepository,
} from '../../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbOpenAlertLedger } from '../../functions/modules/fleet/adapters/dynamodb-open-alert-ledger.js';
import { dynamoDbVehicleRegistry } from '../../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import type { Reading } from '../../functions/modules/fleet/domain/reading.js';
import { createTrackOpenAlertsHandler } from '../../functions/modules/fleet/handlers/track-open-alerts.handler.js';
import type { VehicleRegistry } from '../../functions/modules/fleet/ports/vehicle-registry.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock, testBasics } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 13, 0, 0) + seconds * 1000).toISOString();
const reading = (vehicleId: string, seconds: number, values: Partial<Reading>): Reading => ({
  vehicleId,
  ts: at(seconds),
  ...values,
});

describe('vehicle state kept by ingest (updateVehicleState on DynamoDB Local)', () => {
  let repos: TestRepositories;

  beforeAll(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock: new FixedClock() });
  });

  it('is monotone in event time whatever order and grouping the batches arrive in', async () => {
    // Prepare: one drive, every 30 s for 10 min, engine on throughout
    const drive = Array.from({ length: 21 }, (_, i) =>
      reading('TRK-1', i * 30, { rpm: 1000, speed: 40 + i, lat: 41 + i / 100, lng: -87, odometer: 1000 + i }),
    );
    const shuffled = [drive[20], drive[3], drive[10], drive[0], drive[19], drive[15]];
    const rest = drive.filter((r) => !shuffled.includes(r));

    // Act: in order for TRK-1; for TRK-2 the same drive, shuffled across batches, with a replay
    await repos.fleet.updateVehicleState('acme', drive);
    const twin = (r: Reading | undefined) => ({ ...(r as Reading), vehicleId: 'TRK-2' });
    await repos.fleet.updateVehicleState('acme', shuffled.map(twin));
    await repos.fleet.updateVehicleState('acme', rest.map(twin)); // all older than the state: ignored
    await repos.fleet.updateVehicleState('acme', shuffled.map(twin)); // redelivered stream batch

    // Assess
    const inOrder = await repos.fleet.getVehicleState('acme', 'TRK-1');
    const outOfOrder = await repos.fleet.getVehicleState('acme', 'TRK-2');
    expect(inOrder).toMatchObject({
      lastSeenAt: at(600),
      position: { lat: 41.2, lng: -87, ts: at(600) },
      odometer: 1020,
      readings: { speed: 60, rpm: 1000, odometer: 1020 },
      engineHours: 0.167, // 600 s
      openAlerts: 0,
    });
    expect(outOfOrder).toMatchObject({ lastSeenAt: at(600), odometer: 1020, readings: { speed: 60 } });
    // The late readings did not move the state back, and the replay counted no engine time twice.
    expect(outOfOrder?.engineHours).toBe(0.167);
  });

  it('counts engine time across batches, and a late batch neither rewinds nor double-counts it', async () => {
    await repos.fleet.updateVehicleState('acme', [reading('TRK-3', 0, { rpm: 900 })]);
    await repos.fleet.updateVehicleState('acme', [reading('TRK-3', 60, { rpm: 900 })]);
    await repos.fleet.updateVehicleState('acme', [reading('TRK-3', 30, { rpm: 900, speed: 99 })]);
    await repos.fleet.updateVehicleState('acme', [reading('TRK-3', 60, { rpm: 900 })]);

    const state = await repos.fleet.getVehicleState('acme', 'TRK-3');

    expect(state?.engineHours).toBe(0.017); // 60 s, once
    expect(state?.readings).toEqual({ rpm: 900 });
  });

  it('lets many concurrent batches of one vehicle all land without failing, newest winning', async () => {
    // Act: 24 batches at once (ingest's fast path in several containers, plus stream retries)
    const order = Array.from({ length: 24 }, (_, i) => (i * 7) % 24);
    await Promise.all(
      order.map((i) => repos.fleet.updateVehicleState('acme', [reading('TRK-4', i * 10, { speed: i, rpm: 800 })])),
    );

    // Assess
    expect(await repos.fleet.getVehicleState('acme', 'TRK-4')).toMatchObject({
      lastSeenAt: at(230),
      readings: { speed: 23 },
    });
  });

  it('lands every vehicle of concurrent multi-vehicle batches, engine time counted once each', async () => {
    // Prepare: 8 batches at once, each naming the same 20 vehicles (one transaction per batch, so
    // a conflict on one vehicle cancels the batch's write of the others, which must be sent again)
    const fleetIds = Array.from({ length: 20 }, (_, v) => `MULTI-${v}`);
    const order = Array.from({ length: 8 }, (_, i) => (i * 3) % 8);

    // Act
    await Promise.all(
      order.map((i) =>
        repos.fleet.updateVehicleState(
          'acme',
          fleetIds.map((vehicleId) => reading(vehicleId, i * 10, { speed: i, rpm: 800 })),
        ),
      ),
    );

    // Assess: each vehicle at the newest reading; engine time never above the 70 s driven
    const states = await repos.fleet.getVehicleStates('acme', fleetIds);
    expect(states).toHaveLength(20);
    for (const state of states) {
      expect(state).toMatchObject({ lastSeenAt: at(70), readings: { speed: 7 } });
      expect(state.engineHours ?? 0).toBeLessThanOrEqual(0.019);
    }
  });
});

describe('vehicle state under contention past the optimistic rounds', () => {
  it('falls back to newest-wins without engine time, and still never moves back in time', async () => {
    // Prepare: a repository that gives up optimistic rounds at once
    const db = await createTestDatabase();
    const fleet = dynamoDbFleetRepository.create({
      client: db.documentClient,
      tableName: db.tables.fleet as string,
      clock: new FixedClock(),
    });
    const impatient = new DynamoDbFleetRepository({
      client: db.documentClient,
      tableName: db.tables.fleet as string,
      maxStateAttempts: 0,
    });
    await fleet.updateVehicleState('acme', [reading('TRK-5', 0, { rpm: 900, speed: 1 })]);

    // Act
    await impatient.updateVehicleState('acme', [reading('TRK-5', 60, { rpm: 900, speed: 2 })]);
    await impatient.updateVehicleState('acme', [reading('TRK-5', 30, { rpm: 900, speed: 9 })]);

    // Assess
    expect(await fleet.getVehicleState('acme', 'TRK-5')).toMatchObject({
      lastSeenAt: at(60),
      readings: { speed: 2 },
      engineHours: 0,
    });
  });
});

describe('trackOpenAlerts (alert.raised / alert.resolved → openAlerts)', () => {
  let repos: TestRepositories;
  let handler: ReturnType<typeof createTrackOpenAlertsHandler>;
  let vehicles: VehicleRegistry;
  const alert = (alertId: string, vehicleId = 'TRK-9', tenantId = 'acme') => ({
    tenantId,
    alertId,
    vehicleId,
    type: 'OVERHEAT',
    severity: 'HIGH',
    status: 'open',
    message: 'hot',
    raisedAt: at(0),
  });
  const raised = (id: string, vehicleId?: string, tenantId?: string) =>
    handler(busEvent('fleetops.alerts', 'alert.raised', alert(id, vehicleId, tenantId), `raised-${id}`));
  const resolved = (id: string) =>
    handler(busEvent('fleetops.alerts', 'alert.resolved', { ...alert(id), status: 'resolved' }, `resolved-${id}`));
  const openAlerts = async (vehicleId = 'TRK-9', tenantId = 'acme') =>
    (await vehicles.conditions(tenantId, [vehicleId]))[0]?.openAlerts ?? 0;

  beforeAll(async () => {
    const db = await createTestDatabase();
    const clock = new FixedClock();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    const openAlertsLedger = dynamoDbOpenAlertLedger.create({
      client: db.documentClient,
      tableName: db.tables.fleet as string,
      clock,
    });
    handler = createTrackOpenAlertsHandler({ ...testBasics(clock), openAlerts: openAlertsLedger });
    vehicles = dynamoDbVehicleRegistry.create({
      client: db.documentClient,
      tableName: db.tables.fleet as string,
      clock,
    });
    await repos.fleet.updateVehicleState('acme', [reading('TRK-9', 0, { speed: 1 })]);
  });

  it('counts each open alert once under redelivery, and forgets it once resolved', async () => {
    // Act
    await raised('A1');
    await raised('A1'); // redelivered
    await raised('A2');
    const whileOpen = await openAlerts();
    await resolved('A1');
    await resolved('A1'); // redelivered

    // Assess
    expect(whileOpen).toBe(2);
    expect(await openAlerts()).toBe(1);
    await resolved('A2');
    expect(await openAlerts()).toBe(0);
  });

  it('does not reopen an alert whose raise arrives after its resolve (EventBridge does not order)', async () => {
    await resolved('B1');
    await raised('B1');

    expect(await openAlerts()).toBe(0);
  });

  it('keeps tenants apart and leaves the vehicle state’s readings alone', async () => {
    await raised('C1', 'TRK-9', 'globex');

    expect(await openAlerts('TRK-9', 'globex')).toBe(1);
    expect(await openAlerts()).toBe(0);
    // Evaluation reads states of vehicles that have reported; acme's TRK-9 shows its count there too.
    expect((await repos.fleet.getVehicleStates('acme', ['TRK-9']))[0]?.openAlerts).toBe(0);
    expect((await repos.fleet.getVehicleState('acme', 'TRK-9'))?.readings).toEqual({ speed: 1 });
  });

  it('rejects an event without the fields it needs (so EventBridge retries and dead-letters it)', async () => {
    await expect(handler(busEvent('fleetops.alerts', 'alert.raised', { tenantId: 'acme' }))).rejects.toThrow();
  });
});
