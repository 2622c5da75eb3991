import type { Reading, SensorField } from '../../fleet/domain/reading.js';

/**
 * A reading as the alert engine's conditions see it: its sensors read once per reading into
 * numbers by field index and a presence mask, instead of once per rule (docs/adr/0119-alert-engine-hot-loop.md).
 */

/** The sensor fields in the order {@link sense} reads them: field `i` is bit `1 << i` of a presence mask. */
export const SENSED = [
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
] as const satisfies readonly SensorField[];
// Compile-time proof that SENSED names every sensor field of the contract.
const _everyField: Exclude<SensorField, (typeof SENSED)[number]> extends never ? true : never = true;
void _everyField;
export const FIELD_INDEX = new Map<SensorField, number>(SENSED.map((field, i) => [field, i]));
export const FIELD_BIT = new Map<SensorField, number>(SENSED.map((field, i) => [field, 1 << i]));

/** The position's fields: both present or the reading has no position. */
export const POSITIONED = (FIELD_BIT.get('lat') as number) | (FIELD_BIT.get('lng') as number);
export const LAT = FIELD_INDEX.get('lat') as number;
export const LNG = FIELD_INDEX.get('lng') as number;
export const ODOMETER = FIELD_INDEX.get('odometer') as number;

/**
 * One reading as the compiled conditions see it: its sensor values by field index and a mask of
 * the fields it carries, read once per reading instead of once per rule (`values[i]` is meaningful
 * only where bit `i` of `mask` is set).
 */
export interface Sensed {
  readonly values: Float64Array;
  mask: number;
}

/**
 * Reads a reading's sensors into `sensed` (one property read per field per reading) and returns
 * the presence mask. Written out field by field so each read is a plain, monomorphic property load.
 */
export function sense(reading: Reading, sensed: Sensed): number {
  // Same order as SENSED.
  const v = sensed.values;
  let mask = 0;
  let x = reading.engineTemp;
  if (x !== undefined) {
    v[0] = x;
    mask |= 1;
  }
  x = reading.oilPressure;
  if (x !== undefined) {
    v[1] = x;
    mask |= 2;
  }
  x = reading.speed;
  if (x !== undefined) {
    v[2] = x;
    mask |= 4;
  }
  x = reading.rpm;
  if (x !== undefined) {
    v[3] = x;
    mask |= 8;
  }
  x = reading.fuelLevel;
  if (x !== undefined) {
    v[4] = x;
    mask |= 16;
  }
  x = reading.batteryVoltage;
  if (x !== undefined) {
    v[5] = x;
    mask |= 32;
  }
  x = reading.acceleration;
  if (x !== undefined) {
    v[6] = x;
    mask |= 64;
  }
  x = reading.lat;
  if (x !== undefined) {
    v[7] = x;
    mask |= 128;
  }
  x = reading.lng;
  if (x !== undefined) {
    v[8] = x;
    mask |= 256;
  }
  x = reading.odometer;
  if (x !== undefined) {
    v[9] = x;
    mask |= 512;
  }
  sensed.mask = mask;
  return mask;
}
