import { beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex } from '../../functions/modules/search/ports/search-index.js';

/**
 * The behaviour every SearchIndex adapter must share (STYLE.md: one contract suite per port, run
 * against every adapter). The in-memory index runs it here; the OpenSearch adapter runs it where a
 * domain is reachable. `create` must return an empty index; `settle` waits for documents to become
 * searchable (OpenSearch's refresh; a no-op in memory).
 */
export function describeSearchIndexContract(
  name: string,
  create: () => Promise<SearchIndex> | SearchIndex,
  settle: (index: SearchIndex) => Promise<void> = async () => undefined,
): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;

    const alert = (tenantId: string, id: string, fields: SearchDocument['fields']): SearchDocument => ({
      tenantId,
      collection: 'alerts',
      id,
      fields,
    });

    beforeEach(async () => {
      index = await create();
      await index.upsert([
        alert('acme', 'a1', { message: 'Engine overheating on TRK-101', severity: 'HIGH', vehicleId: 'TRK-101' }),
        alert('acme', 'a2', { message: 'Low oil pressure on VAN-12', severity: 'CRITICAL', vehicleId: 'VAN-12' }),
        alert('acme', 'a3', { message: 'Battery voltage low', severity: 'MEDIUM', vehicleId: 'TRK-102' }),
        alert('acme', 'a4', {
          message: 'Engine failure: temperature and oil pressure',
          severity: 'CRITICAL',
          vehicleId: 'TRK-101',
        }),
        alert('globex', 'g1', { message: 'Engine overheating on TRK-201', severity: 'HIGH', vehicleId: 'TRK-201' }),
        { tenantId: 'acme', collection: 'vehicles', id: 'TRK-101', fields: { name: 'Volvo FH engine truck' } },
      ]);
      await settle(index);
    });

    it('finds documents by full text, only in the caller tenant and collection', async () => {
      const result = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'engine' });

      expect(result.hits.map((h) => h.id).sort()).toEqual(['a1', 'a4']);
      expect(result.total).toBe(2);
      const globex = await index.search({ tenantId: 'globex', collection: 'alerts', text: 'engine' });
      expect(globex.hits.map((h) => h.id)).toEqual(['g1']);
    });

    it('never returns another tenant’s document, whatever the query', async () => {
      for (const text of [undefined, 'TRK-201', 'overheating', 'globex']) {
        const result = await index.search({ tenantId: 'acme', collection: 'alerts', ...(text ? { text } : {}) });
        expect(result.hits.some((h) => h.id === 'g1')).toBe(false);
      }
      const unknown = await index.search({ tenantId: 'initech', collection: 'alerts', text: 'engine' });
      expect(unknown).toEqual({ total: 0, hits: [] });
    });

    it('matches with typos: one edit for short terms, two for long ones', async () => {
      const oneEdit = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'batery' });
      const twoEdits = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'overheatnig' });
      const tooFar = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'ojk' });

      expect(oneEdit.hits.map((h) => h.id)).toEqual(['a3']);
      expect(twoEdits.hits.map((h) => h.id)).toEqual(['a1']);
      expect(tooFar.hits.map((h) => h.id)).toEqual([]);
    });

    it('ranks better matches first with positive scores', async () => {
      const result = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'oil pressure' });

      expect(result.hits.map((h) => h.id).sort()).toEqual(['a2', 'a4']);
      expect(result.hits.every((h) => h.score > 0)).toBe(true);
      const scores = result.hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      const exactBeatsFuzzy = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'engine' });
      expect(exactBeatsFuzzy.hits[0]?.score).toBeGreaterThan(0);
    });

    it('applies exact filters, with or without text', async () => {
      const critical = await index.search({
        tenantId: 'acme',
        collection: 'alerts',
        filters: { severity: 'CRITICAL' },
      });
      const engineOnTruck = await index.search({
        tenantId: 'acme',
        collection: 'alerts',
        text: 'engine',
        filters: { vehicleId: 'TRK-101', severity: 'HIGH' },
      });

      expect(critical.hits.map((h) => h.id).sort()).toEqual(['a2', 'a4']);
      expect(critical.total).toBe(2);
      expect(engineOnTruck.hits.map((h) => h.id)).toEqual(['a1']);
    });

    it('pages with from/size and reports the total of all matches', async () => {
      const first = await index.search({ tenantId: 'acme', collection: 'alerts', size: 2 });
      const second = await index.search({ tenantId: 'acme', collection: 'alerts', from: 2, size: 2 });
      const beyond = await index.search({ tenantId: 'acme', collection: 'alerts', from: 10, size: 2 });

      expect(first.total).toBe(4);
      expect(first.hits).toHaveLength(2);
      expect(second.hits).toHaveLength(2);
      expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(4);
      expect(beyond).toEqual({ total: 4, hits: [] });
    });

    it('returns the stored fields with each hit', async () => {
      const result = await index.search({ tenantId: 'acme', collection: 'vehicles', text: 'volvo' });

      expect(result.hits).toEqual([
        { id: 'TRK-101', score: expect.any(Number), fields: { name: 'Volvo FH engine truck' } },
      ]);
    });

    it('replaces a document on upsert and forgets it on remove', async () => {
      await index.upsert([alert('acme', 'a3', { message: 'Battery replaced', severity: 'LOW', vehicleId: 'TRK-102' })]);
      await index.remove([{ tenantId: 'acme', collection: 'alerts', id: 'a2' }]);
      // Removing what is not there is not an error.
      await index.remove([{ tenantId: 'acme', collection: 'alerts', id: 'nope' }]);
      await settle(index);

      const battery = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'battery' });
      const all = await index.search({ tenantId: 'acme', collection: 'alerts' });

      expect(battery.hits).toEqual([
        {
          id: 'a3',
          score: expect.any(Number),
          fields: { message: 'Battery replaced', severity: 'LOW', vehicleId: 'TRK-102' },
        },
      ]);
      expect(all.hits.map((h) => h.id).sort()).toEqual(['a1', 'a3', 'a4']);
    });

    it('does not let a remove in one tenant touch another tenant’s document with the same id', async () => {
      await index.upsert([alert('globex', 'a1', { message: 'Globex engine alert' })]);
      await index.remove([{ tenantId: 'globex', collection: 'alerts', id: 'a1' }]);
      await settle(index);

      const acme = await index.search({ tenantId: 'acme', collection: 'alerts', text: 'overheating' });
      expect(acme.hits.map((h) => h.id)).toEqual(['a1']);
    });
  });
}
