import type { ModelStore } from './model-store.js';
import { runFloatModel } from './model-store.js';
import { TextVectorizer, type TextVocabulary } from './text-features.js';
import { WordVectorEncoder } from './word-vectors.js';

/** Metadata of a linear text model (`intent`, `sentiment`, `clinc150`), written by ml/train.py. */
export interface TextModelMetadata extends TextVocabulary {
  labels: string[];
  /** Rasa-style rejection: below `minConfidence`, or a top-two margin below `minMargin`. */
  rejection?: { label: string; minConfidence: number; minMargin: number };
  /** A label that wins whenever its probability reaches `minProbability` (sentiment: negative). */
  priority?: { label: string; minProbability: number };
  /** Name of a sentence encoder whose vector follows the TF-IDF features in each row (ADR 0048). */
  wordVectors?: string;
}

/** One text's ranked result. */
export interface TextPrediction {
  /** Label after rejection. */
  label: string;
  /** Top probability, before rejection. */
  confidence: number;
  /** Label with the top probability, before rejection. */
  top: string;
  probabilities: Float32Array;
}

/** Applies the rejection rule chosen on validation data to one probability row. */
export function decide(probabilities: Float32Array, metadata: TextModelMetadata): TextPrediction {
  let best = 0;
  let second = -1;
  for (let i = 1; i < probabilities.length; i++) {
    if ((probabilities[i] as number) > (probabilities[best] as number)) {
      second = best;
      best = i;
    } else if (second < 0 || (probabilities[i] as number) > (probabilities[second] as number)) {
      second = i;
    }
  }
  const confidence = probabilities[best] as number;
  const margin = confidence - (second >= 0 ? (probabilities[second] as number) : 0);
  const top = metadata.labels[best] as string;
  const r = metadata.rejection;
  const rejected = r !== undefined && (confidence < r.minConfidence || margin < r.minMargin);
  const p = metadata.priority;
  const promoted = p !== undefined && (probabilities[metadata.labels.indexOf(p.label)] ?? 0) >= p.minProbability;
  const label = promoted ? (p?.label as string) : rejected ? (r?.label as string) : top;
  return { label, confidence, top, probabilities };
}

const BATCH = 256;

/**
 * A TF-IDF text model (linear softmax, or linear + MLP average), loaded once and reused. When its
 * metadata names `wordVectors`, each row is the TF-IDF vector followed by that encoder's sentence
 * vector, exactly as in training.
 */
export class TextClassifier {
  private constructor(
    private readonly store: ModelStore,
    readonly name: string,
    readonly metadata: TextModelMetadata,
    private readonly vectorizer: TextVectorizer,
    private readonly encoder: WordVectorEncoder | undefined,
  ) {}

  static async load(store: ModelStore, name: string): Promise<TextClassifier> {
    const { metadata } = await store.load<TextModelMetadata>(name);
    const encoder = metadata.wordVectors ? await WordVectorEncoder.load(store, metadata.wordVectors) : undefined;
    return new TextClassifier(store, name, metadata, new TextVectorizer(metadata), encoder);
  }

  /** Features per row: the vocabulary, then the sentence vector if any. */
  get width(): number {
    return this.vectorizer.size + (this.encoder?.width ?? 0);
  }

  private async rows(texts: readonly string[]): Promise<Float32Array> {
    const width = this.width;
    const out = new Float32Array(texts.length * width);
    for (let r = 0; r < texts.length; r++) {
      const text = texts[r] as string;
      this.vectorizer.denseInto(text, out, r * width);
      await this.encoder?.encodeInto(text, out, r * width + this.vectorizer.size);
    }
    return out;
  }

  /** Classifies a batch; batching keeps evaluation of thousands of texts to a few ONNX calls. */
  async classify(texts: readonly string[]): Promise<TextPrediction[]> {
    const { session } = await this.store.load<TextModelMetadata>(this.name);
    const width = this.width;
    const k = this.metadata.labels.length;
    const out: TextPrediction[] = [];
    // Dense rows are vocabulary-wide (up to 15k floats); chunks keep a big batch's memory bounded.
    for (let start = 0; start < texts.length; start += BATCH) {
      const chunk = texts.slice(start, start + BATCH);
      const probs = await runFloatModel(session, await this.rows(chunk), chunk.length, width);
      for (let r = 0; r < chunk.length; r++) out.push(decide(probs.slice(r * k, (r + 1) * k), this.metadata));
    }
    return out;
  }
}
