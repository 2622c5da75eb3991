import { describe, expect, it } from 'vitest';
import {
  allowedEdits,
  editDistance,
  InMemorySearchIndex,
  tokenize,
} from '../../local/search/in-memory-search-index.js';
import { describeSearchIndexContract } from './search-index.contract.js';

describeSearchIndexContract('InMemorySearchIndex', () => new InMemorySearchIndex());

describe('InMemorySearchIndex internals', () => {
  it('tokenizes like the standard analyzer and folds accents', () => {
    expect(tokenize('Engine TRK-101: Überhitzung!')).toEqual(['engine', 'trk', '101', 'uberhitzung']);
  });

  it('counts an adjacent transposition as one edit, as OpenSearch does', () => {
    expect(editDistance('overheating', 'overheatnig')).toBe(1);
    expect(editDistance('oil', 'oel')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(allowedEdits('ab')).toBe(0);
    expect(allowedEdits('oil')).toBe(1);
    expect(allowedEdits('battery')).toBe(2);
  });

  it('completes a prefix for autocomplete', async () => {
    const index = new InMemorySearchIndex();
    await index.upsert([{ tenantId: 't', collection: 'vehicles', id: 'v', fields: { name: 'Mercedes Sprinter' } }]);
    expect((await index.search({ tenantId: 't', collection: 'vehicles', text: 'sprin' })).total).toBe(1);
  });
});
