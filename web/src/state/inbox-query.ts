import type { AlertFilters } from '../api/alert-filters.js';
import { ALERT_STATUSES, type AlertStatus, SEVERITIES, type Severity } from '../api/types.js';

/** What the alert inbox shows: free text and filters. It lives in the URL (docs/adr/0095). */
export interface InboxQuery extends AlertFilters {
  readonly q?: string | undefined;
}

/** The URL parameters, in the order they are written. */
const PARAMS = ['q', 'severity', 'status', 'vehicle', 'from', 'to'] as const;

/**
 * Reads the inbox query from a `location.search`. Anything that is not a valid value (a severity
 * that does not exist, a date that does not parse) is dropped, so a hand-edited or stale link shows
 * the inbox with the filters that make sense rather than an error.
 */
export function parseInboxQuery(search: string): InboxQuery {
  const params = new URLSearchParams(search);
  const text = (name: string, max: number) => {
    const value = params.get(name)?.trim();
    return value ? value.slice(0, max) : undefined;
  };
  const instant = (name: string) => {
    const value = params.get(name);
    const ms = value ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  };
  const severity = params.get('severity')?.toUpperCase();
  const status = params.get('status')?.toLowerCase();
  return compact({
    q: text('q', 200),
    severity: (SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as Severity) : undefined,
    status: (ALERT_STATUSES as readonly string[]).includes(status ?? '') ? (status as AlertStatus) : undefined,
    vehicleId: text('vehicle', 64),
    from: instant('from'),
    to: instant('to'),
  });
}

/** The inbox's address for a query: `/alerts`, or `/alerts?q=…&severity=…` (canonical order). */
export function inboxHref(query: InboxQuery): string {
  const params = new URLSearchParams();
  const values: Record<(typeof PARAMS)[number], string | undefined> = {
    q: query.q,
    severity: query.severity,
    status: query.status,
    vehicle: query.vehicleId,
    from: query.from,
    to: query.to,
  };
  for (const name of PARAMS) {
    const value = values[name];
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return search ? `/alerts?${search}` : '/alerts';
}

/** True when both queries ask for the same thing. */
export function sameQuery(a: InboxQuery, b: InboxQuery): boolean {
  return inboxHref(a) === inboxHref(b);
}

/** True when nothing narrows the inbox: the list is "what the user last saw" for the offline copy. */
export function isUnfiltered(query: InboxQuery): boolean {
  return inboxHref(query) === '/alerts';
}

/**
 * Which API answers a query. `GET /v1/alerts` returns whole alerts newest first and filters by
 * severity, status and vehicle, but knows no text and no time range; `GET /v1/search` knows all of
 * those and facets. Text or a time range therefore needs the search route.
 */
export function routeFor(query: InboxQuery): 'list' | 'search' {
  return query.q || query.from || query.to ? 'search' : 'list';
}

/** The query without one filter, or with it set to `value` (a facet toggle). */
export function withFilter<K extends keyof InboxQuery>(query: InboxQuery, key: K, value: InboxQuery[K]): InboxQuery {
  return compact({ ...query, [key]: value });
}

function compact(query: InboxQuery): InboxQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as InboxQuery;
}
