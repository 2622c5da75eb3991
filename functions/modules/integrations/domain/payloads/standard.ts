import * as z from 'zod';
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
          vehicleId: z.string().min(1).max(64),
          ts: z.string().min(1),
          ...Object.fromEntries(SENSOR_FIELDS.map((field) => [field, z.unknown().optional()])),
        }),
      )
      .min(1),
  }),
});

const fuel = z.object({
  type: z.literal('fuel.transaction'),
  data: z.object({
    transactionId: z.string().min(1).max(128),
    cardId: z.string().min(1).max(128),
    vehicleId: z.string().min(1).max(64),
    at: z.iso.datetime({ offset: true }),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    litres: z.number().nonnegative().optional(),
    amount: z.number().nonnegative().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    merchant: z.string().max(200).optional(),
  }),
});

const envelope = z.object({ type: z.string().min(1), data: z.unknown() });

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
