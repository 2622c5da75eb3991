import { decodeCursor, encodeCursor, fingerprint } from '../domain/cursor.js';
import { collectionOf, type ResultType, typeOf } from '../domain/result-types.js';
import type { SearchCollection, SearchHit, SearchIndex } from '../ports/search-index.js';

/** Deepest result a cursor may reach: OpenSearch's default `index.max_result_window`. */
export const MAX_RESULT_WINDOW = 10_000;

export interface SearchCommand {
  /** From the verified token, never from the request. */
  readonly tenantId: string;
  readonly text?: string;
  readonly types: readonly ResultType[];
  readonly severity?: string;
  readonly status?: string;
  /** Only items about this vehicle (alerts and the vehicle; the other types carry none). */
  readonly vehicleId?: string;
  /** Inclusive bounds on when the item happened (an alert's `raisedAt`). */
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly cursor?: string;
  /** A customer (not support staff): their own tickets and messages only. */
  readonly ownerId?: string;
}

/**
 * One hit: the contract's `{type, id, title, snippet, score}`, plus `at` and whichever of the
 * item's filterable fields it has, so a client can show an alert's card (severity as text and
 * shape, status, vehicle) without fetching each hit again.
 */
export interface SearchItem {
  readonly type: ResultType;
  readonly id: string;
  readonly title: string;
  readonly snippet: string;
  readonly score: number;
  /** When the item happened (an alert's `raisedAt`, a vehicle's last change), ISO 8601. */
  readonly at?: string;
  readonly severity?: string;
  readonly status?: string;
  readonly vehicleId?: string;
  /** An alert's type, e.g. `ENGINE_FAILURE`. */
  readonly alertType?: string;
  readonly assigneeId?: string;
}

/** The fields of a hit an item carries when they are strings. */
const ITEM_FIELDS = ['severity', 'status', 'vehicleId', 'alertType', 'assigneeId'] as const;

export interface SearchPage {
  readonly items: readonly SearchItem[];
  readonly facets: {
    readonly type: Readonly<Record<string, number>>;
    readonly severity: Readonly<Record<string, number>>;
    readonly status: Readonly<Record<string, number>>;
  };
  readonly nextCursor?: string;
}

/**
 * `GET /v1/search` (C9): one page of the tenant's matching items across the asked types, with
 * facet counts over every match (filters applied), and a cursor while more remain.
 */
export async function searchEverything(
  deps: { readonly search: SearchIndex },
  command: SearchCommand,
): Promise<SearchPage> {
  const { tenantId, cursor, limit, ...query } = command;
  if (query.types.length === 0) return { items: [], facets: { type: {}, severity: {}, status: {} } };
  // 1. The cursor must be this tenant's, for this very query.
  const print = fingerprint(tenantId, {
    text: query.text ?? '',
    types: [...new Set(query.types)].sort(),
    severity: query.severity ?? null,
    status: query.status ?? null,
    vehicleId: query.vehicleId ?? null,
    from: query.from?.toISOString() ?? null,
    to: query.to?.toISOString() ?? null,
    ownerId: query.ownerId ?? null,
  });
  const offset = cursor === undefined ? 0 : decodeCursor(cursor, print, MAX_RESULT_WINDOW - 1);

  // 2. One query over the types' collections, the tenant and filters in it.
  const filters: Record<string, string> = {
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.vehicleId ? { vehicleId: query.vehicleId } : {}),
  };
  const range = query.from || query.to;
  const result = await deps.search.search({
    tenantId,
    collections: query.types.map(collectionOf),
    ...(query.text ? { text: query.text } : {}),
    filters,
    ...(query.ownerId ? { scopes: { tickets: { ownerId: query.ownerId }, messages: { ownerId: query.ownerId } } } : {}),
    ...(range
      ? {
          at: {
            ...(query.from ? { gte: query.from.getTime() } : {}),
            ...(query.to ? { lte: query.to.getTime() } : {}),
          },
        }
      : {}),
    facets: ['collection', 'severity', 'status'],
    from: offset,
    size: Math.min(limit, MAX_RESULT_WINDOW - offset),
  });

  // 3. Items in the contract's shape, facets under their API names.
  const next = offset + result.hits.length;
  const more = result.hits.length > 0 && next < Math.min(result.total, MAX_RESULT_WINDOW);
  const types: Record<string, number> = {};
  for (const [collection, count] of Object.entries(result.facets.collection ?? {})) {
    types[typeOf(collection as SearchCollection)] = count;
  }
  return {
    items: result.hits.map(toItem),
    facets: { type: types, severity: result.facets.severity ?? {}, status: result.facets.status ?? {} },
    ...(more ? { nextCursor: encodeCursor(next, print) } : {}),
  };
}

function toItem(hit: SearchHit): SearchItem {
  const extra: Record<string, string> = {};
  for (const field of ITEM_FIELDS) {
    const value = hit.fields[field];
    if (typeof value === 'string' && value !== '') extra[field] = value;
  }
  const at = hit.fields.at;
  return {
    type: typeOf(hit.collection),
    id: hit.id,
    title: String(hit.fields.title ?? ''),
    snippet: String(hit.fields.snippet ?? ''),
    score: hit.score,
    ...(typeof at === 'number' && Number.isFinite(at) ? { at: new Date(at).toISOString() } : {}),
    ...extra,
  };
}
