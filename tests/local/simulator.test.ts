import { describe, expect, it } from 'vitest';
import { DEMO_TENANTS } from '../../local/seed/demo-data.js';
import { SimulatedVehicle, seededRandom } from '../../local/simulator/vehicle-model.js';

const acme = DEMO_TENANTS[0];
if (!acme) throw new Error('demo data has no tenants');
const truck = acme.vehicles[0];
if (!truck) throw new Error('acme has no vehicles');

describe('simulated vehicle', () => {
  it('drives smoothly with plausible, drifting readings', () => {
    // Prepare
    const vehicle = new SimulatedVehicle(truck, acme.depot, seededRandom(42));
    const start = Date.parse('2026-11-22T08:00:00.000Z');

    // Act: ten simulated minutes at 5 s a tick
    const readings = Array.from({ length: 120 }, (_, i) => vehicle.step(5, new Date(start + i * 5000)));

    // Assess
    for (const r of readings) {
      expect(r.vehicleId).toBe('TRK-101');
      expect(r.speed).toBeGreaterThanOrEqual(0);
      expect(r.speed).toBeLessThanOrEqual(110);
      expect(r.engineTemp).toBeGreaterThan(60);
      expect(r.engineTemp).toBeLessThan(100);
      expect(r.oilPressure).toBeGreaterThan(20);
      expect(r.batteryVoltage).toBeGreaterThan(13.2);
      expect(r.fuelLevel).toBeGreaterThan(0);
      expect(Math.abs((r.lat ?? 0) - acme.depot.lat)).toBeLessThan(0.2);
      expect(Math.abs((r.lng ?? 0) - acme.depot.lng)).toBeLessThan(0.2);
    }
    // Positions move a little each tick, never jump: at most 110 km/h × 5 s ≈ 153 m.
    for (let i = 1; i < readings.length; i++) {
      const a = readings[i - 1];
      const b = readings[i];
      const km = Math.hypot(((b?.lat ?? 0) - (a?.lat ?? 0)) * 111, ((b?.lng ?? 0) - (a?.lng ?? 0)) * 83);
      expect(km).toBeLessThan(0.2);
    }
    const odometers = readings.map((r) => r.odometer ?? 0);
    expect([...odometers].sort((x, y) => x - y)).toEqual(odometers);
  });

  it('injects faults that trip the seed rule and then recover', () => {
    const vehicle = new SimulatedVehicle(truck, acme.depot, seededRandom(7));
    vehicle.step(5, new Date());

    vehicle.startFault('ENGINE_FAILURE', 2);
    const faulty = [vehicle.step(5, new Date()), vehicle.step(5, new Date())];
    const after = vehicle.step(5, new Date());

    for (const r of faulty) {
      expect(r.engineTemp).toBeGreaterThanOrEqual(120);
      expect(r.oilPressure).toBeLessThanOrEqual(10);
    }
    expect(vehicle.fault).toBeUndefined();
    expect(after.engineTemp).toBeLessThan(100);
  });
});

describe('demo data', () => {
  it('has acme and globex, every role in each, on-call numbers, and drivers with phones for every vehicle', () => {
    expect(DEMO_TENANTS.map((t) => t.tenant.tenantId)).toEqual(['acme', 'globex']);
    for (const demo of DEMO_TENANTS) {
      expect(demo.tenant.onCallPhone).toMatch(/^\+[1-9]\d{7,14}$/);
      const roles = new Set(demo.users.flatMap((u) => u.roles));
      expect([...roles].sort()).toEqual(['admin', 'agent', 'dispatcher', 'driver', 'fleet_manager', 'partner']);
      for (const vehicle of demo.vehicles) {
        expect(vehicle.vehicleId).toMatch(/^(TRK|VAN)-\d+$/);
        const driver = demo.users.find((u) => u.userId === vehicle.driverId);
        expect(driver?.roles).toContain('driver');
        expect(driver?.phone).toMatch(/^\+[1-9]\d{7,14}$/);
      }
      expect(demo.users.every((u) => u.tenantId === demo.tenant.tenantId)).toBe(true);
    }
  });
});
