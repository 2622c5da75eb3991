import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbArticles } from '../adapters/dynamodb-library-store.js';
import { AGENT_ROLES, CUSTOMER_ROLES } from '../domain/access.js';
import {
  type ArticleInput,
  createArticle,
  deleteArticle,
  readArticle,
  replaceArticle,
} from '../use-cases/manage-library.js';
import { articleBody, articleQuery, libraryPath } from './library-routes.js';
import { idsOn } from './ticket-ports.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, articles: dynamoDbArticles.readWrite };
export type KbArticlesDeps = DepsOf<typeof bindings>;

/**
 * The tenant's knowledge base (contract "Tickets and live agents"): `GET /v1/kb/articles` and
 * `GET /v1/kb/articles/{id}` for everyone who chats, `POST`, `PUT /v1/kb/articles/{id}` and
 * `DELETE` for agents and admins. The bot answers from these articles before the seeded ones.
 */
export function createKbArticlesHandler(deps: KbArticlesDeps): HttpLambdaHandler {
  const ports = { articles: deps.articles, newId: idsOn(deps.clock), now: () => deps.clock.now() };
  return httpHandler(
    {
      declaration: kbArticles,
      deps,
      body: z.unknown(),
      query: z.record(z.string(), z.string()),
      path: z.record(z.string(), z.string()),
    },
    async ({ event, identity, body, query, path }) => {
      if (event.routeKey === 'GET /v1/kb/articles') {
        const q = parseOrThrow(articleQuery, query, 'query');
        const page = await deps.articles.list(identity.tenantId, q.limit, q.cursor);
        return { statusCode: 200, body: page };
      }
      if (event.routeKey === 'POST /v1/kb/articles') {
        const input = parseOrThrow(articleBody, body, 'body') as ArticleInput;
        return { statusCode: 201, body: await createArticle(ports, identity, input) };
      }
      const { id } = parseOrThrow(libraryPath, path, 'path');
      const method = event.requestContext.http.method;
      if (method === 'GET') return { statusCode: 200, body: await readArticle(ports, identity, id) };
      if (method === 'DELETE') {
        await deleteArticle(ports, identity, id);
        return { statusCode: 204 };
      }
      const input = parseOrThrow(articleBody, body, 'body') as ArticleInput;
      return { statusCode: 200, body: await replaceArticle(ports, identity, id, input) };
    },
  );
}

export const kbArticles = defineFunction({
  name: 'kbArticles',
  description: 'GET|POST /v1/kb/articles, GET|PUT|DELETE /v1/kb/articles/{id}: the tenant knowledge base',
  entry: 'functions/modules/tickets/handlers/kb-articles.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/kb/articles', roles: [...CUSTOMER_ROLES] },
    { kind: 'http', method: 'POST', path: '/v1/kb/articles', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'GET', path: '/v1/kb/articles/{id}', roles: [...CUSTOMER_ROLES] },
    { kind: 'http', method: 'PUT', path: '/v1/kb/articles/{id}', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'DELETE', path: '/v1/kb/articles/{id}', roles: [...AGENT_ROLES] },
  ],
  bindings,
  factory: createKbArticlesHandler,
});
