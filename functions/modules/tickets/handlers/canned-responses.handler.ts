import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbConversationStore } from '../../chat/adapters/dynamodb-conversation-store.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { chatModuleConversations } from '../adapters/chat-module-conversations.js';
import { dynamoDbCannedResponses } from '../adapters/dynamodb-library-store.js';
import { dynamoDbTicketStore } from '../adapters/dynamodb-ticket-store.js';
import { fleetUserNames } from '../adapters/fleet-user-names.js';
import { AGENT_ROLES } from '../domain/access.js';
import { createCanned, deleteCanned, listCanned, replaceCanned } from '../use-cases/manage-library.js';
import { cannedBody, cannedQuery, libraryPath } from './library-routes.js';
import { idsOn } from './ticket-ports.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  canned: dynamoDbCannedResponses.readWrite,
  tickets: dynamoDbTicketStore.read,
  conversations: dynamoDbConversationStore.read,
  fleet: dynamoDbFleetRepository.read,
};
export type CannedResponsesDeps = DepsOf<typeof bindings>;

/**
 * Canned responses of the tenant's agents (contract "Tickets and live agents"):
 * `GET /v1/canned-responses?ticketId=` (with a ticket, each is also `rendered` for it: placeholders
 * `{{customer.name}}`, `{{customer.id}}`, `{{vehicle.id}}`, `{{ticket.id}}`, `{{agent.id}}`),
 * `POST` (201), `PUT /v1/canned-responses/{id}`, `DELETE` (204). An unknown placeholder is 400;
 * another tenant's id is 404.
 */
export function createCannedResponsesHandler(deps: CannedResponsesDeps): HttpLambdaHandler {
  const newId = idsOn(deps.clock);
  const now = () => deps.clock.now();
  const ports = {
    canned: deps.canned,
    tickets: deps.tickets,
    chat: chatModuleConversations(deps.conversations as never),
    people: fleetUserNames(deps.fleet),
    newId,
    now,
  };
  return httpHandler(
    {
      declaration: cannedResponses,
      deps,
      body: z.unknown(),
      query: z.record(z.string(), z.string()),
      path: z.record(z.string(), z.string()),
    },
    async ({ event, identity, body, query, path }) => {
      const method = event.requestContext.http.method;
      if (event.routeKey === 'GET /v1/canned-responses') {
        const q = parseOrThrow(cannedQuery, query, 'query');
        return {
          statusCode: 200,
          body: await listCanned(ports, identity, {
            limit: q.limit,
            ...(q.cursor ? { cursor: q.cursor } : {}),
            ...(q.ticketId ? { ticketId: q.ticketId } : {}),
          }),
        };
      }
      if (event.routeKey === 'POST /v1/canned-responses') {
        const input = parseOrThrow(cannedBody, body, 'body');
        return { statusCode: 201, body: await createCanned(ports, identity, withoutUndefined(input)) };
      }
      const { id } = parseOrThrow(libraryPath, path, 'path');
      if (method === 'DELETE') {
        await deleteCanned(ports, identity, id);
        return { statusCode: 204 };
      }
      const input = parseOrThrow(cannedBody, body, 'body');
      return { statusCode: 200, body: await replaceCanned(ports, identity, id, withoutUndefined(input)) };
    },
  );
}

function withoutUndefined<T extends { shortcut?: string | undefined }>(input: T) {
  const { shortcut, ...rest } = input;
  return { ...rest, ...(shortcut ? { shortcut } : {}) } as Omit<T, 'shortcut'> & { shortcut?: string };
}

export const cannedResponses = defineFunction({
  name: 'cannedResponses',
  description: "GET|POST /v1/canned-responses, PUT|DELETE /v1/canned-responses/{id}: agents' reusable replies",
  entry: 'functions/modules/tickets/handlers/canned-responses.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/canned-responses', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'POST', path: '/v1/canned-responses', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'PUT', path: '/v1/canned-responses/{id}', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'DELETE', path: '/v1/canned-responses/{id}', roles: [...AGENT_ROLES] },
  ],
  bindings,
  factory: createCannedResponsesHandler,
});
