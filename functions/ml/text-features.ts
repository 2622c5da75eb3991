/**
 * Text featurisation, a line-for-line mirror of `ml/text_features.py`: the models were trained on
 * exactly these vectors, and `tests/ml/text-features.test.ts` checks equality on fixtures written
 * by the training code. Change both files together.
 */

/** Vocabulary and float32 idf weights of one text model, as stored in its metadata JSON. */
export interface TextVocabulary {
  vocabulary: string[];
  idf: number[];
}

/** A sparse feature row: ascending column indices and their float32 values. */
export interface SparseRow {
  indices: number[];
  values: number[];
}

const APOSTROPHES = /['\u2019]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const DIGITS = /[0-9]+/g;

/** Lowercase, drop apostrophes, collapse non-alphanumerics to spaces and digit runs to "0". */
export function tokenize(text: string): string[] {
  const s = text.toLowerCase().replace(APOSTROPHES, '').replace(NON_ALNUM, ' ').replace(DIGITS, '0');
  return s.split(' ').filter((t) => t.length > 0);
}

/** Ordered, de-duplicated feature strings: words, word bigrams, 3–5 character n-grams of " word ". */
export function featureNames(text: string): string[] {
  const tokens = tokenize(text);
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (f: string): void => {
    if (!seen.has(f)) {
      seen.add(f);
      out.push(f);
    }
  };
  for (const t of tokens) add(`w:${t}`);
  for (let i = 0; i + 1 < tokens.length; i++) add(`b:${tokens[i]} ${tokens[i + 1]}`);
  for (const t of tokens) {
    const padded = ` ${t} `;
    for (const n of [3, 4, 5]) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
  }
  return out;
}

/** Turns text into the TF-IDF vector a text model expects; build once per model and reuse. */
export class TextVectorizer {
  readonly size: number;
  private readonly index: Map<string, number>;
  private readonly idf: Float32Array;

  constructor(vocab: TextVocabulary) {
    if (vocab.vocabulary.length !== vocab.idf.length) {
      throw new Error('TextVectorizer: vocabulary and idf lengths differ');
    }
    this.size = vocab.vocabulary.length;
    this.index = new Map(vocab.vocabulary.map((f, i) => [f, i]));
    this.idf = Float32Array.from(vocab.idf);
  }

  /** Binary tf × idf, L2-normalised with squares summed in ascending column order, rounded to float32. */
  sparse(text: string): SparseRow {
    const cols = new Set<number>();
    for (const f of featureNames(text)) {
      const j = this.index.get(f);
      if (j !== undefined) cols.add(j);
    }
    const indices = [...cols].sort((a, b) => a - b);
    let sq = 0;
    for (const j of indices) {
      const v = this.idf[j] as number;
      sq += v * v;
    }
    const norm = Math.sqrt(sq);
    const values = norm > 0 ? indices.map((j) => Math.fround((this.idf[j] as number) / norm)) : [];
    return { indices: norm > 0 ? indices : [], values };
  }

  /** Dense rows for a batch, laid out as the ONNX input `features[N, size]`. */
  dense(texts: readonly string[]): Float32Array {
    const out = new Float32Array(texts.length * this.size);
    texts.forEach((text, r) => {
      this.denseInto(text, out, r * this.size);
    });
    return out;
  }

  /** Writes one text's vector into a zeroed `out` from `offset` (rows wider than `size` carry more features). */
  denseInto(text: string, out: Float32Array, offset: number): void {
    const { indices, values } = this.sparse(text);
    indices.forEach((j, k) => {
      out[offset + j] = values[k] as number;
    });
  }
}
