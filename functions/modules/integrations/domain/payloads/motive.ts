import * as z from '../../../../platform/zod.js';
import type { SensorField } from '../../../fleet/domain/reading.js';
import { type Interpretation, reasonOf } from '../vendor-reading.js';

/**
 * Motive's (KeepTruckin's) `vehicle_location_updated` webhook: `action`, the location `id`,
 * `vehicle_id` and `vehicle_number`, `lat`, `lon`, `located_at`, and where the ELD reports them
 * `speed` and `odometer` (mph and miles, as Motive's US-default company units), `fuel` (%),
 * `battery_voltage`. Other actions (`fault_code_opened`, `user_updated`, …) carry no readings
 * and are kept as `ignored`.
 */
const location = z.object({
  action: z.literal('vehicle_location_updated'),
  vehicle_id: z.pipe(z.union([z.string().check(z.minLength(1)), z.number().check(z.int())]), z.transform(String)),
  vehicle_number: z.optional(z.string().check(z.minLength(1))),
  lat: z.number(),
  lon: z.number(),
  located_at: z.iso.datetime({ offset: true }),
  speed: z.nullish(z.number()),
  odometer: z.nullish(z.number()),
  fuel: z.nullish(z.number()),
  battery_voltage: z.nullish(z.number()),
});

const MILES_TO_KM = 1.609_344;

/** A Motive delivery → at most one reading. */
export function interpretMotive(body: unknown): Interpretation {
  const action = z.object({ action: z.string().check(z.minLength(1)) }).safeParse(body);
  if (!action.success) return { kind: 'rejected', reason: `Motive payload: ${reasonOf(action.error.issues)}` };
  if (action.data.action !== 'vehicle_location_updated') {
    return { kind: 'ignored', reason: `Motive ${action.data.action} carries no readings` };
  }
  const parsed = location.safeParse(body);
  if (!parsed.success) return { kind: 'rejected', reason: `Motive location: ${reasonOf(parsed.error.issues)}` };
  const p = parsed.data;
  const sensors: Partial<Record<SensorField, number>> = { lat: p.lat, lng: p.lon };
  if (p.speed != null) sensors.speed = Math.round(p.speed * MILES_TO_KM * 1e3) / 1e3;
  if (p.odometer != null) sensors.odometer = Math.round(p.odometer * MILES_TO_KM * 1e3) / 1e3;
  if (p.fuel != null) sensors.fuelLevel = p.fuel;
  if (p.battery_voltage != null) sensors.batteryVoltage = p.battery_voltage;
  return {
    kind: 'readings',
    readings: [
      {
        vendorVehicleId: p.vehicle_id,
        ...(p.vehicle_number ? { vendorVehicleName: p.vehicle_number } : {}),
        ts: new Date(p.located_at).toISOString(),
        sensors,
      },
    ],
  };
}
