import * as z from '../../../platform/zod.js';
import { MAX_READINGS_PER_BATCH, normaliseTimestamp, READING_RETENTION_DAYS } from '../domain/batch.js';
import type { Reading, SensorField } from '../domain/reading.js';
import { TooManyReadings } from '../errors.js';
import { readingObject } from '../events.js';

/** Plausible physical ranges: a value outside is a broken sensor or a unit mix-up, not a reading. */
const SENSOR_RANGES: Readonly<Record<SensorField, readonly [min: number, max: number, unit: string]>> = {
  engineTemp: [-60, 200, '°C'],
  oilPressure: [0, 150, 'psi'],
  speed: [0, 400, 'km/h'],
  rpm: [0, 20_000, 'rpm'],
  fuelLevel: [0, 100, '%'],
  batteryVoltage: [0, 60, 'V'],
  acceleration: [-100, 100, 'm/s²'],
  lat: [-90, 90, '°'],
  lng: [-180, 180, '°'],
  odometer: [0, 10_000_000, 'km'],
};

/**
 * DynamoDB stores numbers down to 1e-130 in magnitude; a smaller non-zero value (a JSON `1e-320`)
 * cannot be stored at all. No sensor resolves anything that small, so such a value is refused.
 */
const SMALLEST_STORABLE_MAGNITUDE = 1e-130;

function sensor(field: SensorField) {
  const [min, max, unit] = SENSOR_RANGES[field];
  return z.optional(
    z.number({ error: `${field} must be a number (${unit})` }).check(
      z.gte(min, { error: `${field} must be at least ${min} ${unit}` }),
      z.lte(max, { error: `${field} must be at most ${max} ${unit}` }),
      z.refine((value) => value === 0 || Math.abs(value) >= SMALLEST_STORABLE_MAGNITUDE, {
        error: `${field} must be 0 or at least ${SMALLEST_STORABLE_MAGNITUDE} in magnitude`,
      }),
    ),
  );
}

/** Readings may arrive a little early (device clocks drift) but not from the future. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The schema of `POST /v1/telemetry`, built once per container: "not in the future" and "not
 * older than the retention" ask the clock when a reading is checked (building the zod schema per
 * request cost ~1.5 ms of CPU per POST, measured with a CPU profile of the ingest bench).
 * Timestamps need an explicit offset (`Z` or `+02:00`) and are normalised to UTC with
 * milliseconds, the idempotency key format. Unknown fields are dropped rather than refused, so
 * partners sending extra sensors are not broken.
 */
export function telemetryBatchSchema(clock: { now(): Date }): z.ZodMiniType<{ readings: Reading[] }> {
  const vehicleId = z.string({ error: 'vehicleId must be a string' }).check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, {
      error: 'vehicleId must be 1–64 letters, digits, "-", "_", "." or ":"',
    }),
  );
  const ts = z
    .pipe(
      z.iso.datetime({
        offset: true,
        error: 'ts must be an ISO-8601 instant with an offset, e.g. 2026-11-22T14:00:00Z',
      }),
      z.transform(normaliseTimestamp),
    )
    .check(
      z.refine((value) => Date.parse(value) <= clock.now().getTime() + MAX_CLOCK_SKEW_MS, {
        error: 'ts is in the future',
      }),
      z.refine((value) => Date.parse(value) >= clock.now().getTime() - READING_RETENTION_DAYS * 86_400_000, {
        error: `ts is older than ${READING_RETENTION_DAYS} days`,
      }),
    );
  const reading = readingObject(vehicleId, ts, sensor);
  return z.object({
    readings: z
      .array(reading, { error: 'readings must be an array of readings' })
      .check(z.minLength(1, { error: 'readings must hold at least one reading' }), z.maxLength(MAX_READINGS_PER_BATCH)),
  });
}

/** Answers 413 TOO_MANY_READINGS before the schema runs, so a huge batch is not validated item by item. */
export function checkBatchSize(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const readings = (body as { readings?: unknown }).readings;
  if (Array.isArray(readings) && readings.length > MAX_READINGS_PER_BATCH) {
    throw new TooManyReadings(readings.length, MAX_READINGS_PER_BATCH);
  }
}
