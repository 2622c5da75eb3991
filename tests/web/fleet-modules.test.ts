import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACK } from '../../functions/modules/alerts/domain/default-rule-pack.js';
import { maintenanceStatus } from '../../functions/modules/alerts/domain/maintenance.js';
import type { VehicleDetail } from '../../web/src/api/fleet-client.js';
import { ApiError } from '../../web/src/api/http.js';
import { describeCondition, type RuleView } from '../../web/src/api/rules-client.js';
import { positionOf, positionsFromVehicles, withLiveFix, withPosition } from '../../web/src/fleet/live-positions.js';
import { maintenanceDue } from '../../web/src/fleet/maintenance-due.js';
import { fitPlane } from '../../web/src/fleet/plane-projection.js';
import { formErrorsOf } from '../../web/src/ui/fleet/form-errors.js';
import { currentNavPath, navFor } from '../../web/src/ui/navigation.js';

const DAY_MS = 86_400_000;

/** The fleet and rules screens' DOM-free modules. */
describe('fleet screen modules', () => {
  it('measures maintenance intervals as the alert engine does, "due soon" from 90 %', () => {
    // Prepare
    const now = Date.parse('2026-12-01T12:00:00Z');
    const vehicle: VehicleDetail = {
      vehicleId: 'TRK-101',
      name: 'Volvo FH 500',
      type: 'truck',
      openAlerts: 0,
      odometer: 133_700,
      engineHours: 1_250,
      lastService: { ts: new Date(now - 100 * DAY_MS).toISOString(), odometer: 120_000, engineHours: 1_000 },
    };
    const rules = DEFAULT_RULE_PACK.map((r) => ({ ...r, source: 'default' }) as RuleView);
    // Act
    const due = maintenanceDue(vehicle, rules, now);
    // Assess
    expect(due.map((d) => [d.unit, Math.round(d.used), d.every, d.state])).toEqual([
      ['km', 13_700, 15_000, 'due soon'],
      ['engine hours', 250, 500, 'ok'],
      ['days', 100, 365, 'ok'],
    ]);
    // The largest share is the one the engine reports.
    const engine = maintenanceStatus({ everyKm: 15_000, everyEngineHours: 500, everyDays: 365 }, vehicle, now);
    expect(engine?.detail).toBe('13700 of 15000 km since the last service');
    // A disabled rule, a rule for other vehicles and a vehicle without a service record give nothing.
    expect(
      maintenanceDue(
        vehicle,
        rules.map((r) => ({ ...r, enabled: false })),
        now,
      ),
    ).toEqual([]);
    expect(
      maintenanceDue(
        vehicle,
        rules.map((r) => ({ ...r, vehicleIds: ['VAN-12'] })),
        now,
      ),
    ).toEqual([]);
    expect(maintenanceDue({ ...vehicle, lastService: undefined }, rules, now)).toEqual([]);
    expect(maintenanceDue({ ...vehicle, odometer: 136_000 }, rules, now)[0]?.state).toBe('due');
  });

  it('projects the fleet inside the plane, north up and east right, with room around one vehicle alone', () => {
    const fleet = [
      { lat: 41.88, lng: -87.63 },
      { lat: 41.95, lng: -87.7 },
      { lat: 41.8, lng: -87.6 },
    ];
    const plane = fitPlane(fleet, 1000);
    for (const p of fleet) {
      const { x, y } = plane.project(p.lat, p.lng);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(plane.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(plane.height);
    }
    const north = plane.project(41.95, -87.65);
    const south = plane.project(41.8, -87.65);
    expect(north.y).toBeLessThan(south.y);
    expect(plane.project(41.88, -87.6).x).toBeGreaterThan(plane.project(41.88, -87.7).x);
    expect(plane.height).toBeGreaterThanOrEqual(500);
    expect(plane.height).toBeLessThanOrEqual(1000);
    const alone = fitPlane([{ lat: 10, lng: 20 }], 1000);
    expect(alone.project(10, 20)).toEqual({ x: 500, y: alone.height / 2 });
  });

  it('keeps the newest position per vehicle, whatever order frames arrive in', () => {
    const start = positionsFromVehicles([
      {
        vehicleId: 'VAN-12',
        name: 'Ford Transit',
        type: 'van',
        openAlerts: 0,
        position: { lat: 1, lng: 2, ts: '2026-12-01T10:00:00.000Z' },
        readings: { speed: 40 },
      },
      { vehicleId: 'VAN-14', name: 'Mercedes Sprinter', type: 'van', openAlerts: 0 },
    ]);
    expect([...start.values()]).toEqual([
      { vehicleId: 'VAN-12', lat: 1, lng: 2, ts: '2026-12-01T10:00:00.000Z', speed: 40 },
    ]);
    const newer = positionOf({ vehicleId: 'VAN-12', lat: 3, lng: 4, ts: '2026-12-01T10:00:05.000Z' });
    const older = positionOf({ vehicleId: 'VAN-12', lat: 0, lng: 0, ts: '2026-12-01T09:00:00.000Z' });
    if (!newer || !older) throw new Error('frames not read');
    expect(withPosition(withPosition(start, newer), older).get('VAN-12')).toEqual(newer);
    expect(positionOf({ vehicleId: 'VAN-12', lat: 'x', lng: 4, ts: 'now' })).toBeUndefined();
    expect(positionOf(null)).toBeUndefined();
  });

  it('moves a listed vehicle’s position, last seen and speed with a newer frame, and nothing for an older one or another vehicle', () => {
    const vehicles = [
      {
        vehicleId: 'VAN-12',
        name: 'Ford Transit',
        type: 'van',
        openAlerts: 1,
        lastSeenAt: '2026-12-01T10:00:00.000Z',
        position: { lat: 1, lng: 2, ts: '2026-12-01T10:00:00.000Z' },
        readings: { speed: 40, fuelLevel: 55 },
      },
      { vehicleId: 'VAN-14', name: 'Mercedes Sprinter', type: 'van', openAlerts: 0 },
    ];
    const moved = withLiveFix(vehicles, {
      vehicleId: 'VAN-12',
      lat: 3,
      lng: 4,
      speed: 62,
      ts: '2026-12-01T10:00:05.000Z',
    });
    expect(moved[0]).toEqual({
      ...vehicles[0],
      lastSeenAt: '2026-12-01T10:00:05.000Z',
      position: { lat: 3, lng: 4, ts: '2026-12-01T10:00:05.000Z' },
      readings: { speed: 62, fuelLevel: 55 },
    });
    expect(moved[1]).toBe(vehicles[1]);
    // A vehicle never seen before gets its first fix; a frame without speed keeps the last speed.
    const first = withLiveFix(moved, { vehicleId: 'VAN-14', lat: 5, lng: 6, ts: '2026-12-01T10:00:06.000Z' });
    expect(first[1]).toEqual({
      ...vehicles[1],
      lastSeenAt: '2026-12-01T10:00:06.000Z',
      position: { lat: 5, lng: 6, ts: '2026-12-01T10:00:06.000Z' },
    });
    // Unchanged lists are the same array, so the screen does not re-render.
    expect(withLiveFix(moved, { vehicleId: 'VAN-12', lat: 0, lng: 0, ts: '2026-12-01T09:00:00.000Z' })).toBe(moved);
    expect(withLiveFix(moved, { vehicleId: 'TRK-999', lat: 0, lng: 0, ts: '2026-12-01T11:00:00.000Z' })).toBe(moved);
  });

  it('puts a 400’s details on the fields they name, and the rest on the form', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'body.condition.geofence.circle.radiusM: …', [
      { path: 'body.condition.geofence.circle.radiusM', message: 'radiusM must be greater than 0' },
      { path: 'body.vehicleIds', message: 'vehicleIds needs at least one id' },
    ]);
    const fields: Record<string, string> = { 'condition.geofence.circle.radiusM': 'radiusM' };
    expect(formErrorsOf(error, (path) => fields[path])).toEqual({
      fields: { radiusM: 'radiusM must be greater than 0' },
      form: 'vehicleIds needs at least one id',
    });
    expect(formErrorsOf(new ApiError(404, 'NOT_FOUND', 'No such rule'), () => undefined)).toEqual({
      fields: {},
      form: 'No such rule',
    });
  });

  it('describes every condition form of the default pack in words', () => {
    expect(DEFAULT_RULE_PACK.map((r) => describeCondition(r.condition as never))).toEqual([
      'engineTemp ≥ 110 and oilPressure ≤ 15',
      'engineTemp ≥ 105',
      'oilPressure ≤ 15',
      'speed > 120',
      'batteryVoltage < 11.8',
      'fuelLevel < 10',
      'driving-anomaly model flags the driving',
      'service every 15000 km or 500 engine hours or 365 days',
    ]);
    expect(describeCondition({ geofence: { circle: { lat: 1, lng: 2, radiusM: 300 } }, on: 'exit' })).toBe(
      'exit 300 m around 1, 2',
    );
  });

  it('offers fleet and rules by role, and marks the deepest matching nav entry as current', () => {
    const labels = (roles: Parameters<typeof navFor>[0]) => navFor(roles).map((i) => i.label);
    expect(labels(['fleet_manager'])).toEqual([
      'Alerts',
      'Fleet',
      'Live positions',
      'Rules',
      'Help',
      'Notification settings',
      'Your overview',
    ]);
    expect(labels(['dispatcher'])).toEqual([
      'Alerts',
      'Fleet',
      'Live positions',
      'Help',
      'Notification settings',
      'Your overview',
    ]);
    expect(labels(['driver'])).toEqual(['Fleet', 'Help', 'Notification settings', 'Your overview']);
    expect(labels(['agent'])).toEqual([
      'Alerts',
      'Fleet',
      'Live positions',
      'Tickets',
      'Notification settings',
      'Your overview',
    ]);
    expect(labels(['partner'])).toEqual(['Your overview']);
    expect(labels(['admin'])).toEqual([
      'Alerts',
      'Fleet',
      'Live positions',
      'Rules',
      'Tickets',
      'Help',
      'Notification settings',
      'Escalation',
      'Integrations',
      'Your overview',
    ]);
    const items = navFor(['admin']);
    expect(currentNavPath(items, '/integrations/webhooks/ep_1')).toBe('/integrations');
    expect(currentNavPath(items, '/fleet/live')).toBe('/fleet/live');
    expect(currentNavPath(items, '/fleet/TRK-101')).toBe('/fleet');
    expect(currentNavPath(items, '/rules')).toBe('/rules');
    expect(currentNavPath(items, '/fleetwood')).toBeUndefined();
  });
});
