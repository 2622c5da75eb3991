import { matchesFilters } from '../api/alert-filters.js';
import { getAlert, listAlerts, type SearchFacets, type SearchItem, searchAlerts } from '../api/alerts-client.js';
import { ApiError, NetworkError } from '../api/http.js';
import type { Alert } from '../api/types.js';
import { loadView, saveView } from '../offline/alert-cache.js';
import { appStore, ownerOf } from './app-state.js';
import { type InboxQuery, isUnfiltered, routeFor } from './inbox-query.js';
import { createStore } from './store.js';

/** Page sizes of the two routes (the list route's default is 25, the search route's 20). */
const LIST_PAGE = 25;
const SEARCH_PAGE = 20;

/**
 * The inbox beyond its alerts: the alerts themselves stay in `appStore.recentAlerts`, where the
 * offline copy, the live frames and the detail view already find them.
 */
export interface InboxState {
  /** The query the shown alerts answer. */
  readonly query: InboxQuery;
  readonly route: 'list' | 'search';
  readonly nextCursor?: string;
  /** Counts per severity and status, from the search route. */
  readonly facets?: SearchFacets;
  readonly loadingMore: boolean;
  readonly moreError?: string;
  /** Alerts raised since the search ran: a search cannot tell whether they match until it runs again. */
  readonly raisedSince: number;
}

/** The inbox's store. */
export const inboxStore = createStore<InboxState>({ query: {}, route: 'list', loadingMore: false, raisedSince: 0 });

let generation = 0;

/** Forgets the inbox's query, pages and counts (sign-out); a load still under way is ignored. */
export function resetInbox(): void {
  generation++;
  inboxStore.set({
    query: {},
    route: 'list',
    nextCursor: undefined,
    facets: undefined,
    loadingMore: false,
    moreError: undefined,
    raisedSince: 0,
  });
}

/**
 * Loads the first page for `query` (the URL's), replacing what is shown. Offline, or when the API
 * cannot be reached, the saved copy filtered the same way. A newer call wins over a slower older one.
 */
export async function loadInbox(query: InboxQuery = inboxStore.get().query): Promise<void> {
  const { session } = appStore.get();
  if (!session) return;
  const mine = ++generation;
  const owner = ownerOf(session);
  inboxStore.set({
    query,
    route: routeFor(query),
    nextCursor: undefined,
    facets: undefined,
    moreError: undefined,
    raisedSince: 0,
  });
  appStore.set({ recentSource: 'loading', recentError: undefined });
  try {
    if (!navigator.onLine) throw new NetworkError('offline');
    const page = await fetchPage(query);
    if (mine !== generation) return;
    const savedAt = Date.now();
    appStore.set({ recentAlerts: page.alerts, recentSource: 'network', dataSavedAt: savedAt });
    inboxStore.set({ nextCursor: page.nextCursor, facets: page.facets });
    // The unfiltered list is "what the user last saw"; anything narrower only adds to it.
    await saveView(owner, page.alerts, savedAt, isUnfiltered(query));
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof NetworkError) {
      const cached = await loadView(owner);
      appStore.set({
        recentAlerts: cached.alerts.filter((a) => matchesFilters(a, query) && matchesText(a, query.q)),
        recentSource: 'cache',
        dataSavedAt: cached.savedAt,
      });
      if (appStore.get().liveAlerts.length === 0) {
        appStore.set({ liveAlerts: cached.alerts.filter((a) => a.status === 'open').slice(0, 5) });
      }
    } else {
      appStore.set({ recentSource: 'error', recentError: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** Appends the next page ("Load more"); returns how many alerts it added. */
export async function loadMoreInbox(): Promise<number> {
  const { nextCursor, query, loadingMore } = inboxStore.get();
  const { session } = appStore.get();
  if (!nextCursor || loadingMore || !session) return 0;
  const mine = generation;
  inboxStore.set({ loadingMore: true, moreError: undefined });
  try {
    const page = await fetchPage(query, nextCursor);
    if (mine !== generation) return 0;
    const shown = new Set(appStore.get().recentAlerts.map((a) => a.alertId));
    const added = page.alerts.filter((a) => !shown.has(a.alertId));
    appStore.set((s) => ({ recentAlerts: [...s.recentAlerts, ...added] }));
    inboxStore.set({ nextCursor: page.nextCursor, loadingMore: false });
    await saveView(ownerOf(session), added, Date.now(), false);
    return added.length;
  } catch (error) {
    if (mine === generation) {
      inboxStore.set({ loadingMore: false, moreError: error instanceof Error ? error.message : String(error) });
    }
    return 0;
  }
}

/**
 * A live `alert.raised` or `alert.updated` frame: an alert already shown is replaced where it is (or
 * leaves when it no longer passes the filters); a list-route inbox takes in a new match at its place
 * by time. A search cannot judge text relevance here, so it only counts what was raised since.
 */
export function applyAlertToInbox(type: 'alert.raised' | 'alert.updated', alert: Alert): void {
  const { query, route, nextCursor } = inboxStore.get();
  const list = appStore.get().recentAlerts;
  const index = list.findIndex((a) => a.alertId === alert.alertId);
  const matches = matchesFilters(alert, query);
  let next: readonly Alert[] = list;
  if (index >= 0) {
    next = matches ? list.map((a, i) => (i === index ? alert : a)) : list.filter((_, i) => i !== index);
  } else if (matches && route === 'list') {
    // Newest first: it belongs before the first older alert; past the last loaded page it comes
    // with "Load more", so it is not inserted at the end while a next page exists.
    const at = list.findIndex((a) => a.raisedAt < alert.raisedAt);
    if (at >= 0) next = [...list.slice(0, at), alert, ...list.slice(at)];
    else if (!nextCursor) next = [...list, alert];
  } else if (matches && type === 'alert.raised') {
    inboxStore.set((s) => ({ raisedSince: s.raisedSince + 1 }));
  }
  if (next !== list) appStore.set({ recentAlerts: next });
}

interface InboxPage {
  readonly alerts: Alert[];
  readonly nextCursor?: string | undefined;
  readonly facets?: SearchFacets | undefined;
}

async function fetchPage(query: InboxQuery, cursor?: string): Promise<InboxPage> {
  if (routeFor(query) === 'list') {
    const page = await listAlerts(query, LIST_PAGE, cursor);
    return { alerts: page.items, nextCursor: page.nextCursor };
  }
  const page = await searchAlerts(query.q ?? '', query, SEARCH_PAGE, cursor);
  // A hit carries what a card shows; only a hit without it (an older index) is fetched whole.
  const alerts = await Promise.all(
    page.items
      .filter((item) => item.type === 'alert')
      .map((item) => Promise.resolve(alertOfHit(item) ?? fetchAlert(item.id))),
  );
  return {
    alerts: alerts.filter((a): a is Alert => a !== undefined),
    nextCursor: page.nextCursor,
    facets: page.facets,
  };
}

/** The card's alert from a search hit (no readings or history: the detail view fetches those). */
function alertOfHit(item: SearchItem): Alert | undefined {
  const { severity, status, vehicleId, alertType, at } = item;
  if (!severity || !status || !vehicleId || !alertType || !at) return undefined;
  return {
    alertId: item.id,
    vehicleId,
    type: alertType,
    severity: severity as Alert['severity'],
    status: status as Alert['status'],
    message: item.title,
    raisedAt: at,
    ...(item.assigneeId ? { assigneeId: item.assigneeId } : {}),
  };
}

async function fetchAlert(alertId: string): Promise<Alert | undefined> {
  try {
    return await getAlert(alertId);
  } catch (error) {
    // Indexed but gone (or not yet readable): leave it out rather than fail the page.
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Offline stand-in for the search: every word appears in the alert's type, vehicle or message. */
function matchesText(alert: Alert, text: string | undefined): boolean {
  if (!text) return true;
  const haystack = `${alert.type} ${alert.vehicleId} ${alert.message}`.toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}
