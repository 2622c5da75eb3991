import { type ModelStore, sharedModelStore } from './model-store.js';
import type { FailurePrediction, FailurePredictor, VehicleHealthReading } from './ports/failure-predictor.js';
import { type Ai4iReading, ai4iFeatures, vehicleFeatures } from './tabular-features.js';
import { scoreRows, type TreeModelMetadata } from './tree-model.js';

interface VehicleFailureMetadata extends TreeModelMetadata {
  horizonHours: number;
}

/**
 * FailurePredictor over the `vehicle-failure` model (gradient-boosted trees trained on SIMULATED
 * degradation data, see docs/models.md). One ONNX call per batch of readings.
 */
export class OnnxFailurePredictor implements FailurePredictor {
  constructor(private readonly store: ModelStore = sharedModelStore()) {}

  async predict(readings: readonly VehicleHealthReading[]): Promise<FailurePrediction[]> {
    const { scores, metadata } = await scoreRows<VehicleFailureMetadata>(
      this.store,
      'vehicle-failure',
      readings.map((r) => vehicleFeatures(r)),
    );
    return readings.map((r, i) => ({
      vehicleId: r.vehicleId,
      probability: scores[i] as number,
      horizonHours: metadata.horizonHours,
      threshold: metadata.threshold,
    }));
  }
}

/** Probability of `Machine failure` for AI4I 2020 readings, the public benchmark of the same pipeline. */
export async function predictAi4i(
  readings: readonly Ai4iReading[],
  store: ModelStore = sharedModelStore(),
): Promise<{ probabilities: Float32Array; threshold: number }> {
  const { scores, metadata } = await scoreRows(store, 'ai4i', readings.map(ai4iFeatures));
  return { probabilities: scores, threshold: metadata.threshold };
}
