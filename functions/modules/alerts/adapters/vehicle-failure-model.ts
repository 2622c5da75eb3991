import { OnnxFailurePredictor } from '../../../ml/onnx-failure-predictor.js';
import type { FailurePredictor } from '../../../ml/ports/failure-predictor.js';
import type { ModelBinding } from '../../../platform/wiring/bindings.js';

/**
 * Binds the `vehicle-failure` ONNX model through {@link OnnxFailurePredictor}. The function gets
 * the ml layer with exactly this model (MODELS_DIR=/opt/models); locally the same adapter reads
 * `ml/models`. onnxruntime-node loads on the first prediction.
 */
export const vehicleFailureModel: ModelBinding<FailurePredictor> = {
  kind: 'model',
  models: ['vehicle-failure'],
  env: [],
  fromEnvironment: () => new OnnxFailurePredictor(),
};
