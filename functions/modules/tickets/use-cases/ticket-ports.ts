import type { Clock } from '../../../platform/clock.js';
import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { DeliveryPorts } from '../../chat/use-cases/deliver-frames.js';
import type { SlaPolicy } from '../domain/sla.js';
import type { ConversationChannel } from '../ports/conversation-channel.js';
import type { TicketStore } from '../ports/ticket-store.js';

/** The tenant's SLA policy (its own, else the default). */
export interface SlaPolicies {
  policy(tenantId: string): Promise<SlaPolicy>;
}

/** What the ticket use cases work with. */
export interface TicketPorts {
  readonly tickets: TicketStore;
  readonly chat: ConversationChannel;
  readonly policies: SlaPolicies;
  readonly events: EventPublisher;
  readonly delivery: DeliveryPorts;
  readonly clock: Clock;
  readonly newId: () => string;
}
