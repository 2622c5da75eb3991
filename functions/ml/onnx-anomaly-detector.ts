import { type ModelStore, sharedModelStore } from './model-store.js';
import type { AnomalyDetector, DrivingAnomaly, DrivingWindow } from './ports/anomaly-detector.js';
import { drivingFeatures } from './tabular-features.js';
import { scoreRows } from './tree-model.js';

/** AnomalyDetector over the `driving-anomaly` isolation forest (trained on simulated normal driving). */
export class OnnxAnomalyDetector implements AnomalyDetector {
  constructor(private readonly store: ModelStore = sharedModelStore()) {}

  async detect(windows: readonly DrivingWindow[]): Promise<DrivingAnomaly[]> {
    const rows = windows.map((w) =>
      drivingFeatures(
        w.samples.map((s) => s.speed),
        w.samples.map((s) => s.ts),
      ),
    );
    const { scores, metadata } = await scoreRows(this.store, 'driving-anomaly', rows);
    return windows.map((w, i) => {
      const score = scores[i] as number;
      return {
        vehicleId: w.vehicleId,
        score,
        anomalous: score > metadata.threshold,
        threshold: metadata.threshold,
        from: w.samples[0]?.ts ?? 0,
        to: w.samples[w.samples.length - 1]?.ts ?? 0,
      };
    });
  }
}
