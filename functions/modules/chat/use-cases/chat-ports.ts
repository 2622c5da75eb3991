import type { LanguageUnderstanding } from '../../../ml/ports/language-understanding.js';
import type { Clock } from '../../../platform/clock.js';
import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { AlertReader } from '../ports/alert-facts.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { FleetFacts } from '../ports/fleet-facts.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';

/** Everything the bot reads and writes through: chat's own store and the other modules' facts. */
export interface BotPorts {
  readonly conversations: ConversationStore;
  readonly fleet: FleetFacts;
  readonly alerts: AlertReader;
  readonly knowledge: KnowledgeBase;
  readonly nlu: LanguageUnderstanding;
  readonly events: EventPublisher;
  readonly clock: Clock;
  /** New ULIDs, increasing within the process (messages of one turn sort in the order written). */
  readonly newId: () => string;
}
