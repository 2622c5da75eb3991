import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbAlertRepository } from '../../alerts/adapters/dynamodb-alert-repository.js';
import { dynamoDbConversationStore } from '../../chat/adapters/dynamodb-conversation-store.js';
import { dynamoDbVehicleRegistry } from '../../fleet/adapters/dynamodb-vehicle-registry.js';
import { chatModuleConversations } from '../adapters/chat-module-conversations.js';
import { dynamoDbTicketStore } from '../adapters/dynamodb-ticket-store.js';
import { fleetAndAlertsContext } from '../adapters/fleet-and-alerts-context.js';
import { AGENT_ROLES, CUSTOMER_ROLES } from '../domain/access.js';
import type { TicketPriority, TicketStatus } from '../domain/ticket.js';
import { ticketListQuery, ticketPath } from '../events.js';
import { listTickets, readTicket } from '../use-cases/read-tickets.js';
import { similarTickets } from '../use-cases/similar-tickets.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  tickets: dynamoDbTicketStore.read,
  conversations: dynamoDbConversationStore.read,
  vehicles: dynamoDbVehicleRegistry.read,
  alerts: dynamoDbAlertRepository.read,
};
export type ReadTicketsDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/tickets?status=&priority=&assigneeId=&q=&limit=&cursor=` (agents: the tenant's queue,
 * newest first; a customer: their own tickets), `GET /v1/tickets/{ticketId}` (the ticket, its
 * transcript — with internal notes for agents — and, for agents, the customer's vehicles, open
 * alerts and past tickets) and `GET /v1/tickets/{ticketId}/similar` (agents: resolved tickets like
 * it). A ticket the caller may not see is 404 TICKET_NOT_FOUND.
 */
export function createReadTicketsHandler(deps: ReadTicketsDeps): HttpLambdaHandler {
  const ports = {
    tickets: deps.tickets,
    chat: chatModuleConversations(deps.conversations as never),
    customers: fleetAndAlertsContext(deps.vehicles, deps.alerts),
    clock: deps.clock,
  };
  return httpHandler(
    { declaration: readTickets, deps, query: z.record(z.string(), z.string()), path: z.record(z.string(), z.string()) },
    async ({ event, identity, query, path }) => {
      if (event.routeKey === 'GET /v1/tickets') {
        const q = parseOrThrow(ticketListQuery, query, 'query');
        return {
          statusCode: 200,
          body: await listTickets(ports, identity, {
            ...q,
            status: q.status as TicketStatus | undefined,
            priority: q.priority as TicketPriority | undefined,
          } as never),
        };
      }
      const { ticketId } = parseOrThrow(ticketPath, path, 'path');
      if (event.routeKey === 'GET /v1/tickets/{ticketId}/similar') {
        return { statusCode: 200, body: await similarTickets(ports, identity, ticketId) };
      }
      return { statusCode: 200, body: await readTicket(ports, identity, ticketId) };
    },
  );
}

export const readTickets = defineFunction({
  name: 'readTickets',
  description: 'GET /v1/tickets, /v1/tickets/{ticketId}, /v1/tickets/{ticketId}/similar: the queue and a ticket',
  entry: 'functions/modules/tickets/handlers/read-tickets.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/tickets', roles: [...CUSTOMER_ROLES] },
    { kind: 'http', method: 'GET', path: '/v1/tickets/{ticketId}', roles: [...CUSTOMER_ROLES] },
    { kind: 'http', method: 'GET', path: '/v1/tickets/{ticketId}/similar', roles: [...AGENT_ROLES] },
  ],
  bindings,
  factory: createReadTicketsHandler,
});
