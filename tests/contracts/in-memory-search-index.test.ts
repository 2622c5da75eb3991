import { describe, expect, it } from 'vitest';
import {
  allowedEdits,
  InMemorySearchIndex,
  normalizeTerm,
  tokenize,
} from '../../local/search/in-memory-search-index.js';
import { describeSearchIndexContract } from './search-index.contract.js';

describeSearchIndexContract('InMemorySearchIndex (MiniSearch)', () => new InMemorySearchIndex());

describe('InMemorySearchIndex analysis', () => {
  it('tokenizes on punctuation and underscores and folds accents, as the OpenSearch folding analyzer', () => {
    expect(tokenize('Engine TRK-101: ENGINE_FAILURE, Überhitzung!').map(normalizeTerm)).toEqual([
      'engine',
      'trk',
      '101',
      'engine',
      'failure',
      'uberhitzung',
    ]);
  });

  it('allows edits by term length as fuzziness AUTO does', () => {
    expect(allowedEdits('ab')).toBe(0);
    expect(allowedEdits('oil')).toBe(1);
    expect(allowedEdits('volts')).toBe(1);
    expect(allowedEdits('battery')).toBe(2);
  });

  it('finds a term written with or without its accents', async () => {
    const index = new InMemorySearchIndex();
    await index.upsert([
      { tenantId: 't', collection: 'vehicles', id: 'v', fields: { title: 'Camión Núñez', snippet: '', at: 0 } },
    ]);
    const hits = await index.search({ tenantId: 't', collections: ['vehicles'], text: 'camion nunez' });
    expect(hits.total).toBe(1);
  });
});
