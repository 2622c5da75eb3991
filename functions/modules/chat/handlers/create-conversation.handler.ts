import { monotonicFactory } from 'ulid';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbIdempotencyStore } from '../../../platform/idempotency/dynamodb-idempotency-store.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../../alerts/adapters/dynamodb-alert-repository.js';
import { dynamoDbRuleStore } from '../../alerts/adapters/dynamodb-rule-store.js';
import { dynamoDbVehicleRegistry } from '../../fleet/adapters/dynamodb-vehicle-registry.js';
import { alertsModuleFacts } from '../adapters/alerts-module-facts.js';
import { dynamoDbConversationStore } from '../adapters/dynamodb-conversation-store.js';
import { fleetModuleFacts } from '../adapters/fleet-module-facts.js';
import { startConversation } from '../use-cases/start-conversation.js';
import { CHAT_ROUTE_ROLES, startConversationBody } from './conversation-routes.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  conversations: dynamoDbConversationStore.readWrite,
  vehicles: dynamoDbVehicleRegistry.read,
  alerts: dynamoDbAlertRepository.read,
  rules: dynamoDbRuleStore.read,
  idempotency: dynamoDbIdempotencyStore.readWrite,
};
export type CreateConversationDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/conversations` `{subject?, alertId?}` → 201 `{conversationId}`. With `alertId` the bot
 * opens with the alert's explanation; an alert of another tenant, or on a vehicle the caller
 * cannot see, is 404 ALERT_NOT_FOUND. Honours `Idempotency-Key`: the PWA's offline queue starts a
 * conversation written offline with one, so a start whose answer was lost is replayed, not repeated.
 */
export function createCreateConversationHandler(deps: CreateConversationDeps): HttpLambdaHandler {
  const next = monotonicFactory();
  const ports = {
    conversations: deps.conversations,
    fleet: fleetModuleFacts(deps.vehicles, deps.clock),
    alerts: alertsModuleFacts(deps.alerts, deps.rules),
    clock: deps.clock,
    newId: () => next(deps.clock.now().getTime()),
  };
  return httpHandler(
    { declaration: createConversation, deps, body: startConversationBody },
    async ({ identity, body, idempotencyKey }) => {
      const { conversation } = await startConversation(ports, {
        caller: identity,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(body?.subject ? { subject: body.subject } : {}),
        ...(body?.alertId ? { alertId: body.alertId } : {}),
      });
      return { statusCode: 201, body: { conversationId: conversation.conversationId } };
    },
  );
}

export const createConversation = defineFunction({
  name: 'createConversation',
  description: 'POST /v1/conversations: starts a support conversation, about an alert if given',
  entry: 'functions/modules/chat/handlers/create-conversation.lambda.ts',
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/conversations', roles: CHAT_ROUTE_ROLES, idempotent: true }],
  bindings,
  factory: createCreateConversationHandler,
});
