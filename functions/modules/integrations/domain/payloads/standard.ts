import * as z from '../../../../platform/zod.js';
import { SENSOR_FIELDS, type SensorField } from '../../../fleet/domain/reading.js';
import { type Interpretation, reasonOf } from '../vendor-reading.js';

/**
 * What partners on our own scheme (Standard Webhooks) send: `{"type", "data"}`. The contract fixes
 * `telemetry.readings` (`data.readings` as `POST /v1/telemetry` takes them); fuel-card partners send
 * `fuel.transaction` (docs/adr/0106). Sensor ranges are not checked here: the readings go through
 * the very schema `POST /v1/telemetry` validates with.
 */
const telemetry = z.object({
  type: z.literal('telemetry.readings'),
  data: z.object({
    readings: z
      .array(
        z.looseObject({
          vehicleId: z.string().check(z.minLength(1), z.maxLength(64)),
          ts: z.string().check(z.minLength(1)),
          ...Object.fromEntries(SENSOR_FIELDS.map((field) => [field, z.optional(z.unknown())])),
        }),
      )
      .check(z.minLength(1)),
  }),
});

const fuel = z.object({
  type: z.literal('fuel.transaction'),
  data: z.object({
    transactionId: z.string().check(z.minLength(1), z.maxLength(128)),
    cardId: z.string().check(z.minLength(1), z.maxLength(128)),
    vehicleId: z.string().check(z.minLength(1), z.maxLength(64)),
    at: z.iso.datetime({ offset: true }),
    lat: z.number().check(z.gte(-90), z.lte(90)),
    lng: z.number().check(z.gte(-180), z.lte(180)),
    litres: z.optional(z.number().check(z.nonnegative())),
    amount: z.optional(z.number().check(z.nonnegative())),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
    merchant: z.optional(z.string().check(z.maxLength(200))),
  }),
});

const envelope = z.object({ type: z.string().check(z.minLength(1)), data: z.unknown() });

/** A Standard Webhooks telematics delivery → its readings. */
export function interpretStandardTelemetry(body: unknown): Interpretation {
  const type = envelope.safeParse(body);
  if (!type.success) return { kind: 'rejected', reason: `Payload: ${reasonOf(type.error.issues)}` };
  if (type.data.type !== 'telemetry.readings') {
    return { kind: 'ignored', reason: `A telematics partner's ${type.data.type} carries no readings` };
  }
  const parsed = telemetry.safeParse(body);
  if (!parsed.success) return { kind: 'rejected', reason: `telemetry.readings: ${reasonOf(parsed.error.issues)}` };
  return {
    kind: 'readings',
    readings: parsed.data.data.readings.map((reading) => ({
      vendorVehicleId: reading.vehicleId,
      ts: reading.ts,
      // Passed on as sent: the ingest schema refuses what is not a plausible number.
      sensors: Object.fromEntries(
        SENSOR_FIELDS.filter((field) => reading[field] !== undefined).map((field) => [field, reading[field]]),
      ) as Partial<Record<SensorField, number>>,
    })),
  };
}

/** A fuel-card delivery → its transaction. */
export function interpretFuelCard(body: unknown): Interpretation {
  const type = envelope.safeParse(body);
  if (!type.success) return { kind: 'rejected', reason: `Payload: ${reasonOf(type.error.issues)}` };
  if (type.data.type !== 'fuel.transaction') {
    return { kind: 'ignored', reason: `A fuel-card partner's ${type.data.type} is not a transaction` };
  }
  const parsed = fuel.safeParse(body);
  if (!parsed.success) return { kind: 'rejected', reason: `fuel.transaction: ${reasonOf(parsed.error.issues)}` };
  return {
    kind: 'fuelTransaction',
    transaction: { ...parsed.data.data, at: new Date(parsed.data.data.at).toISOString() },
  };
}
