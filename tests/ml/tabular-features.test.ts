import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Ai4iReading,
  ai4iFeatures,
  drivingFeatures,
  type VehicleHealthInput,
  vehicleFeatures,
} from '../../functions/ml/tabular-features.js';

interface Fixture {
  ai4i: { input: Ai4iReading; features: number[] }[];
  vehicle: { input: VehicleHealthInput; features: number[] }[];
  driving: { speeds: number[]; timestampsMs: number[]; features: number[] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/tabular-features.json', import.meta.url), 'utf8'),
) as Fixture;
// The ONNX input is float32: equality is checked after the same rounding the tensor applies.
const f32 = (xs: number[]): number[] => xs.map((x) => Math.fround(x));

describe('tabular featurisation matches the Python training code', () => {
  it('AI4I', () => {
    expect(fixture.ai4i.length).toBeGreaterThan(5);
    for (const row of fixture.ai4i) expect(f32(ai4iFeatures(row.input))).toEqual(row.features);
  });

  it('vehicle health, including the defaults for missing load and service hours', () => {
    expect(fixture.vehicle.some((r) => r.input.engineLoad === undefined)).toBe(true);
    for (const row of fixture.vehicle) expect(f32(vehicleFeatures(row.input))).toEqual(row.features);
  });

  it('driving windows', () => {
    expect(fixture.driving.length).toBeGreaterThan(5);
    for (const row of fixture.driving) expect(f32(drivingFeatures(row.speeds, row.timestampsMs))).toEqual(row.features);
  });

  it('rejects a window too short to have a jerk', () => {
    expect(() => drivingFeatures([10, 20], [0, 1000])).toThrow(/at least 3 samples/);
  });
});
