import { type ModelStore, runModel } from './model-store.js';
import { tokenize } from './text-features.js';

/** Metadata of the `word-vectors` sentence encoder, written by ml/word_vectors.py. */
export interface WordVectorMetadata {
  source: string;
  dimensions: number;
  /** Length of a sentence vector: mean- and max-pooled dimensions side by side. */
  width: number;
  outputScale: number;
  /** Row order of the embedding table inside the ONNX graph. */
  words: string[];
}

/**
 * Pretrained word vectors (GloVe, ADR 0048) pooled into one vector per text. TypeScript only maps
 * tokens to table rows; the lookup, pooling and normalisation run in the ONNX graph, and
 * `tests/ml/word-vectors.test.ts` checks the result against the training code's fixtures.
 */
export class WordVectorEncoder {
  readonly width: number;
  private readonly index: Map<string, number>;

  private constructor(
    private readonly store: ModelStore,
    readonly name: string,
    readonly metadata: WordVectorMetadata,
  ) {
    this.width = metadata.width;
    this.index = new Map(metadata.words.map((w, i) => [w, i]));
  }

  static async load(store: ModelStore, name: string): Promise<WordVectorEncoder> {
    const { metadata } = await store.load<WordVectorMetadata>(name);
    return new WordVectorEncoder(store, name, metadata);
  }

  /** Table rows of the text's known tokens, in order, repeats kept (the mean counts them). */
  wordIds(text: string): number[] {
    const ids: number[] = [];
    for (const token of tokenize(text)) {
      const id = this.index.get(token);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  /** Writes the text's sentence vector into `out` at `offset`; all zeros when no word is known. */
  async encodeInto(text: string, out: Float32Array, offset: number): Promise<void> {
    const ids = this.wordIds(text);
    if (ids.length === 0) return;
    const { session } = await this.store.load<WordVectorMetadata>(this.name);
    const data = BigInt64Array.from(ids, (id) => BigInt(id));
    const vector = await runModel(session, { type: 'int64', data, dims: [ids.length] });
    if (vector.length !== this.width)
      throw new Error(`${this.name} returned ${vector.length} values, not ${this.width}`);
    out.set(vector, offset);
  }

  async encode(text: string): Promise<Float32Array> {
    const out = new Float32Array(this.width);
    await this.encodeInto(text, out, 0);
    return out;
  }
}
