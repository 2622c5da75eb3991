import { describe, expect, it } from 'vitest';
import { allowedEdits, isPrefixTerm, tokenize } from '../../functions/modules/search/domain/query-terms.js';
import { InMemorySearchIndex, normalizeTerm } from '../../local/search/in-memory-search-index.js';
import { describeSearchIndexContract } from './search-index.contract.js';

describeSearchIndexContract('InMemorySearchIndex (MiniSearch)', () => new InMemorySearchIndex());

describe('search term rules', () => {
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

  it('allows edits by term length as fuzziness AUTO does, none for a term with a digit', () => {
    expect(allowedEdits('ab')).toBe(0);
    expect(allowedEdits('oil')).toBe(1);
    expect(allowedEdits('volts')).toBe(1);
    expect(allowedEdits('battery')).toBe(2);
    expect(allowedEdits('101')).toBe(0);
    expect(allowedEdits('fh16x')).toBe(0);
  });

  it('expands only the last term, never a lone digit', () => {
    expect(['engine', 'ov'].map((t, i, all) => isPrefixTerm(t, i, all))).toEqual([false, true]);
    expect(isPrefixTerm('f', 1, ['low', 'f'])).toBe(true);
    expect(isPrefixTerm('1', 1, ['trk', '1'])).toBe(false);
    expect(isPrefixTerm('14', 1, ['trk', '14'])).toBe(true);
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
