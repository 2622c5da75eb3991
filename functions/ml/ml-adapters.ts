import { type ModelStore, sharedModelStore } from './model-store.js';
import { OnnxAnomalyDetector } from './onnx-anomaly-detector.js';
import { OnnxFailurePredictor } from './onnx-failure-predictor.js';
import { OnnxLanguageUnderstanding } from './onnx-language-understanding.js';
import type { AnomalyDetector } from './ports/anomaly-detector.js';
import type { FailurePredictor } from './ports/failure-predictor.js';
import type { LanguageUnderstanding } from './ports/language-understanding.js';

/** The three ML ports, backed by onnxruntime-node. */
export interface MlAdapters {
  languageUnderstanding: LanguageUnderstanding;
  failurePredictor: FailurePredictor;
  anomalyDetector: AnomalyDetector;
}

/**
 * ONNX adapters for a handler's deps (`lambdaDeps` and `localDeps` alike): they share one
 * per-container {@link ModelStore}, and nothing loads until a port is first called.
 */
export function onnxMlAdapters(store: ModelStore = sharedModelStore()): MlAdapters {
  return {
    languageUnderstanding: new OnnxLanguageUnderstanding(store),
    failurePredictor: new OnnxFailurePredictor(store),
    anomalyDetector: new OnnxAnomalyDetector(store),
  };
}
