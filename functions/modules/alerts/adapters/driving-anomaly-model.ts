import { OnnxAnomalyDetector } from '../../../ml/onnx-anomaly-detector.js';
import type { AnomalyDetector } from '../../../ml/ports/anomaly-detector.js';
import type { ModelBinding } from '../../../platform/wiring/bindings.js';

/**
 * Binds the `driving-anomaly` isolation forest through {@link OnnxAnomalyDetector}; like the
 * failure model it comes from the ml layer in Lambda and from `ml/models` locally, and loads on
 * the first window scored.
 */
export const drivingAnomalyModel: ModelBinding<AnomalyDetector> = {
  kind: 'model',
  models: ['driving-anomaly'],
  env: [],
  fromEnvironment: () => new OnnxAnomalyDetector(),
};
