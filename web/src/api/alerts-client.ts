import type { QueuedRequest } from '../offline/action-queue.js';
import type { AlertFilters } from './alert-filters.js';
import { apiRequest } from './http.js';
import type { Alert } from './types.js';

/** One page of a list of the contract. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** `GET /v1/alerts`: the tenant's alerts, newest first (severity, status and vehicle filters). */
export async function listAlerts(filters: AlertFilters = {}, limit = 25, cursor?: string): Promise<Page<Alert>> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.severity) query.set('severity', filters.severity);
  if (filters.status) query.set('status', filters.status);
  if (filters.vehicleId) query.set('vehicleId', filters.vehicleId);
  if (cursor) query.set('cursor', cursor);
  return apiRequest<Page<Alert>>(`/v1/alerts?${query}`);
}

/** `GET /v1/alerts/{alertId}`: one alert with its readings and history. */
export function getAlert(alertId: string): Promise<Alert> {
  return apiRequest<Alert>(alertPath(alertId));
}

/** `POST /v1/alerts/{alertId}/resolve`: answers the alert after the change (409 when already resolved). */
export function resolveAlert(alertId: string, note?: string): Promise<Alert> {
  return apiRequest<Alert>(`${alertPath(alertId)}/resolve`, { method: 'POST', body: note ? { note } : {} });
}

/** `POST /v1/alerts/{alertId}/assign`: gives the alert to a user (409 once resolved). */
export function assignAlert(alertId: string, userId: string): Promise<Alert> {
  return apiRequest<Alert>(`${alertPath(alertId)}/assign`, { method: 'POST', body: { userId } });
}

/** `POST /v1/alerts/{alertId}/notes`: adds a note to the history (allowed in every status). */
export function addAlertNote(alertId: string, text: string): Promise<Alert> {
  return apiRequest<Alert>(`${alertPath(alertId)}/notes`, { method: 'POST', body: { text } });
}

/**
 * `POST /v1/alerts/{alertId}/acknowledge` as a queued request, so it survives going offline; the
 * queue adds the Idempotency-Key that makes a replay harmless.
 */
export function acknowledgeRequest(alertId: string, note?: string): QueuedRequest {
  return {
    kind: 'alert.acknowledge',
    subject: alertId,
    method: 'POST',
    path: `${alertPath(alertId)}/acknowledge`,
    body: note ? { note } : {},
  };
}

/** One hit of `GET /v1/search`: the contract's fields, and what an alert's card needs. */
export interface SearchItem {
  readonly type: string;
  readonly id: string;
  readonly title: string;
  readonly snippet: string;
  readonly score: number;
  /** ISO 8601: an alert's `raisedAt`. */
  readonly at?: string;
  readonly severity?: string;
  readonly status?: string;
  readonly vehicleId?: string;
  readonly alertType?: string;
  readonly assigneeId?: string;
}

/** Counts per value over every match, filters applied. */
export interface SearchFacets {
  readonly type?: Readonly<Record<string, number>>;
  readonly severity?: Readonly<Record<string, number>>;
  readonly status?: Readonly<Record<string, number>>;
}

/** A page of `GET /v1/search`. */
export interface SearchPage extends Page<SearchItem> {
  readonly facets: SearchFacets;
}

/**
 * `GET /v1/search?types=alert`: the alerts matching `text` (fuzzy, prefix-aware) and the filters
 * (severity, status, vehicle, from, to), with facet counts over every match.
 */
export function searchAlerts(text: string, filters: AlertFilters, limit = 20, cursor?: string): Promise<SearchPage> {
  const query = new URLSearchParams({ types: 'alert', limit: String(limit) });
  if (text) query.set('q', text);
  if (filters.severity) query.set('severity', filters.severity);
  if (filters.status) query.set('status', filters.status);
  if (filters.vehicleId) query.set('vehicleId', filters.vehicleId);
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (cursor) query.set('cursor', cursor);
  return apiRequest<SearchPage>(`/v1/search?${query}`);
}

/** `GET /v1/search/suggest?types=alert`: alert titles completing what was typed. */
export async function suggestAlerts(text: string, limit = 8): Promise<string[]> {
  const query = new URLSearchParams({ q: text, types: 'alert', limit: String(limit) });
  const body = await apiRequest<{ suggestions: string[] }>(`/v1/search/suggest?${query}`);
  return body.suggestions;
}

function alertPath(alertId: string): string {
  return `/v1/alerts/${encodeURIComponent(alertId)}`;
}
