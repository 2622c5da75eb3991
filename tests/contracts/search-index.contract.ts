import { beforeEach, describe, expect, it } from 'vitest';
import type {
  DocumentFields,
  SearchDocument,
  SearchIndex,
  SearchQuery,
} from '../../functions/modules/search/ports/search-index.js';

/**
 * The behaviour every SearchIndex adapter must share (STYLE.md: one contract suite per port, run
 * against every adapter). The MiniSearch index runs it always; the OpenSearch adapter runs it where
 * a domain is reachable (`OPENSEARCH_URL`). `create` must return an empty index; `settle` waits for
 * documents to become searchable (OpenSearch's refresh; a no-op in memory).
 */
export function describeSearchIndexContract(
  name: string,
  create: () => Promise<SearchIndex> | SearchIndex,
  settle: (index: SearchIndex) => Promise<void> = async () => undefined,
): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    const t0 = Date.parse('2026-11-01T00:00:00.000Z');
    const hour = 3_600_000;

    const alert = (
      tenantId: string,
      id: string,
      fields: Partial<DocumentFields> & { title: string },
      version?: number,
    ): SearchDocument => ({
      tenantId,
      collection: 'alerts',
      id,
      ...(version === undefined ? {} : { version }),
      fields: { snippet: `${fields.severity ?? ''} alert`, at: t0, ...fields },
    });
    const alerts = (tenantId: string, query: Omit<SearchQuery, 'tenantId' | 'collections'> = {}) =>
      index.search({ tenantId, collections: ['alerts'], ...query });
    const ids = (result: { hits: readonly { id: string }[] }) => result.hits.map((h) => h.id);

    beforeEach(async () => {
      index = await create();
      await index.upsert([
        alert('acme', 'a1', {
          title: 'Engine overheating on TRK-101',
          severity: 'HIGH',
          status: 'open',
          vehicleId: 'TRK-101',
          at: t0 + 1 * hour,
        }),
        alert('acme', 'a2', {
          title: 'Low oil pressure on VAN-12',
          severity: 'CRITICAL',
          status: 'acknowledged',
          vehicleId: 'VAN-12',
          at: t0 + 2 * hour,
        }),
        alert('acme', 'a3', {
          title: 'Battery voltage low',
          severity: 'MEDIUM',
          status: 'open',
          vehicleId: 'TRK-102',
          at: t0 + 3 * hour,
        }),
        alert('acme', 'a4', {
          title: 'Engine failure: temperature and oil pressure',
          severity: 'CRITICAL',
          status: 'resolved',
          vehicleId: 'TRK-101',
          type: 'ENGINE_FAILURE',
          at: t0 + 4 * hour,
        }),
        alert('globex', 'g1', {
          title: 'Engine overheating on TRK-201',
          severity: 'HIGH',
          status: 'open',
          vehicleId: 'TRK-201',
        }),
        {
          tenantId: 'acme',
          collection: 'vehicles',
          id: 'TRK-101',
          fields: { title: 'Volvo FH engine truck', snippet: 'truck · TRK-101', at: t0, vehicleId: 'TRK-101' },
        },
        {
          tenantId: 'acme',
          collection: 'vehicles',
          id: 'VAN-12',
          fields: { title: 'Mercedes Sprinter', snippet: 'van · VAN-12', at: t0, vehicleId: 'VAN-12' },
        },
      ]);
      await settle(index);
    });

    it('finds documents by full text, only in the caller tenant and the asked collections', async () => {
      const result = await alerts('acme', { text: 'engine' });

      expect(ids(result).sort()).toEqual(['a1', 'a4']);
      expect(result.total).toBe(2);
      expect(result.hits.every((h) => h.collection === 'alerts')).toBe(true);
      expect(ids(await alerts('globex', { text: 'engine' }))).toEqual(['g1']);
      const both = await index.search({ tenantId: 'acme', collections: ['alerts', 'vehicles'], text: 'engine' });
      expect(both.hits.map((h) => `${h.collection}/${h.id}`).sort()).toEqual([
        'alerts/a1',
        'alerts/a4',
        'vehicles/TRK-101',
      ]);
    });

    it('never returns another tenant’s document, whatever the query', async () => {
      for (const text of [undefined, 'TRK-201', 'overheating', 'globex', 'trk']) {
        const result = await index.search({
          tenantId: 'acme',
          collections: ['alerts', 'vehicles'],
          facets: ['collection', 'severity'],
          ...(text ? { text } : {}),
        });
        expect(ids(result)).not.toContain('g1');
        // acme has one HIGH alert: a facet counting globex's would say 2.
        expect(result.facets.severity?.HIGH ?? 0).toBeLessThanOrEqual(1);
      }
      expect(
        await index.suggest({ tenantId: 'acme', collections: ['alerts'], text: 'engine overheating on trk-2' }),
      ).toEqual([]);
      const unknown = await alerts('initech', { text: 'engine', facets: ['severity'] });
      expect(unknown).toEqual({ total: 0, hits: [], facets: { severity: {} } });
    });

    it('matches with typos: one edit for short terms, two for long ones', async () => {
      expect(ids(await alerts('acme', { text: 'batery' }))).toEqual(['a3']);
      expect(ids(await alerts('acme', { text: 'overheatnig' }))).toEqual(['a1']);
      expect(ids(await alerts('acme', { text: 'voltgae' }))).toEqual(['a3']);
      expect(ids(await alerts('acme', { text: 'ojk' }))).toEqual([]);
    });

    it('matches a term with a digit exactly: an id one digit off is another vehicle', async () => {
      expect(ids(await alerts('acme', { text: 'TRK-102' }))).toEqual(['a3']);
      expect(ids(await alerts('acme', { text: 'TRK-103' }))).toEqual([]);
      expect(ids(await alerts('acme', { text: 'trk-10' })).sort()).toEqual(['a1', 'a3', 'a4']);
    });

    it('completes the last term as a prefix, as the user types', async () => {
      expect(ids(await alerts('acme', { text: 'overh' }))).toEqual(['a1']);
      expect(ids(await alerts('acme', { text: 'oil press' })).sort()).toEqual(['a2', 'a4']);
      const vans = await index.search({ tenantId: 'acme', collections: ['vehicles'], text: 'sprin' });
      expect(ids(vans)).toEqual(['VAN-12']);
    });

    it('requires every term, and ranks better matches first with positive scores', async () => {
      const result = await alerts('acme', { text: 'oil pressure' });
      const none = await alerts('acme', { text: 'battery pressure' });

      expect(ids(result).sort()).toEqual(['a2', 'a4']);
      expect(result.hits.every((h) => h.score > 0)).toBe(true);
      const scores = result.hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(none.total).toBe(0);
    });

    it('weighs a title match above a match in another field', async () => {
      await index.upsert([
        alert('acme', 'a5', { title: 'Door sensor fault', severity: 'LOW', vehicleId: 'TRK-109', status: 'open' }),
        alert('acme', 'a6', { title: 'Tyre pressure drop', severity: 'LOW', vehicleId: 'door-less', status: 'open' }),
      ]);
      await settle(index);

      const result = await alerts('acme', { text: 'door' });

      expect(ids(result)).toEqual(['a5', 'a6']);
    });

    it('applies exact filters and a date range, with or without text', async () => {
      const critical = await alerts('acme', { filters: { severity: 'CRITICAL' } });
      const engineOnTruck = await alerts('acme', {
        text: 'engine',
        filters: { vehicleId: 'TRK-101', severity: 'HIGH' },
      });
      const window = await alerts('acme', { at: { gte: t0 + 2 * hour, lte: t0 + 3 * hour } });
      const since = await alerts('acme', { text: 'oil', at: { gte: t0 + 3 * hour } });
      const vehiclesBySeverity = await index.search({
        tenantId: 'acme',
        collections: ['vehicles'],
        filters: { severity: 'HIGH' },
      });

      expect(ids(critical)).toEqual(['a4', 'a2']); // no text: newest first
      expect(critical.total).toBe(2);
      expect(ids(engineOnTruck)).toEqual(['a1']);
      expect(ids(window)).toEqual(['a3', 'a2']);
      expect(ids(since)).toEqual(['a4']);
      expect(vehiclesBySeverity.total).toBe(0);
    });

    it('applies a collection scope to that collection only', async () => {
      await index.upsert(
        ['diego', 'priya'].map((ownerId) => ({
          tenantId: 'acme',
          collection: 'messages' as const,
          id: `m-${ownerId}`,
          fields: { title: `Engine noise from ${ownerId}`, snippet: 'message', at: t0, ownerId },
        })),
      );
      await settle(index);

      const scoped = await index.search({
        tenantId: 'acme',
        collections: ['alerts', 'messages'],
        text: 'engine',
        scopes: { messages: { ownerId: 'diego' } },
      });

      expect(ids(scoped).sort()).toEqual(['a1', 'a4', 'm-diego']);
    });

    it('counts facets over every filtered match, not only the page', async () => {
      const result = await index.search({
        tenantId: 'acme',
        collections: ['alerts', 'vehicles'],
        text: 'trk',
        facets: ['collection', 'severity', 'status'],
        size: 1,
      });
      const filtered = await alerts('acme', { filters: { status: 'open' }, facets: ['severity', 'status'] });

      expect(result.hits).toHaveLength(1);
      expect(result.total).toBe(4);
      expect(result.facets).toEqual({
        collection: { alerts: 3, vehicles: 1 },
        severity: { HIGH: 1, MEDIUM: 1, CRITICAL: 1 },
        status: { open: 2, resolved: 1 },
      });
      expect(filtered.facets).toEqual({ severity: { HIGH: 1, MEDIUM: 1 }, status: { open: 2 } });
    });

    it('pages with from/size in a stable order and reports the total of all matches', async () => {
      const first = await alerts('acme', { size: 2 });
      const second = await alerts('acme', { from: 2, size: 2 });
      const beyond = await alerts('acme', { from: 10, size: 2 });
      const textFirst = await alerts('acme', { text: 'on', size: 1 });
      const textSecond = await alerts('acme', { text: 'on', from: 1, size: 1 });

      expect(first.total).toBe(4);
      expect([...ids(first), ...ids(second)]).toEqual(['a4', 'a3', 'a2', 'a1']);
      expect(beyond.total).toBe(4);
      expect(beyond.hits).toEqual([]);
      expect(textFirst.total).toBe(2);
      expect(new Set([...ids(textFirst), ...ids(textSecond)])).toEqual(new Set(['a1', 'a2']));
    });

    it('returns the stored fields with each hit', async () => {
      const result = await index.search({ tenantId: 'acme', collections: ['vehicles'], text: 'volvo' });

      expect(result.hits).toEqual([
        {
          collection: 'vehicles',
          id: 'TRK-101',
          score: expect.any(Number),
          fields: { title: 'Volvo FH engine truck', snippet: 'truck · TRK-101', at: t0, vehicleId: 'TRK-101' },
        },
      ]);
    });

    it('suggests distinct titles completing what was typed, in the asked collections only', async () => {
      await index.upsert([alert('acme', 'a7', { title: 'Engine overheating on TRK-101', severity: 'HIGH' })]);
      await settle(index);

      const engine = await index.suggest({ tenantId: 'acme', collections: ['alerts'], text: 'engine ov' });
      const typo = await index.suggest({ tenantId: 'acme', collections: ['alerts', 'vehicles'], text: 'mercdes' });
      const vehicles = await index.suggest({ tenantId: 'acme', collections: ['vehicles'], text: 'eng' });
      const one = await index.suggest({ tenantId: 'acme', collections: ['alerts'], text: 'en', size: 1 });

      expect(engine).toEqual(['Engine overheating on TRK-101']);
      expect(typo).toEqual(['Mercedes Sprinter']);
      expect(vehicles).toEqual(['Volvo FH engine truck']);
      expect(one).toHaveLength(1);
    });

    it('replaces a document on upsert and forgets it on remove', async () => {
      await index.upsert([alert('acme', 'a3', { title: 'Battery replaced', severity: 'LOW', vehicleId: 'TRK-102' })]);
      await index.remove([{ tenantId: 'acme', collection: 'alerts', id: 'a2' }]);
      // Removing what is not there is not an error.
      await index.remove([{ tenantId: 'acme', collection: 'alerts', id: 'nope' }]);
      await settle(index);

      const battery = await alerts('acme', { text: 'battery' });
      const all = await alerts('acme');

      expect(battery.hits.map((h) => h.fields)).toEqual([
        { title: 'Battery replaced', snippet: 'LOW alert', at: t0, severity: 'LOW', vehicleId: 'TRK-102' },
      ]);
      expect(ids(await alerts('acme', { text: 'voltage' }))).toEqual([]);
      expect(ids(all).sort()).toEqual(['a1', 'a3', 'a4']);
    });

    it('keeps the newer version when an older copy arrives late; an equal version overwrites', async () => {
      await index.upsert([alert('acme', 'v1', { title: 'Coolant leak', status: 'resolved' }, 3)]);
      await index.upsert([alert('acme', 'v1', { title: 'Coolant leak', status: 'open' }, 1)]);
      await index.upsert([alert('acme', 'v2', { title: 'Coolant low', status: 'open' }, 2)]);
      await index.upsert([alert('acme', 'v2', { title: 'Coolant low', status: 'acknowledged' }, 2)]);
      await settle(index);

      const result = await alerts('acme', { text: 'coolant', facets: ['status'] });

      expect(result.facets.status).toEqual({ resolved: 1, acknowledged: 1 });
    });

    it('does not let a write or remove in one tenant touch another tenant’s document with the same id', async () => {
      await index.upsert([alert('globex', 'a1', { title: 'Globex engine alert' })]);
      await index.remove([{ tenantId: 'globex', collection: 'alerts', id: 'a1' }]);
      await settle(index);

      expect(ids(await alerts('acme', { text: 'overheating' }))).toEqual(['a1']);
      expect(ids(await alerts('globex', { text: 'globex' }))).toEqual([]);
    });
  });
}
