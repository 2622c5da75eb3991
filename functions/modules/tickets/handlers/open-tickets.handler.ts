import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { handoffOf, heldReplyOf } from '../../chat/adapters/dynamodb-conversation-store.js';
import { CHAT_TABLE } from '../../chat/tables.js';
import { apiGatewayConnections } from '../../realtime/adapters/apigateway-connection-gateway.js';
import { dynamoDbConnectionRepository } from '../../realtime/adapters/dynamodb-connection-repository.js';
import { dynamoDbSlaPolicyStore } from '../adapters/dynamodb-sla-policy-store.js';
import { dynamoDbTicketStore } from '../adapters/dynamodb-ticket-store.js';
import { openTicket } from '../use-cases/open-ticket.js';
import { reopenOnCustomerReply } from '../use-cases/reopen-on-customer-reply.js';
import { policiesOf } from './ticket-ports.js';

const bindings = {
  tickets: dynamoDbTicketStore.readWrite,
  policies: dynamoDbSlaPolicyStore.read,
  connections: dynamoDbConnectionRepository.read,
  gateway: apiGatewayConnections,
};
export type OpenTicketsDeps = DepsOf<typeof bindings>;

/**
 * Chat table stream → the tickets queue (docs/adr/0101). The bot's hand-off is written with the
 * turn that accepts it (chat's transaction); its INSERT here becomes a ticket with its SLA clocks
 * started, and the tenant's online agents get `ticket.created`. A customer's message stored while
 * a ticket holds the conversation (chat's `heldReplyOf`) reopens that ticket if it is pending, its
 * clocks resuming (docs/adr/0056). Every other chat item is skipped; a record seen again (at least
 * once) changes nothing.
 */
export function createOpenTicketsHandler(deps: OpenTicketsDeps): StreamLambdaHandler {
  const ports = { tickets: deps.tickets, policies: policiesOf(deps.policies), delivery: deps, clock: deps.clock };
  return streamHandler({ declaration: openTickets, deps }, async (record) => {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    const handoff = handoffOf(item);
    if (handoff) {
      if (await openTicket(ports, handoff)) count(deps.metrics, 'ticketsOpened');
      return;
    }
    const reply = heldReplyOf(item);
    if (reply && (await reopenOnCustomerReply(ports, reply))) count(deps.metrics, 'ticketsReopenedByCustomer');
  });
}

export const openTickets = defineFunction({
  name: 'openTickets',
  description:
    "Chat table stream: the bot's hand-offs become tickets in the agents' queue; a customer's reply reopens a pending one",
  entry: 'functions/modules/tickets/handlers/open-tickets.lambda.ts',
  triggers: [
    { kind: 'stream', table: CHAT_TABLE, batchSize: 100, startingPosition: 'TRIM_HORIZON', eventNames: ['INSERT'] },
  ],
  bindings,
  factory: createOpenTicketsHandler,
  timeoutSeconds: 30,
});
