import { beforeAll, describe, expect, it } from 'vitest';
import { alertDocument, vehicleDocument } from '../../functions/modules/search/domain/documents.js';
import {
  articleDocument,
  messageDocument,
  ticketDocument,
} from '../../functions/modules/search/domain/support-documents.js';
import type { IndexableAlert } from '../../functions/modules/search/events.js';
import { createSearchHandler } from '../../functions/modules/search/handlers/search.handler.js';
import { createSuggestHandler } from '../../functions/modules/search/handlers/suggest.handler.js';
import { InMemorySearchIndex } from '../../local/search/in-memory-search-index.js';
import { httpEvent, jsonBody } from '../support/api-gateway-events.js';
import { testBasics } from '../support/fakes.js';

type Page = {
  items: { type: string; id: string; title: string; snippet: string; score: number; vehicleId?: string }[];
  facets: Record<string, Record<string, number>>;
  nextCursor?: string;
};

const dispatcher = (tenantId: string) => ({ tenantId, userId: 'd1', roles: ['dispatcher'] });

function alert(tenantId: string, n: number, overrides: Partial<IndexableAlert> = {}): IndexableAlert {
  return {
    tenantId,
    alertId: `${tenantId}-A${String(n).padStart(2, '0')}`,
    vehicleId: `TRK-${100 + (n % 3)}`,
    type: 'ENGINE_OVERHEAT',
    severity: 'HIGH',
    status: 'open',
    message: `Engine temperature above limit on TRK-${100 + (n % 3)}`,
    raisedAt: new Date(Date.parse('2026-11-22T10:00:00.000Z') + n * 60_000).toISOString(),
    ...overrides,
  };
}

describe('GET /v1/search and /v1/search/suggest', () => {
  const index = new InMemorySearchIndex();
  const searchHandler = createSearchHandler({ ...testBasics(), search: index });
  const suggestHandler = createSuggestHandler({ ...testBasics(), search: index });
  const search = async (query: Record<string, string>, caller = dispatcher('acme')) => {
    const result = await searchHandler(httpEvent({ method: 'GET', path: '/v1/search', query, caller }));
    return {
      status: result?.statusCode,
      body: jsonBody<Page & { code?: string; details?: { path: string }[] }>(result),
    };
  };
  const suggest = async (query: Record<string, string>, caller = dispatcher('acme')) => {
    const result = await suggestHandler(httpEvent({ method: 'GET', path: '/v1/search/suggest', query, caller }));
    return { status: result?.statusCode, body: jsonBody<{ suggestions: string[]; code?: string }>(result) };
  };

  beforeAll(async () => {
    const acme = Array.from({ length: 12 }, (_, n) => alert('acme', n));
    acme.push(
      alert('acme', 20, {
        type: 'LOW_OIL_PRESSURE',
        severity: 'CRITICAL',
        status: 'acknowledged',
        message: 'Oil pressure low on VAN-12',
        vehicleId: 'VAN-12',
      }),
      alert('acme', 21, { severity: 'MEDIUM', status: 'resolved', message: 'Battery voltage low on TRK-101' }),
    );
    await index.upsert([
      ...acme.map(alertDocument),
      alertDocument(alert('globex', 1, { message: 'Globex engine overheating on GLX-1', vehicleId: 'GLX-1' })),
      vehicleDocument(
        { tenantId: 'acme', vehicleId: 'TRK-101', name: 'Volvo FH16 engine truck', type: 'truck' },
        new Date(),
      ),
      vehicleDocument(
        { tenantId: 'acme', vehicleId: 'VAN-12', name: 'Mercedes Sprinter', type: 'van', driverId: 'drv-4' },
        new Date(),
      ),
      vehicleDocument({ tenantId: 'globex', vehicleId: 'GLX-1', name: 'Globex hauler', type: 'truck' }, new Date()),
    ]);
  });

  it('finds alerts and vehicles despite a typo, with the contract item shape and facets over all matches', async () => {
    // Act
    const { status, body } = await search({ q: 'engnie', limit: '5' });

    // Assess
    expect(status).toBe(200);
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toMatchObject({
      type: expect.stringMatching(/^(alert|vehicle)$/),
      id: expect.any(String),
      title: expect.stringMatching(/engine/i),
      snippet: expect.any(String),
      score: expect.any(Number),
    });
    expect(body.facets).toEqual({
      type: { alert: 13, vehicle: 1 },
      severity: { HIGH: 12, MEDIUM: 1 },
      status: { open: 12, resolved: 1 },
    });
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('completes a prefix and narrows by type', async () => {
    const vans = await search({ q: 'sprint', types: 'vehicle' });
    const oil = await search({ q: 'oil pres', types: 'alert' });

    expect(vans.body.items.map((i) => [i.type, i.id, i.title, i.snippet])).toEqual([
      ['vehicle', 'VAN-12', 'Mercedes Sprinter', 'van · VAN-12 · driver drv-4'],
    ]);
    expect(oil.body.items.map((i) => i.id)).toEqual(['acme-A20']);
    expect(oil.body.facets.type).toEqual({ alert: 1 });
  });

  it('an alert hit carries what its card shows: severity, status, vehicle, type and when, never the readings', async () => {
    const { body } = await search({ q: 'oil pres', types: 'alert' });

    expect(body.items).toEqual([
      {
        type: 'alert',
        id: 'acme-A20',
        title: 'Oil pressure low on VAN-12',
        snippet: 'CRITICAL LOW_OIL_PRESSURE on VAN-12 · acknowledged',
        score: expect.any(Number),
        at: '2026-11-22T10:20:00.000Z',
        severity: 'CRITICAL',
        status: 'acknowledged',
        vehicleId: 'VAN-12',
        alertType: 'LOW_OIL_PRESSURE',
      },
    ]);
  });

  it('filters by vehicle: its alerts and itself, with facets over that vehicle only; a bad id is a 400', async () => {
    const van = await search({ vehicleId: 'VAN-12' });
    const truckText = await search({ q: 'engine', vehicleId: 'TRK-101', types: 'alert' });
    const otherTenant = await search({ vehicleId: 'GLX-1' });
    const bad = await search({ vehicleId: 'TRK 101' });

    expect(van.body.items.map((i) => [i.type, i.id]).sort()).toEqual([
      ['alert', 'acme-A20'],
      ['vehicle', 'VAN-12'],
    ]);
    expect(truckText.body.items.length).toBeGreaterThan(0);
    expect(truckText.body.items.every((i) => i.vehicleId === 'TRK-101')).toBe(true);
    expect(truckText.body.facets.severity).toEqual({ HIGH: 4 });
    expect(otherTenant.body.items).toEqual([]);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('filters by severity, status and a time range, with or without text', async () => {
    const critical = await search({ severity: 'CRITICAL' });
    const resolved = await search({ q: 'battery', status: 'resolved' });
    const window = await search({ types: 'alert', from: '2026-11-22T10:02:00Z', to: '2026-11-22T10:04:00.000Z' });
    const none = await search({ q: 'battery', status: 'open' });

    expect(critical.body.items.map((i) => i.id)).toEqual(['acme-A20']);
    expect(resolved.body.items.map((i) => i.id)).toEqual(['acme-A21']);
    expect(window.body.items.map((i) => i.id)).toEqual(['acme-A04', 'acme-A03', 'acme-A02']);
    expect(none.body).toEqual({ items: [], facets: { type: {}, severity: {}, status: {} } });
  });

  it('pages with a cursor through every match exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await search({ q: 'temperature', limit: '5', ...(cursor ? { cursor } : {}) });
      expect(status).toBe(200);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('never shows another tenant’s documents, nor counts them in facets or suggestions', async () => {
    const acme = await search({ q: 'globex' });
    const globex = await search({ q: 'engine' }, dispatcher('globex'));
    const globexAll = await search({}, dispatcher('globex'));
    const acmeSuggest = await suggest({ q: 'globex' });
    const globexSuggest = await suggest({ q: 'merc' }, dispatcher('globex'));

    expect(acme.body.items).toEqual([]);
    expect(globex.body.items.map((i) => i.id)).toEqual(['globex-A01']);
    expect(globexAll.body.facets.type).toEqual({ alert: 1, vehicle: 1 });
    expect(acmeSuggest.body).toEqual({ suggestions: [] });
    expect(globexSuggest.body).toEqual({ suggestions: [] });
  });

  it('answers 400 INVALID_CURSOR for a garbled cursor, another tenant’s, or one from another query', async () => {
    const first = await search({ q: 'temperature', limit: '2' });
    const cursor = first.body.nextCursor as string;

    const garbled = await search({ q: 'temperature', cursor: 'not-a-cursor' });
    const otherTenant = await search({ q: 'temperature', cursor }, dispatcher('globex'));
    const otherQuery = await search({ q: 'battery', cursor });
    const sameQueryOtherLimit = await search({ q: 'temperature', limit: '3', cursor });

    for (const answer of [garbled, otherTenant, otherQuery]) {
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('INVALID_CURSOR');
    }
    expect(sameQueryOtherLimit.status).toBe(200);
  });

  it.each([
    [{ types: 'alert,spaceship' }, 'query.types.1'],
    [{ from: 'yesterday' }, 'query.from'],
    [{ to: '2026-13-01T00:00:00Z' }, 'query.to'],
    [{ from: '2026-11-23T00:00:00Z', to: '2026-11-22T00:00:00Z' }, 'query.from'],
    [{ limit: '0' }, 'query.limit'],
    [{ limit: '101' }, 'query.limit'],
    [{ limit: 'ten' }, 'query.limit'],
    [{ severity: 'URGENT' }, 'query.severity'],
    [{ status: 'sleeping' }, 'query.status'],
    [{ q: 'x'.repeat(201) }, 'query.q'],
  ])('answers 400 VALIDATION_FAILED for %o', async (query, path) => {
    const { status, body } = await search(query);

    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details?.map((d) => d.path)).toContain(path);
  });

  it('suggests distinct titles completing the typed text, a typo tolerated', async () => {
    const engine = await suggest({ q: 'engine temp' });
    const merc = await suggest({ q: 'mercdes spr' });
    const few = await suggest({ q: 'en', limit: '2' });

    expect(engine.body.suggestions.sort()).toEqual([
      'Engine temperature above limit on TRK-100',
      'Engine temperature above limit on TRK-101',
      'Engine temperature above limit on TRK-102',
    ]);
    expect(merc.body).toEqual({ suggestions: ['Mercedes Sprinter'] });
    expect(few.body.suggestions).toHaveLength(2);
  });

  it('answers 400 for a suggest without text, and 403 for a role that may not search', async () => {
    const empty = await suggest({ q: '  ' });
    const missing = await suggest({});
    const partner = await search({ q: 'engine' }, { tenantId: 'acme', userId: 'p1', roles: ['partner'] });

    expect([empty.status, missing.status]).toEqual([400, 400]);
    expect(partner.status).toBe(403);
  });

  it("lets a driver search their own chat messages and tickets, and nothing else of the tenant's", async () => {
    // Prepare: acme's driver drv-4 and driver drv-5 each have a conversation and a ticket about the engine
    const driver = (userId: string) => ({ tenantId: 'acme', userId, roles: ['driver'] });
    const support = (ownerId: string, n: number) => [
      messageDocument(
        {
          tenantId: 'acme',
          conversationId: `C-${ownerId}`,
          messageId: `M-${ownerId}-${n}`,
          author: { type: 'user', id: ownerId },
          text: `The engine of my truck makes a noise (${ownerId})`,
          sentAt: '2026-11-22T11:00:00.000Z',
        },
        ownerId,
      ),
      ticketDocument({
        tenantId: 'acme',
        ticketId: `T-${ownerId}`,
        customerId: ownerId,
        subject: `Engine noise (${ownerId})`,
        status: 'open',
        priority: 'normal',
        createdAt: '2026-11-22T11:01:00.000Z',
        text: 'the engine makes a noise',
      }),
    ];
    await index.upsert([
      ...support('drv-4', 1),
      ...support('drv-5', 1),
      articleDocument({
        tenantId: 'acme',
        articleId: 'KB-1',
        title: 'Engine noises explained',
        body: 'An engine noise can mean…',
        updatedAt: '2026-11-22T09:00:00.000Z',
      }),
    ]);

    // Act
    const all = await search({ q: 'engine', limit: '50' }, driver('drv-4'));
    const alertsOnly = await search({ q: 'engine', types: 'alert,vehicle' }, driver('drv-4'));
    const agents = await search({ q: 'engine', types: 'ticket', limit: '50' }, { ...driver('a1'), roles: ['agent'] });

    // Assess
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => `${i.type}:${i.id}`).sort()).toEqual(['message:M-drv-4-1', 'ticket:T-drv-4']);
    expect(all.body.facets.type).toEqual({ message: 1, ticket: 1 });
    expect(alertsOnly).toMatchObject({ status: 200, body: { items: [] } });
    expect(agents.body.items.map((i) => i.id).sort()).toEqual(['T-drv-4', 'T-drv-5']);
  });
});
