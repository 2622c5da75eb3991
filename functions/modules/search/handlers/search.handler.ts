import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import { searchScope } from '../domain/search-scope.js';
import { searchEverything } from '../use-cases/search-everything.js';
import { SEARCH_ROLES, searchQuery } from './search-params.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, search: openSearchIndex };
export type SearchDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/search`: fuzzy, prefix-aware search over the caller's tenant's alerts, vehicles,
 * tickets, messages and articles, filtered, faceted, cursor-paginated. The tenant comes from the
 * token only; a caller who is not support staff (agent, admin) finds only their own tickets and
 * the messages of their own conversations, and a driver nothing else (see `searchScope`).
 */
export function createSearchHandler(deps: SearchDeps): HttpLambdaHandler {
  return httpHandler({ declaration: search, deps, query: searchQuery }, async ({ identity, query }) => {
    const { q, types, ...rest } = query;
    const text = q?.trim();
    const scope = searchScope(identity, types);
    const page = await searchEverything(deps, {
      tenantId: identity.tenantId,
      ...rest,
      types: scope.types,
      ...(text ? { text } : {}),
      ...(scope.ownerId ? { ownerId: scope.ownerId } : {}),
    });
    return { statusCode: 200, body: page };
  });
}

export const search = defineFunction({
  name: 'search',
  description: 'GET /v1/search: fuzzy, prefix-aware, faceted search over alerts, vehicles, tickets, messages, articles',
  entry: 'functions/modules/search/handlers/search.lambda.ts',
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/search', roles: [...SEARCH_ROLES] }],
  bindings,
  factory: createSearchHandler,
});
