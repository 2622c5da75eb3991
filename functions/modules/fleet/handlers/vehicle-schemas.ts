import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';
import { normaliseTimestamp } from '../domain/batch.js';
import { LAST_VALUE_FIELDS } from '../domain/downsample.js';
import { VEHICLE_ID_PATTERN, VEHICLE_TYPES } from '../domain/fleet.js';

/**
 * Schemas of the vehicles API (`/v1/vehicles…`), described for the OpenAPI document the platform
 * generates from the same schemas the handlers validate with.
 */

const vehicleId = z
  .string({ error: 'vehicleId must be a string' })
  .check(
    z.regex(VEHICLE_ID_PATTERN, { error: 'vehicleId must be 1–64 letters, digits, "-", "_", "." or ":"' }),
    z.describe('The vehicle id readings carry, e.g. TRK-101'),
  );
const name = z
  .string({ error: 'name must be a string' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'name must not be empty' }),
    z.maxLength(100, { error: 'name must be at most 100 characters' }),
    z.describe('Display name, e.g. Volvo FH 500'),
  );
const type = z
  .enum(VEHICLE_TYPES, { error: `type must be one of ${VEHICLE_TYPES.join(', ')}` })
  .check(z.describe('Kind of vehicle'));
const driverId = z
  .string({ error: 'driverId must be a string' })
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, { error: 'driverId must be a userId' }),
    z.describe('userId of the assigned driver: that driver sees this vehicle, other drivers do not'),
  );

/** Path of every `/v1/vehicles/{vehicleId}…` route. */
export const vehiclePath = z.object({ vehicleId });

/** Body of `POST /v1/vehicles`. */
export const registerVehicleBody = z
  .strictObject({ vehicleId, name, type, driverId: z.optional(driverId) }, { error: 'Unknown field' })
  .check(z.describe('A vehicle to register in the caller’s fleet; 409 VEHICLE_EXISTS when the id is taken'));

/** Body of `PATCH /v1/vehicles/{vehicleId}`: any of the fields; `driverId: null` unassigns. */
export const updateVehicleBody = z
  .strictObject(
    { name: z.optional(name), type: z.optional(type), driverId: z.optional(z.nullable(driverId)) },
    { error: 'Unknown field' },
  )
  .check(
    z.refine((patch) => Object.keys(patch).length > 0, { error: 'Give at least one of name, type, driverId' }),
    z.describe('Fields to change; the vehicle id cannot change'),
  );

const limit = (defaults: number, max: number, what: string) => pageLimit(defaults, max).check(z.describe(what));

/** Query of `GET /v1/vehicles`. */
export const listVehiclesQuery = z.object({
  q: z
    .optional(z.string().check(z.trim(), z.maxLength(64, { error: 'q must be at most 64 characters' })))
    .check(z.describe('Case-insensitive substring of the vehicle id or name (a prefix matches too)')),
  limit: limit(25, 100, 'Vehicles per page (1–100, default 25)'),
  cursor: pageCursor().check(z.describe('nextCursor of the previous page')),
});

/** The longest range one telemetry request may read (every reading in it is read once). */
export const MAX_TELEMETRY_RANGE_DAYS = 7;
/** A telemetry request without `from` covers this much before `to`. */
export const DEFAULT_TELEMETRY_RANGE_HOURS = 24;

const instant = (field: string) =>
  z.pipe(
    z.iso.datetime({
      offset: true,
      error: `${field} must be an ISO-8601 instant with an offset, e.g. 2026-11-22T14:00:00Z`,
    }),
    z.transform(normaliseTimestamp),
  );

/**
 * Query of `GET /v1/vehicles/{vehicleId}/telemetry`. The defaults depend on now, read from `now`
 * at each parse. Output: normalised `from` and `to` and the point limit.
 */
export function vehicleTelemetryQuery(now: () => Date) {
  return z.pipe(
    z.object({
      from: z
        .optional(instant('from'))
        .check(z.describe(`Start of the range, inclusive (default: ${DEFAULT_TELEMETRY_RANGE_HOURS} h before to)`)),
      to: z.optional(instant('to')).check(z.describe('End of the range, inclusive (default: now)')),
      limit: pageLimit(500, 2000, 10).check(
        z.describe(
          'Most points returned (10–2000, default 500). A range holding more readings is downsampled into ' +
            'at most this many time buckets of a "nice" width (1 s, 2 s, 5 s … 1 h … 1 day) aligned to ' +
            `multiples of it; each bucket gives its start as ts, its reading count, the mean of each sensor, and ` +
            `the last value of ${LAST_VALUE_FIELDS.join(', ')}.`,
        ),
      ),
    }),
    z.transform((query, context) => {
      const to = query.to ?? now().toISOString();
      const from = query.from ?? new Date(Date.parse(to) - DEFAULT_TELEMETRY_RANGE_HOURS * 3_600_000).toISOString();
      // A mini transform has no addIssue: an issue is pushed on the payload, as addIssue did.
      if (from > to) {
        context.issues.push({ code: 'custom', path: ['from'], message: 'from must not be after to', input: query });
      }
      if (Date.parse(to) - Date.parse(from) > MAX_TELEMETRY_RANGE_DAYS * 86_400_000) {
        context.issues.push({
          code: 'custom',
          path: ['from'],
          message: `The range may span at most ${MAX_TELEMETRY_RANGE_DAYS} days`,
          input: query,
        });
      }
      return { from, to, limit: query.limit };
    }),
  );
}

/** Readings may be noted a little ahead of our clock, services likewise, but not in the future. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Body of `POST /v1/vehicles/{vehicleId}/services`, built per request ("not in the future"). */
export function recordServiceBody(now: Date) {
  return z
    .strictObject(
      {
        ts: z
          .optional(
            instant('ts').check(
              z.refine((value) => Date.parse(value) <= now.getTime() + MAX_CLOCK_SKEW_MS, {
                error: 'ts is in the future',
              }),
            ),
          )
          .check(z.describe('When the service was done (default: now)')),
        odometer: z
          .optional(
            z
              .number({ error: 'odometer must be a number (km)' })
              .check(
                z.gte(0, { error: 'odometer must be at least 0 km' }),
                z.lte(10_000_000, { error: 'odometer must be at most 10000000 km' }),
              ),
          )
          .check(z.describe('km at the service (default: the vehicle’s latest odometer reading)')),
        engineHours: z
          .optional(
            z
              .number({ error: 'engineHours must be a number (h)' })
              .check(
                z.gte(0, { error: 'engineHours must be at least 0' }),
                z.lte(1_000_000, { error: 'engineHours must be at most 1000000' }),
              ),
          )
          .check(z.describe('Engine hours at the service (default: the vehicle’s engine hours)')),
        notes: z
          .optional(
            z
              .string({ error: 'notes must be a string' })
              .check(z.maxLength(2000, { error: 'notes must be at most 2000 characters' })),
          )
          .check(z.describe('What was done')),
      },
      { error: 'Unknown field' },
    )
    .check(z.describe('A service of the vehicle: kept in its history; the newest becomes its state’s lastService'));
}
