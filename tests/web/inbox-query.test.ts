import { describe, expect, it } from 'vitest';
import { matchesFilters } from '../../web/src/api/alert-filters.js';
import type { Alert } from '../../web/src/api/types.js';
import {
  inboxHref,
  isUnfiltered,
  parseInboxQuery,
  routeFor,
  sameQuery,
  withFilter,
} from '../../web/src/state/inbox-query.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  alertId: '01JD0000000000000000000000',
  vehicleId: 'TRK-101',
  type: 'SPEEDING',
  severity: 'MEDIUM',
  status: 'open',
  message: 'TRK-101 is speeding: 131 km/h.',
  raisedAt: '2026-12-02T10:00:00.000Z',
  ...over,
});

/** The alert inbox's URL-held query (docs/adr/0095-alert-inbox.md) and the filters it applies offline. */
describe('alert inbox query', () => {
  it('round-trips through the URL in one canonical order', () => {
    // Prepare
    const search = '?to=2026-12-02T12:00:00Z&vehicle=TRK-101&status=open&q=engine+failure&severity=CRITICAL';
    // Act
    const query = parseInboxQuery(search);
    // Assess
    expect(query).toEqual({
      q: 'engine failure',
      severity: 'CRITICAL',
      status: 'open',
      vehicleId: 'TRK-101',
      to: '2026-12-02T12:00:00.000Z',
    });
    expect(inboxHref(query)).toBe(
      '/alerts?q=engine+failure&severity=CRITICAL&status=open&vehicle=TRK-101&to=2026-12-02T12%3A00%3A00.000Z',
    );
    expect(parseInboxQuery(new URL(inboxHref(query), 'http://x').search)).toEqual(query);
  });

  it('drops values that do not exist instead of failing (a stale or hand-edited link)', () => {
    expect(parseInboxQuery('?severity=URGENT&status=closed&from=yesterday&q=%20%20')).toEqual({});
    expect(parseInboxQuery('?severity=high&status=Resolved')).toEqual({ severity: 'HIGH', status: 'resolved' });
    expect(inboxHref({})).toBe('/alerts');
    expect(isUnfiltered(parseInboxQuery(''))).toBe(true);
  });

  it('sends text and time ranges to the search route, everything else to the list route', () => {
    expect(routeFor({})).toBe('list');
    expect(routeFor({ severity: 'LOW', status: 'open', vehicleId: 'VAN-12' })).toBe('list');
    expect(routeFor({ q: 'oil' })).toBe('search');
    expect(routeFor({ from: '2026-12-01T00:00:00.000Z' })).toBe('search');
  });

  it('toggles one filter and keeps the rest (facets)', () => {
    const query = { q: 'oil', status: 'open' as const };
    const on = withFilter(query, 'severity', 'HIGH');
    expect(on).toEqual({ q: 'oil', status: 'open', severity: 'HIGH' });
    expect(withFilter(on, 'severity', undefined)).toEqual(query);
    expect(sameQuery(withFilter(on, 'severity', undefined), query)).toBe(true);
  });

  it('filters the offline copy as the server would, the time range included', () => {
    const a = alert();
    expect(matchesFilters(a, {})).toBe(true);
    expect(matchesFilters(a, { severity: 'MEDIUM', status: 'open', vehicleId: 'TRK-101' })).toBe(true);
    expect(matchesFilters(a, { vehicleId: 'TRK-102' })).toBe(false);
    expect(matchesFilters(a, { status: 'acknowledged' })).toBe(false);
    expect(matchesFilters(a, { from: '2026-12-02T10:00:00Z', to: '2026-12-02T10:00:00Z' })).toBe(true);
    expect(matchesFilters(a, { from: '2026-12-02T10:00:01Z' })).toBe(false);
    expect(matchesFilters(a, { to: '2026-12-02T09:59:59Z' })).toBe(false);
  });
});
