import { z } from 'zod';
import { ALERT_STATUSES, type Alert, SEVERITIES } from '../domain/alerts/alert.js';
import { type Reading, SENSOR_FIELDS, type TelemetryReceived } from '../domain/telemetry/reading.js';

/** A reading as carried inside events (already validated at ingest; checked for shape only). */
export const readingShape = z
  .object({
    vehicleId: z.string().min(1),
    ts: z.string().min(1),
    ...Object.fromEntries(SENSOR_FIELDS.map((field) => [field, z.number().optional()])),
  })
  .strip() as unknown as z.ZodType<Reading>;

/** The detail of `telemetry.received`. */
export const telemetryReceivedSchema: z.ZodType<TelemetryReceived> = z.object({
  tenantId: z.string().min(1),
  batchId: z.string().min(1),
  readings: z.array(readingShape),
});

/** The detail of `alert.raised`: the alert itself. */
export const alertSchema: z.ZodType<Alert> = z.object({
  tenantId: z.string().min(1),
  alertId: z.string().min(1),
  vehicleId: z.string().min(1),
  type: z.string().min(1),
  severity: z.enum(SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  message: z.string(),
  reading: readingShape,
  raisedAt: z.string().min(1),
});
