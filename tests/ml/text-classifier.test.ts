import { describe, expect, it } from 'vitest';
import { decide, type TextModelMetadata } from '../../functions/ml/text-classifier.js';

const base: TextModelMetadata = { labels: ['billing', 'fallback', 'greeting'], vocabulary: [], idf: [] };
const row = (...p: number[]) => Float32Array.from(p);

describe('decide', () => {
  it('takes the most probable label when no rule applies', () => {
    expect(decide(row(0.2, 0.1, 0.7), base)).toMatchObject({ label: 'greeting', top: 'greeting' });
    expect(decide(row(0.2, 0.1, 0.7), base).confidence).toBeCloseTo(0.7);
  });

  it('falls back below the confidence floor or inside the margin, as Rasa does', () => {
    const meta = { ...base, rejection: { label: 'fallback', minConfidence: 0.5, minMargin: 0.2 } };
    expect(decide(row(0.45, 0.1, 0.45), meta).label).toBe('fallback');
    expect(decide(row(0.55, 0.0, 0.45), meta)).toMatchObject({ label: 'fallback', top: 'billing' });
    expect(decide(row(0.75, 0.0, 0.25), meta).label).toBe('billing');
  });

  it('lets a priority label win at its floor even when another is more probable', () => {
    const meta = {
      ...base,
      labels: ['negative', 'neutral', 'positive'],
      priority: { label: 'negative', minProbability: 0.3 },
    };
    expect(decide(row(0.31, 0.6, 0.09), meta).label).toBe('negative');
    expect(decide(row(0.29, 0.6, 0.11), meta).label).toBe('neutral');
  });
});
