import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbIdempotencyStore } from '../../../platform/idempotency/dynamodb-idempotency-store.js';
import { IDEMPOTENCY_DEFAULTS } from '../../../platform/idempotency/idempotency-store.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbConversationStore } from '../../chat/adapters/dynamodb-conversation-store.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { chatModuleConversations } from '../adapters/chat-module-conversations.js';
import { dynamoDbSlaPolicyStore } from '../adapters/dynamodb-sla-policy-store.js';
import { dynamoDbTicketStore } from '../adapters/dynamodb-ticket-store.js';
import { AGENT_ROLES, CUSTOMER_ROLES } from '../domain/access.js';
import { csatBody, replyBody, ticketPatchBody, ticketPath } from '../events.js';
import { changeTicket as changeTicketUseCase, type TicketChange } from '../use-cases/change-ticket.js';
import { rateTicket } from '../use-cases/rate-ticket.js';
import { replyToTicket } from '../use-cases/reply-to-ticket.js';
import type { TicketPorts } from '../use-cases/ticket-ports.js';
import { idsOn, policiesOf } from './ticket-ports.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  tickets: dynamoDbTicketStore.readWrite,
  policies: dynamoDbSlaPolicyStore.read,
  conversations: dynamoDbConversationStore.readWrite,
  events: eventBridgeBus,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
  idempotency: dynamoDbIdempotencyStore.readWrite,
};
export type ChangeTicketDeps = DepsOf<typeof bindings>;

/**
 * The ticket's writes (contract "Tickets and live agents"):
 * - `PATCH /v1/tickets/{ticketId}` `{status?, priority?, assigneeId?}` (agents): 200 with the
 *   ticket; 409 INVALID_TRANSITION for a change its status does not allow. Resolving gives the
 *   conversation back to the bot; reopening takes it again.
 * - `POST /v1/tickets/{ticketId}/replies` `{text, internal?}` (agents): 201; a public reply is a
 *   `chat.message` from `author.type: "agent"` to the customer, an internal note reaches agents only.
 *   Honours `Idempotency-Key`: a repeat of a 2xx is replayed, and a retry after a 5xx or a timeout
 *   stores no second message (the use case reuses the first attempt's reply record).
 * - `POST /v1/tickets/{ticketId}/csat` `{score: 1..5, comment?}` (the ticket's customer, once,
 *   after resolution): 201 with the rating.
 */
export function createChangeTicketHandler(deps: ChangeTicketDeps): HttpLambdaHandler {
  const ports: TicketPorts = {
    tickets: deps.tickets,
    chat: chatModuleConversations(deps.conversations),
    policies: policiesOf(deps.policies),
    events: deps.events,
    delivery: deps,
    clock: deps.clock,
    newId: idsOn(deps.clock),
  };
  return httpHandler(
    { declaration: changeTicket, deps, path: ticketPath, body: z.unknown() },
    async ({ event, identity, path, body }) => {
      if (event.routeKey === 'PATCH /v1/tickets/{ticketId}') {
        const change = parseOrThrow(ticketPatchBody, body, 'body') as TicketChange;
        return { statusCode: 200, body: await changeTicketUseCase(ports, identity, path.ticketId, change) };
      }
      if (event.routeKey === 'POST /v1/tickets/{ticketId}/replies') {
        const reply = parseOrThrow(replyBody, body, 'body');
        // Checked by the idempotency middleware already (400 when malformed).
        const requestKey = event.headers?.[IDEMPOTENCY_DEFAULTS.header]?.trim();
        const result = await replyToTicket(ports, identity, path.ticketId, {
          text: reply.text,
          ...(reply.internal ? { internal: true } : {}),
          ...(requestKey ? { requestKey } : {}),
        });
        return {
          statusCode: 201,
          body: result.internal ? { internal: true, note: result.note } : { internal: false, message: result.message },
        };
      }
      const rating = parseOrThrow(csatBody, body, 'body');
      return {
        statusCode: 201,
        body: await rateTicket(ports, identity, path.ticketId, {
          score: rating.score,
          ...(rating.comment ? { comment: rating.comment } : {}),
        }),
      };
    },
  );
}

export const changeTicket = defineFunction({
  name: 'changeTicket',
  description: 'PATCH /v1/tickets/{ticketId}, POST …/replies, POST …/csat: status, replies, notes, ratings',
  entry: 'functions/modules/tickets/handlers/change-ticket.lambda.ts',
  triggers: [
    { kind: 'http', method: 'PATCH', path: '/v1/tickets/{ticketId}', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'POST', path: '/v1/tickets/{ticketId}/replies', roles: [...AGENT_ROLES], idempotent: true },
    { kind: 'http', method: 'POST', path: '/v1/tickets/{ticketId}/csat', roles: [...CUSTOMER_ROLES] },
  ],
  bindings,
  factory: createChangeTicketHandler,
});
