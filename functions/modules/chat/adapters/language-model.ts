import { OnnxLanguageUnderstanding } from '../../../ml/onnx-language-understanding.js';
import type { LanguageUnderstanding } from '../../../ml/ports/language-understanding.js';
import type { ModelBinding } from '../../../platform/wiring/bindings.js';

/**
 * Binds the chat NLU, the `intent` and `sentiment` ONNX models, through
 * {@link OnnxLanguageUnderstanding} (docs/adr/0043, 0100). The function gets the ml layer with
 * exactly these models (MODELS_DIR=/opt/models); locally the same adapter reads `ml/models`. The
 * models load once per container, on the first message, from the shared model store.
 */
export const languageModel: ModelBinding<LanguageUnderstanding> = {
  kind: 'model',
  models: ['intent', 'sentiment'],
  env: [],
  fromEnvironment: () => new OnnxLanguageUnderstanding(),
};
