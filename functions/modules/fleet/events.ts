import type { EventPattern } from '../../platform/wiring/events.js';
import * as z from '../../platform/zod.js';
import { type Reading, SENSOR_FIELDS, type SensorField, type TelemetryReceived } from './domain/reading.js';

/** The fleet context's events on the bus. `detailType` is the name partners also see. */
export const FLEET_EVENTS = {
  source: 'fleetops.telemetry',
  /** New readings of one ingest batch, published by ingest's fast path, else from the ingest log's stream. */
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
export const vehicleChangedSchema: z.ZodMiniType<VehicleChanged> = z.object({
  tenantId: z.string().check(z.minLength(1)),
  vehicleId: z.string().check(z.minLength(1)),
  name: z.string(),
  type: z.string().check(z.minLength(1)),
  driverId: z.optional(z.string().check(z.minLength(1))),
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
export function readingObject<S extends z.ZodMiniType<number | undefined>>(
  vehicleId: z.ZodMiniType<string>,
  ts: z.ZodMiniType<string, unknown>,
  sensor: (field: SensorField) => S,
) {
  const sensors = Object.fromEntries(SENSOR_FIELDS.map((field) => [field, sensor(field)])) as Record<SensorField, S>;
  return z.object({ vehicleId, ts, ...sensors });
}

/** A reading as carried inside events (already validated at ingest; checked for shape only). */
export const readingShape: z.ZodMiniType<Reading> = readingObject(
  z.string().check(z.minLength(1)),
  z.string().check(z.minLength(1)),
  () => z.optional(z.number()),
);

/** The detail of `telemetry.received`. */
export const telemetryReceivedSchema: z.ZodMiniType<TelemetryReceived> = z.object({
  tenantId: z.string().check(z.minLength(1)),
  batchId: z.string().check(z.minLength(1)),
  readings: z.array(readingShape),
});
