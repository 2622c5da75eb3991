import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbConversationStore } from '../adapters/dynamodb-conversation-store.js';
import { listConversations, listMessages } from '../use-cases/read-conversations.js';
import { CHAT_ROUTE_ROLES, conversationPath, pageQuery } from './conversation-routes.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, conversations: dynamoDbConversationStore.read };
export type ReadConversationsDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/conversations` (newest first; a customer's own, support staff the tenant's) and
 * `GET /v1/conversations/{id}/messages` (oldest first; 404 for a conversation the caller may not
 * read: another tenant's or another customer's). Both `{items, nextCursor?}`.
 */
export function createReadConversationsHandler(deps: ReadConversationsDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: readConversations, deps, query: pageQuery, path: z.record(z.string(), z.string()) },
    async ({ event, identity, query, path }) => {
      if (event.routeKey === 'GET /v1/conversations') {
        return { statusCode: 200, body: await listConversations(deps, identity, query.limit, query.cursor) };
      }
      const { id } = parseOrThrow(conversationPath, path, 'path');
      return { statusCode: 200, body: await listMessages(deps, identity, id, query.limit, query.cursor) };
    },
  );
}

export const readConversations = defineFunction({
  name: 'readConversations',
  description: 'GET /v1/conversations and GET /v1/conversations/{id}/messages: conversations and their messages',
  entry: 'functions/modules/chat/handlers/read-conversations.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/conversations', roles: CHAT_ROUTE_ROLES },
    { kind: 'http', method: 'GET', path: '/v1/conversations/{id}/messages', roles: CHAT_ROUTE_ROLES },
  ],
  bindings,
  factory: createReadConversationsHandler,
});
