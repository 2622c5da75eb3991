import { describe, expect, it } from 'vitest';
import { FUEL_MISMATCH_WINDOW_MS, fuelMismatch } from '../../../functions/modules/integrations/domain/fuel-mismatch.js';
import { interpret } from '../../../functions/modules/integrations/domain/payloads/index.js';
import { vehicleIdOf } from '../../../functions/modules/integrations/domain/vehicle-map.js';

const message = (kind: 'telematics' | 'fuel_card' | 'billing' | 'helpdesk', scheme: string, body: unknown) =>
  interpret({ kind, scheme: scheme as never, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** What each vendor's documented payload means once parsed (issue #11, docs/adr/0106). */
describe('inbound payloads', () => {
  it('reads Samsara vehicle stats as one reading per stat time, converted to fleetops units', () => {
    const result = message('telematics', 'samsara', {
      eventId: 'e-1',
      eventTime: '2026-12-02T09:00:00Z',
      eventType: 'VehicleStatsUpdated',
      data: {
        id: 281474977075464,
        name: 'TRK-101',
        engineCoolantTemperatureMilliC: { time: '2026-12-02T08:59:00Z', value: 95500 },
        batteryMilliVolts: { time: '2026-12-02T08:59:00Z', value: 12600 },
        obdOdometerMeters: { time: '2026-12-02T08:59:00Z', value: 123456789 },
        fuelPercent: { time: '2026-12-02T08:58:00Z', value: 44 },
        gps: { time: '2026-12-02T08:59:00Z', latitude: 1, longitude: 2, speedMilesPerHour: 10 },
      },
    });

    expect(result).toEqual({
      kind: 'readings',
      readings: [
        {
          vendorVehicleId: '281474977075464',
          vendorVehicleName: 'TRK-101',
          ts: '2026-12-02T08:59:00.000Z',
          sensors: { lat: 1, lng: 2, speed: 16.09344, engineTemp: 95.5, batteryVoltage: 12.6, odometer: 123456.789 },
        },
        {
          vendorVehicleId: '281474977075464',
          vendorVehicleName: 'TRK-101',
          ts: '2026-12-02T08:58:00.000Z',
          sensors: { fuelLevel: 44 },
        },
      ],
    });
  });

  it('ignores vendor events that carry nothing to normalise, and rejects what does not parse, with the reason', () => {
    expect(
      message('telematics', 'samsara', {
        eventId: 'e',
        eventTime: '2026-12-02T09:00:00Z',
        eventType: 'AlertIncident',
        data: {},
      }),
    ).toMatchObject({ kind: 'ignored' });
    expect(
      message('telematics', 'samsara', { eventId: 'e', eventTime: 'yesterday', eventType: 'X', data: {} }),
    ).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('eventTime'),
    });
    expect(message('telematics', 'motive', { action: 'fault_code_opened', id: 1 })).toMatchObject({ kind: 'ignored' });
    expect(
      message('telematics', 'motive', { action: 'vehicle_location_updated', vehicle_id: 1, lat: 1 }),
    ).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('lon'),
    });
    expect(
      message('telematics', 'standard-webhooks', { type: 'telemetry.readings', data: { readings: [] } }),
    ).toMatchObject({
      kind: 'rejected',
    });
    expect(
      message('billing', 'stripe', {
        id: 'evt_1',
        object: 'event',
        type: 'charge.succeeded',
        created: 1,
        data: { object: {} },
      }),
    ).toMatchObject({ kind: 'ignored' });
    expect(
      message('billing', 'stripe', {
        id: 'evt_1',
        object: 'event',
        type: 'invoice.paid',
        created: 1,
        data: { object: { object: 'invoice' } },
      }),
    ).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('Stripe invoice') });
    expect(message('helpdesk', 'zendesk', { type: 'zen:event-type:user.created', id: 'x' })).toMatchObject({
      kind: 'ignored',
    });
    expect(
      message('fuel_card', 'standard-webhooks', { type: 'fuel.transaction', data: { transactionId: 't' } }),
    ).toMatchObject({
      kind: 'rejected',
    });
    expect(message('fuel_card', 'standard-webhooks', 'not json')).toMatchObject({ kind: 'rejected' });
  });

  it('reads a Motive vehicle_location_updated, miles and mph to km and km/h', () => {
    expect(
      message('telematics', 'motive', {
        action: 'vehicle_location_updated',
        trigger: 'created',
        id: 1,
        vehicle_id: 40213,
        vehicle_number: '103',
        lat: 41.8,
        lon: -87.6,
        located_at: '2026-12-02T08:59:00Z',
        speed: 60,
        odometer: 100,
        battery_voltage: 13.1,
        fuel: null,
      }),
    ).toEqual({
      kind: 'readings',
      readings: [
        {
          vendorVehicleId: '40213',
          vendorVehicleName: '103',
          ts: '2026-12-02T08:59:00.000Z',
          sensors: { lat: 41.8, lng: -87.6, speed: 96.561, odometer: 160.934, batteryVoltage: 13.1 },
        },
      ],
    });
  });

  it('unwraps a Stripe event sent over Standard Webhooks as {type, data: <event>}', () => {
    const event = {
      id: 'evt_2',
      object: 'event',
      type: 'invoice.paid',
      created: 1_796_200_000,
      data: {
        object: { id: 'in_2', object: 'invoice', currency: 'usd', amount_due: 500, amount_paid: 500, customer: null },
      },
    };
    expect(message('billing', 'standard-webhooks', { type: 'billing.invoice', data: event })).toMatchObject({
      kind: 'invoice',
      invoice: { eventId: 'evt_2', invoiceId: 'in_2', currency: 'USD', amountPaid: 500 },
    });
  });

  it('maps a vendor vehicle by id, then by name, then takes the name or the id as it is', () => {
    const map = { '9001': 'TRK-1', 'Unit 2': 'TRK-2' };
    expect(vehicleIdOf(map, { vendorVehicleId: '9001', vendorVehicleName: 'Unit 2' })).toBe('TRK-1');
    expect(vehicleIdOf(map, { vendorVehicleId: '9002', vendorVehicleName: 'Unit 2' })).toBe('TRK-2');
    expect(vehicleIdOf(map, { vendorVehicleId: '9003', vendorVehicleName: 'TRK-3' })).toBe('TRK-3');
    expect(vehicleIdOf(undefined, { vendorVehicleId: 'TRK-4' })).toBe('TRK-4');
  });

  it('calls a fuel card used > 1 km from a position at most 10 minutes apart a mismatch, and nothing else', () => {
    const position = { lat: 48.8566, lng: 2.3522, ts: '2026-12-02T09:00:00.000Z' };
    const at = (offsetMs: number) => new Date(Date.parse(position.ts) + offsetMs).toISOString();
    // 0.01° of latitude is ~1.11 km; 0.008° is ~0.89 km.
    expect(fuelMismatch({ at: at(0), lat: 48.8666, lng: 2.3522 }, position)).toMatchObject({ distanceM: 1112 });
    expect(fuelMismatch({ at: at(-FUEL_MISMATCH_WINDOW_MS), lat: 48.8666, lng: 2.3522 }, position)).toBeDefined();
    expect(fuelMismatch({ at: at(0), lat: 48.8646, lng: 2.3522 }, position)).toBeUndefined();
    expect(fuelMismatch({ at: at(FUEL_MISMATCH_WINDOW_MS + 1), lat: 48.8666, lng: 2.3522 }, position)).toBeUndefined();
    expect(fuelMismatch({ at: at(0), lat: 48.8666, lng: 2.3522 }, undefined)).toBeUndefined();
  });
});
