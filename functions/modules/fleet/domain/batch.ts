import { type Reading, SENSOR_FIELDS } from './reading.js';

/** At most this many readings per request (capability Contracts). */
export const MAX_READINGS_PER_BATCH = 500;

/** How long raw readings are kept before DynamoDB's TTL reaps them. */
export const READING_RETENTION_DAYS = 90;

/** Normalises an ISO-8601 instant with any offset to UTC with milliseconds, the key format. */
export function normaliseTimestamp(ts: string): string {
  return new Date(ts).toISOString();
}

/** The identity of a reading: resending it is a duplicate. */
export function readingKey(reading: Pick<Reading, 'vehicleId' | 'ts'>): string {
  return `${reading.vehicleId}\u0000${reading.ts}`;
}

/** Collapses readings repeated within one batch; the first occurrence wins, as a store would keep it. */
export function collapseDuplicates(readings: readonly Reading[]): Reading[] {
  const seen = new Map<string, Reading>();
  for (const reading of readings) {
    const key = readingKey(reading);
    if (!seen.has(key)) seen.set(key, reading);
  }
  return [...seen.values()];
}

/** The newest instant and the field-by-field latest values of one vehicle's readings. */
export interface StateUpdate {
  readonly vehicleId: string;
  readonly ts: string;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Folds a batch into one state update per vehicle: values are taken oldest to newest so each field
 * holds its newest value, and `ts` is the newest instant (the store applies it only if newer).
 */
export function stateUpdates(readings: readonly Reading[]): StateUpdate[] {
  const byVehicle = new Map<string, Reading[]>();
  for (const reading of readings) {
    const list = byVehicle.get(reading.vehicleId) ?? [];
    list.push(reading);
    byVehicle.set(reading.vehicleId, list);
  }
  return [...byVehicle.entries()].map(([vehicleId, list]) => {
    list.sort((a, b) => a.ts.localeCompare(b.ts));
    const values: Record<string, number> = {};
    for (const reading of list) {
      for (const field of SENSOR_FIELDS) {
        const value = reading[field];
        if (typeof value === 'number') values[field] = value;
      }
    }
    return { vehicleId, ts: list[list.length - 1]?.ts ?? '', values };
  });
}

/**
 * Splits readings into groups whose JSON stays under `maxBytes`. EventBridge refuses entries over
 * 256 KB; a normal batch of 500 readings is well under, so this almost always returns one group,
 * but a batch of long ids and long floats must not become an event that can never be published.
 */
export function chunkBySize(readings: readonly Reading[], maxBytes: number): Reading[][] {
  const chunks: Reading[][] = [];
  let current: Reading[] = [];
  let size = 0;
  for (const reading of readings) {
    const bytes = Buffer.byteLength(JSON.stringify(reading)) + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(reading);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
