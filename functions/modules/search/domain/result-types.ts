import type { SearchCollection } from '../ports/search-index.js';

/** What `GET /v1/search` calls each collection (`types=alert,vehicle`, an item's `type`). */
export const RESULT_TYPES = ['alert', 'vehicle', 'ticket', 'message', 'article'] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

const COLLECTIONS: Readonly<Record<ResultType, SearchCollection>> = {
  alert: 'alerts',
  vehicle: 'vehicles',
  ticket: 'tickets',
  message: 'messages',
  article: 'articles',
};

/** The index collection holding a result type. */
export function collectionOf(type: ResultType): SearchCollection {
  return COLLECTIONS[type];
}

/** The result type of a collection. */
export function typeOf(collection: SearchCollection): ResultType {
  const found = RESULT_TYPES.find((type) => COLLECTIONS[type] === collection);
  if (!found) throw new Error(`No result type for collection ${collection}`);
  return found;
}
