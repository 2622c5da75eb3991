import * as z from 'zod';
import type { EventPattern } from '../../platform/wiring/events.js';
import { type Reading, SENSOR_FIELDS, type SensorField, type TelemetryReceived } from './domain/reading.js';

/** The fleet context's events on the bus. `detailType` is the name partners also see. */
export const FLEET_EVENTS = {
  source: 'fleetops.telemetry',
  /** New readings of one ingest batch, published from the telemetry table's stream. */
  telemetryReceived: 'telemetry.received',
  /** `POST /v1/vehicles` registered a vehicle; detail {@link VehicleChanged}. */
  vehicleRegistered: 'vehicle.registered',
  /** `PATCH /v1/vehicles/{vehicleId}` changed a vehicle; detail {@link VehicleChanged} (the whole vehicle after). */
  vehicleUpdated: 'vehicle.updated',
} as const;

/** The detail of `vehicle.registered` and `vehicle.updated` (contract): the vehicle after the change. */
export interface VehicleChanged {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly name: string;
  readonly type: string;
  readonly driverId?: string;
}

/** The schema of {@link VehicleChanged}; consumers may validate with their own of these fields. */
export const vehicleChangedSchema: z.ZodType<VehicleChanged> = z.object({
  tenantId: z.string().min(1),
  vehicleId: z.string().min(1),
  name: z.string(),
  type: z.string().min(1),
  driverId: z.string().min(1).optional(),
});

/** The rule pattern that selects `telemetry.received`. */
export const TELEMETRY_RECEIVED_PATTERN: EventPattern = {
  source: [FLEET_EVENTS.source],
  'detail-type': [FLEET_EVENTS.telemetryReceived],
};

/**
 * A reading's object schema with one schema per sensor field. Ingest passes bounded sensors,
 * events pass shape-only ones: one definition of what a reading is, so the two cannot drift.
 */
export function readingObject<S extends z.ZodType<number | undefined>>(
  vehicleId: z.ZodType<string>,
  ts: z.ZodType<string, unknown>,
  sensor: (field: SensorField) => S,
) {
  const sensors = Object.fromEntries(SENSOR_FIELDS.map((field) => [field, sensor(field)])) as Record<SensorField, S>;
  return z.object({ vehicleId, ts, ...sensors });
}

/** A reading as carried inside events (already validated at ingest; checked for shape only). */
export const readingShape: z.ZodType<Reading> = readingObject(z.string().min(1), z.string().min(1), () =>
  z.number().optional(),
).strip();

/** The detail of `telemetry.received`. */
export const telemetryReceivedSchema: z.ZodType<TelemetryReceived> = z.object({
  tenantId: z.string().min(1),
  batchId: z.string().min(1),
  readings: z.array(readingShape),
});
