import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModelsDir } from '../../functions/ml/model-store.js';
import { featureNames, TextVectorizer, tokenize } from '../../functions/ml/text-features.js';

interface Fixture {
  model: string;
  rows: { text: string; features: string[]; indices: number[]; values: number[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/text-features.json', import.meta.url), 'utf8')) as Fixture;
const metadata = JSON.parse(readFileSync(path.join(resolveModelsDir({}), `${fixture.model}.json`), 'utf8')) as {
  vocabulary: string[];
  idf: number[];
};

describe('text featurisation matches the Python training code', () => {
  const vectorizer = new TextVectorizer(metadata);

  it('has fixtures covering edge cases (empty, unicode, digits)', () => {
    expect(fixture.rows.length).toBeGreaterThanOrEqual(10);
    expect(fixture.rows.some((r) => r.indices.length === 0)).toBe(true);
  });

  it.each(fixture.rows.map((r) => [r.text, r] as const))('%j', (_text, row) => {
    // Prepare / Act
    const names = featureNames(row.text);
    const { indices, values } = vectorizer.sparse(row.text);
    // Assess: same feature strings in the same order, same columns, bit-identical float32 values.
    expect(names).toEqual(row.features);
    expect(indices).toEqual(row.indices);
    expect(values).toEqual(row.values);
  });

  it('normalises case, apostrophes, punctuation and digit runs', () => {
    expect(tokenize("TRK-204 won't START!!")).toEqual(['trk', '0', 'wont', 'start']);
  });

  it('dense rows place the sparse values in their columns', () => {
    const text = 'book a service for unit 77';
    const dense = vectorizer.dense([text]);
    const { indices, values } = vectorizer.sparse(text);
    expect(dense.length).toBe(vectorizer.size);
    indices.forEach((j, k) => {
      expect(dense[j]).toBe(values[k]);
    });
    expect(Array.from(dense).filter((v) => v !== 0).length).toBe(indices.length);
  });
});
