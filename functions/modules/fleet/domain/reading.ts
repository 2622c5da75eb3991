/** The sensor fields of the telemetry contract; every field but the key is optional. */
export const SENSOR_FIELDS = [
  'engineTemp',
  'oilPressure',
  'speed',
  'rpm',
  'fuelLevel',
  'batteryVoltage',
  'acceleration',
  'lat',
  'lng',
  'odometer',
] as const;

export type SensorField = (typeof SENSOR_FIELDS)[number];

/** One reading from one vehicle at one instant. (vehicleId, ts) identifies it: resends are duplicates. */
export type Reading = {
  readonly vehicleId: string;
  /** ISO-8601 instant, normalised to UTC with milliseconds (`2026-11-22T14:00:00.000Z`). */
  readonly ts: string;
} & { readonly [K in SensorField]?: number };

/** Payload of the `telemetry.received` event: the readings of one batch that were new. */
export interface TelemetryReceived {
  readonly tenantId: string;
  readonly batchId: string;
  readonly readings: readonly Reading[];
}
