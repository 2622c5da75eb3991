/**
 * Tabular featurisers, mirrors of `ml/tabular_features.py` (same operation order in float64,
 * rounded to float32 by the tensor). `tests/ml/tabular-features.test.ts` checks them on fixtures
 * written by the training code. Change both files together.
 */

import type { VehicleHealthReading } from './ports/failure-predictor.js';

/** One AI4I 2020 process reading. */
export interface Ai4iReading {
  type: 'L' | 'M' | 'H';
  airTemperatureK: number;
  processTemperatureK: number;
  rotationalSpeedRpm: number;
  torqueNm: number;
  toolWearMin: number;
}

const AI4I_TYPE = { L: 0, M: 1, H: 2 } as const;
// Overstrain limits of wear × torque per product variant, from the data set's documentation.
const AI4I_STRAIN_LIMIT = { L: 11000, M: 12000, H: 13000 } as const;
// Documented failure physics (Matzka 2020): heat dissipation fails below this temperature difference
// at speeds below this rpm; power failure outside this band of power.
const AI4I_HDF_TEMP_DIFF_K = 8.6;
const AI4I_HDF_RPM = 1380;
const AI4I_POWER_BAND_W = [3500, 9000] as const;

/**
 * AI4I features in model order: type, temperatures and their difference, speed, torque, power, wear,
 * wear × torque, overstrain ratio, heat-dissipation risk (0/1), power outside the 3500–9000 W band.
 */
export function ai4iFeatures(r: Ai4iReading): number[] {
  const wearTorque = r.toolWearMin * r.torqueNm;
  const tempDiff = r.processTemperatureK - r.airTemperatureK;
  const power = (r.torqueNm * r.rotationalSpeedRpm * 2 * Math.PI) / 60;
  const [low, high] = AI4I_POWER_BAND_W;
  return [
    AI4I_TYPE[r.type],
    r.airTemperatureK,
    r.processTemperatureK,
    tempDiff,
    r.rotationalSpeedRpm,
    r.torqueNm,
    power,
    r.toolWearMin,
    wearTorque,
    wearTorque / AI4I_STRAIN_LIMIT[r.type],
    tempDiff < AI4I_HDF_TEMP_DIFF_K && r.rotationalSpeedRpm < AI4I_HDF_RPM ? 1 : 0,
    Math.max(low - power, 0) + Math.max(power - high, 0),
  ];
}

/**
 * Engine health inputs of the vehicle failure model: the port's reading without its vehicle id
 * (the two optional fields fall back to defaults).
 */
export type VehicleHealthInput = Omit<VehicleHealthReading, 'vehicleId'>;

/** Values used when a reading lacks engine load or service hours (the model's metadata holds the same). */
export const VEHICLE_DEFAULTS = { engineLoad: 50, hoursSinceService: 200 } as const;

/** Vehicle features in model order: the six readings, oil pressure per 1000 rpm, temperature above what the load explains. */
export function vehicleFeatures(r: VehicleHealthInput): number[] {
  const load = r.engineLoad ?? VEHICLE_DEFAULTS.engineLoad;
  const hours = r.hoursSinceService ?? VEHICLE_DEFAULTS.hoursSinceService;
  return [
    r.engineTemp,
    r.oilPressure,
    r.batteryVoltage,
    r.rpm,
    load,
    hours,
    r.oilPressure / (Math.max(r.rpm, 1) / 1000),
    r.engineTemp - (82 + 0.12 * load),
  ];
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function std(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / xs.length);
}

/**
 * Driving-window features from speeds (km/h) and timestamps (ms): speed mean and spread,
 * acceleration extremes, spread and mean magnitude (m/s²), peak jerk, and strong reversals.
 */
export function drivingFeatures(speeds: readonly number[], timestampsMs: readonly number[]): number[] {
  if (speeds.length < 3 || speeds.length !== timestampsMs.length) {
    throw new Error('drivingFeatures: need at least 3 samples with one timestamp each');
  }
  const acc: number[] = [];
  for (let i = 1; i < speeds.length; i++) {
    const dt = ((timestampsMs[i] as number) - (timestampsMs[i - 1] as number)) / 1000;
    acc.push(((speeds[i] as number) - (speeds[i - 1] as number)) / 3.6 / dt);
  }
  const jerk: number[] = [];
  for (let i = 1; i < acc.length; i++) {
    const dt = ((timestampsMs[i + 1] as number) - (timestampsMs[i] as number)) / 1000;
    jerk.push(Math.abs((acc[i] as number) - (acc[i - 1] as number)) / dt);
  }
  let reversals = 0;
  for (let i = 1; i < acc.length; i++) {
    const a = acc[i] as number;
    const b = acc[i - 1] as number;
    if (a * b < 0 && Math.abs(a) > 1 && Math.abs(b) > 1) reversals++;
  }
  return [
    mean(speeds),
    std(speeds),
    Math.max(...acc),
    Math.min(...acc),
    std(acc),
    mean(acc.map((a) => Math.abs(a))),
    jerk.length > 0 ? Math.max(...jerk) : 0,
    reversals,
  ];
}
