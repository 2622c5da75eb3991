import { extractEntities } from './entity-extractor.js';
import { scoreFrustration } from './frustration.js';
import { type ModelStore, sharedModelStore } from './model-store.js';
import type {
  Intent,
  LanguageUnderstanding,
  Sentiment,
  Understanding,
  UnderstandOptions,
} from './ports/language-understanding.js';
import { TextClassifier } from './text-classifier.js';

/**
 * NLU adapter: the `intent` and `sentiment` ONNX models, rule-based entities and the transparent
 * frustration scorer (ADR 0118). A frustrated message is negative whatever the sentiment model
 * says (the convention: frustration is negative). Models load on the first message and stay for the
 * container's life.
 */
export class OnnxLanguageUnderstanding implements LanguageUnderstanding {
  private models: Promise<{ intent: TextClassifier; sentiment: TextClassifier }> | undefined;

  constructor(private readonly store: ModelStore = sharedModelStore()) {}

  private load(): Promise<{ intent: TextClassifier; sentiment: TextClassifier }> {
    this.models ??= Promise.all([
      TextClassifier.load(this.store, 'intent'),
      TextClassifier.load(this.store, 'sentiment'),
    ]).then(([intent, sentiment]) => ({ intent, sentiment }));
    return this.models;
  }

  async understand(text: string, options: UnderstandOptions = {}): Promise<Understanding> {
    const [result] = await this.understandBatch([text], options);
    return result as Understanding;
  }

  /** Batch form of {@link understand}, for evaluation and bulk re-scoring. */
  async understandBatch(texts: readonly string[], options: UnderstandOptions = {}): Promise<Understanding[]> {
    const { intent, sentiment } = await this.load();
    // One after the other: on Lambda's one or two vCPUs, concurrent runs only contend (measured in bench/ml.bench.ts).
    const intents = await intent.classify(texts);
    const sentiments = await sentiment.classify(texts);
    return texts.map((text, i) => {
      const frustration = scoreFrustration(text, options.previous);
      return {
        text,
        intent: intents[i]?.label as Intent,
        confidence: Math.round((intents[i]?.confidence ?? 0) * 1e4) / 1e4,
        sentiment: frustration.frustrated ? 'negative' : (sentiments[i]?.label as Sentiment),
        entities: extractEntities(text, options),
        frustration,
      };
    });
  }
}
