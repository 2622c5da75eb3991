import { collectionOf, type ResultType } from '../domain/result-types.js';
import type { SearchIndex } from '../ports/search-index.js';

export interface SuggestCommand {
  /** From the verified token, never from the request. */
  readonly tenantId: string;
  readonly text: string;
  readonly types: readonly ResultType[];
  readonly limit: number;
}

/** `GET /v1/search/suggest` (C9): titles of the tenant's items completing what was typed. */
export async function suggestTitles(
  deps: { readonly search: SearchIndex },
  command: SuggestCommand,
): Promise<{ suggestions: string[] }> {
  const suggestions = await deps.search.suggest({
    tenantId: command.tenantId,
    collections: command.types.map(collectionOf),
    text: command.text,
    size: command.limit,
  });
  return { suggestions };
}
