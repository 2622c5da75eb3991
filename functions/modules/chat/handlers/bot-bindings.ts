import { monotonicFactory } from 'ulid';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { dynamoDbAlertRepository } from '../../alerts/adapters/dynamodb-alert-repository.js';
import { dynamoDbRuleStore } from '../../alerts/adapters/dynamodb-rule-store.js';
import { dynamoDbVehicleRegistry } from '../../fleet/adapters/dynamodb-vehicle-registry.js';
import { dynamoDbArticles } from '../../tickets/adapters/dynamodb-library-store.js';
import { alertsModuleFacts } from '../adapters/alerts-module-facts.js';
import { dynamoDbConversationStore } from '../adapters/dynamodb-conversation-store.js';
import { fleetModuleFacts } from '../adapters/fleet-module-facts.js';
import { languageModel } from '../adapters/language-model.js';
import { tenantKnowledgeBase } from '../adapters/tenant-knowledge-base.js';
import type { BotPorts } from '../use-cases/chat-ports.js';

/**
 * What the bot binds wherever it answers (WebSocket and HTTP): the chat table, the fleet's vehicle
 * registry, the alerts table (rules and alerts) and the tenant's knowledge-base articles (tickets
 * module), read-only, the NLU models and the bus. Other
 * modules' data is read only through their ports and use cases (docs/adr/0100).
 */
export const BOT_BINDINGS = {
  conversations: dynamoDbConversationStore.readWrite,
  vehicles: dynamoDbVehicleRegistry.read,
  alerts: dynamoDbAlertRepository.read,
  rules: dynamoDbRuleStore.read,
  articles: dynamoDbArticles.read,
  nlu: languageModel,
  events: eventBridgeBus,
};

/** The bot's ports over a function's deps; ids come from one monotonic ULID factory per container. */
export function botPorts(deps: DepsOf<typeof BOT_BINDINGS>): BotPorts {
  const next = monotonicFactory();
  return {
    conversations: deps.conversations,
    fleet: fleetModuleFacts(deps.vehicles, deps.clock),
    alerts: alertsModuleFacts(deps.alerts, deps.rules),
    knowledge: tenantKnowledgeBase(deps.articles, deps.clock),
    nlu: deps.nlu,
    events: deps.events,
    clock: deps.clock,
    newId: () => next(deps.clock.now().getTime()),
  };
}
