import * as z from '../../../../platform/zod.js';
import type { SensorField } from '../../../fleet/domain/reading.js';
import { type Interpretation, reasonOf, type VendorReading } from '../vendor-reading.js';

/**
 * Samsara's Webhooks 2.0 envelope (`eventId`, `eventTime`, `eventType`, `orgId`, `webhookId`,
 * `data`). Readings come as a vehicle stats record in `data`, named and scaled as Samsara's
 * Vehicle Stats API names them (`engineCoolantTemperatureMilliC`, `engineOilPressureKPa`,
 * `gps.speedMilesPerHour`, …: each stat `{time, value}`); any other event type (an AlertIncident,
 * a GeofenceEntry) carries no readings and is kept as `ignored`.
 */
const stat = z.object({ time: z.iso.datetime({ offset: true }), value: z.number() });

const vehicleStats = z.object({
  id: z.pipe(z.union([z.string().check(z.minLength(1)), z.number().check(z.int())]), z.transform(String)),
  name: z.optional(z.string().check(z.minLength(1))),
  gps: z.optional(
    z.object({
      time: z.iso.datetime({ offset: true }),
      latitude: z.number(),
      longitude: z.number(),
      speedMilesPerHour: z.optional(z.number()),
    }),
  ),
  engineCoolantTemperatureMilliC: z.optional(stat),
  engineOilPressureKPa: z.optional(stat),
  engineRpm: z.optional(stat),
  fuelPercent: z.optional(stat),
  batteryMilliVolts: z.optional(stat),
  obdOdometerMeters: z.optional(stat),
});

const envelope = z.object({
  eventId: z.string().check(z.minLength(1)),
  eventTime: z.iso.datetime({ offset: true }),
  eventType: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
});

/** Samsara stat → fleetops sensor and unit conversion. */
const STATS: readonly [keyof z.infer<typeof vehicleStats>, SensorField, (value: number) => number][] = [
  ['engineCoolantTemperatureMilliC', 'engineTemp', (v) => v / 1000],
  ['engineOilPressureKPa', 'oilPressure', (v) => v * 0.145_037_738],
  ['engineRpm', 'rpm', (v) => v],
  ['fuelPercent', 'fuelLevel', (v) => v],
  ['batteryMilliVolts', 'batteryVoltage', (v) => v / 1000],
  ['obdOdometerMeters', 'odometer', (v) => v / 1000],
];

const MPH_TO_KMH = 1.609_344;

/** A Samsara delivery → the readings it carries: one reading per distinct stat time. */
export function interpretSamsara(body: unknown): Interpretation {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { kind: 'rejected', reason: `Samsara envelope: ${reasonOf(parsed.error.issues)}` };
  const hasStats = 'gps' in parsed.data.data || STATS.some(([name]) => name in parsed.data.data);
  if (!hasStats) return { kind: 'ignored', reason: `Samsara ${parsed.data.eventType} carries no vehicle stats` };
  const stats = vehicleStats.safeParse(parsed.data.data);
  if (!stats.success) return { kind: 'rejected', reason: `Samsara vehicle stats: ${reasonOf(stats.error.issues)}` };
  const byTime = new Map<string, Partial<Record<SensorField, number>>>();
  const at = (time: string) => {
    const key = new Date(time).toISOString();
    const sensors = byTime.get(key) ?? {};
    byTime.set(key, sensors);
    return sensors;
  };
  const { gps } = stats.data;
  if (gps) {
    const sensors = at(gps.time);
    sensors.lat = gps.latitude;
    sensors.lng = gps.longitude;
    if (gps.speedMilesPerHour !== undefined) sensors.speed = round(gps.speedMilesPerHour * MPH_TO_KMH);
  }
  for (const [name, field, convert] of STATS) {
    const value = stats.data[name] as z.infer<typeof stat> | undefined;
    if (value) at(value.time)[field] = round(convert(value.value));
  }
  const readings: VendorReading[] = [...byTime].map(([ts, sensors]) => ({
    vendorVehicleId: stats.data.id,
    ...(stats.data.name ? { vendorVehicleName: stats.data.name } : {}),
    ts,
    sensors,
  }));
  return { kind: 'readings', readings };
}

/** Six significant decimals: unit conversions must not invent precision the sensor never had. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
