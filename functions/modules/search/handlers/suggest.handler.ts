import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { isAgent } from '../../tickets/domain/access.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import { suggestTitles } from '../use-cases/suggest-titles.js';
import { SUGGEST_ROLES, suggestQuery } from './search-params.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, search: openSearchIndex };
export type SuggestDeps = DepsOf<typeof bindings>;

/** `GET /v1/search/suggest`: autocomplete from the titles of the caller's tenant's items. */
export function createSuggestHandler(deps: SuggestDeps): HttpLambdaHandler {
  return httpHandler({ declaration: suggest, deps, query: suggestQuery }, async ({ identity, query }) => {
    const { q: text, types, limit } = query;
    // Titles of tickets and messages are customers' words: only support staff get them suggested.
    const allowed = isAgent(identity) ? types : types.filter((t) => t !== 'ticket' && t !== 'message');
    if (allowed.length === 0) return { statusCode: 200, body: { suggestions: [] } };
    const body = await suggestTitles(deps, { tenantId: identity.tenantId, text, types: allowed, limit });
    return { statusCode: 200, body };
  });
}

export const suggest = defineFunction({
  name: 'suggestSearch',
  description: 'GET /v1/search/suggest: autocomplete titles of the tenant alerts and vehicles',
  entry: 'functions/modules/search/handlers/suggest.lambda.ts',
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/search/suggest', roles: [...SUGGEST_ROLES] }],
  bindings,
  factory: createSuggestHandler,
});
