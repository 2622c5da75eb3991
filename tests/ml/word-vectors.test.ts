import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelStore, resolveModelsDir } from '../../functions/ml/model-store.js';
import { TextClassifier } from '../../functions/ml/text-classifier.js';
import { WordVectorEncoder } from '../../functions/ml/word-vectors.js';

interface Fixture {
  model: string;
  rows: { text: string; wordIds: number[]; vector: number[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/word-vectors.json', import.meta.url), 'utf8')) as Fixture;
const store = new ModelStore(resolveModelsDir({}));

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('word-vector sentence encoder matches the Python training code', () => {
  it('has fixtures with and without known words', () => {
    expect(fixture.rows.length).toBeGreaterThanOrEqual(10);
    expect(fixture.rows.some((r) => r.wordIds.length === 0)).toBe(true);
    expect(fixture.rows.some((r) => r.wordIds.length > 3)).toBe(true);
  });

  it.each(fixture.rows.map((r) => [r.text, r] as const))('%j', async (_text, row) => {
    // Prepare
    const encoder = await WordVectorEncoder.load(store, fixture.model);
    // Act
    const ids = encoder.wordIds(row.text);
    const vector = await encoder.encode(row.text);
    // Assess: same table rows; same vector up to float32 summation order inside onnxruntime.
    expect(ids).toEqual(row.wordIds);
    expect(vector).toHaveLength(row.vector.length);
    row.vector.forEach((v, i) => {
      expect(vector[i]).toBeCloseTo(v, 5);
    });
  });

  it('places paraphrases closer than unrelated texts (the reason it ships)', async () => {
    const encoder = await WordVectorEncoder.load(store, fixture.model);
    const [a, b, c] = await Promise.all(
      [
        'my truck broke down on the highway',
        'the lorry has a breakdown on the motorway',
        'what is my bank balance',
      ].map((t) => encoder.encode(t)),
    );
    expect(cosine(a as Float32Array, b as Float32Array)).toBeGreaterThan(cosine(a as Float32Array, c as Float32Array));
  });

  it('feeds the CLINC150 classifier rows of TF-IDF followed by the sentence vector', async () => {
    const clinc = await TextClassifier.load(store, 'clinc150');
    const encoder = await WordVectorEncoder.load(store, 'word-vectors');
    expect(clinc.metadata.wordVectors).toBe('word-vectors');
    expect(clinc.width).toBe(clinc.metadata.vocabulary.length + encoder.width);
    const [balance, transfer] = await clinc.classify([
      'what is my bank balance',
      'send 50 dollars to my savings account',
    ]);
    expect(balance?.label).toBe('balance');
    expect(transfer?.label).toBe('transfer');
  });
});
