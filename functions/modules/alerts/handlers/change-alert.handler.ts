import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbIdempotencyStore } from '../../../platform/idempotency/dynamodb-idempotency-store.js';
import { count } from '../../../platform/observability/observability.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import type { LifecycleCommand } from '../domain/lifecycle.js';
import { changeAlert as changeAlertUseCase } from '../use-cases/change-alert.js';
import { ALERT_HANDLERS, ALERT_READERS, alertPath, assignBody, noteBody, optionalNoteBody } from './alert-routes.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  alerts: dynamoDbAlertRepository.readWrite,
  events: eventBridgeBus,
  idempotency: dynamoDbIdempotencyStore.readWrite,
};
export type ChangeAlertDeps = DepsOf<typeof bindings>;

/** Per route: its body schema and the command it makes (who and when come from the token and the clock). */
const ROUTES = {
  'POST /v1/alerts/{alertId}/acknowledge': {
    body: optionalNoteBody,
    command: (b: { note?: string } | undefined, by: string, at: string): LifecycleCommand => ({
      action: 'acknowledge',
      by,
      at,
      ...(b?.note ? { note: b.note } : {}),
    }),
  },
  'POST /v1/alerts/{alertId}/resolve': {
    body: optionalNoteBody,
    command: (b: { note?: string } | undefined, by: string, at: string): LifecycleCommand => ({
      action: 'resolve',
      by,
      at,
      ...(b?.note ? { note: b.note } : {}),
    }),
  },
  'POST /v1/alerts/{alertId}/assign': {
    body: assignBody,
    command: (b: { userId: string }, by: string, at: string): LifecycleCommand => ({
      action: 'assign',
      by,
      at,
      userId: b.userId,
    }),
  },
  'POST /v1/alerts/{alertId}/notes': {
    body: noteBody,
    command: (b: { text: string }, by: string, at: string): LifecycleCommand => ({
      action: 'note',
      by,
      at,
      text: b.text,
    }),
  },
} as const;

type Route = keyof typeof ROUTES;

/**
 * `POST /v1/alerts/{alertId}/acknowledge|resolve|assign|notes` (C6): validates the route's body and
 * hands the command to the `changeAlert` use case; answers 200 with the whole alert after the
 * change, 404 for an id not of the caller's tenant, 409 INVALID_TRANSITION for a change the
 * alert's status does not allow (e.g. acknowledging a resolved alert, or a second dispatcher's
 * acknowledge). Repeating one's own acknowledge or resolve answers 200 unchanged. Every route
 * honours `Idempotency-Key` (the PWA's offline queue sends one): a replay answers the first
 * response without changing the alert again (docs/adr/0062).
 */
export function createChangeAlertHandler(deps: ChangeAlertDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: changeAlert, deps, path: alertPath, body: z.unknown() },
    async ({ event, identity, path, body }) => {
      const route = ROUTES[event.routeKey as Route];
      const parsed = parseOrThrow(route.body as unknown as z.ZodMiniType<never>, body, 'body');
      const command = route.command(parsed, identity.userId, deps.clock.now().toISOString());
      const { alert, fastPathError } = await changeAlertUseCase(deps, identity.tenantId, path.alertId, command);
      if (fastPathError !== undefined) {
        // Written, so done: the event is owed in the alerts table and its stream publishes it.
        count(deps.metrics, 'alertEventFastPathFailures');
        deps.logger.warn('Publishing the lifecycle event failed; the alerts stream will publish it', {
          alertId: alert.alertId,
          action: command.action,
          error: fastPathError as Error,
        });
      }
      return { statusCode: 200, body: alert };
    },
  );
}

export const changeAlert = defineFunction({
  name: 'changeAlert',
  description: 'POST /v1/alerts/{alertId}/acknowledge|resolve|assign|notes: the alert lifecycle',
  entry: 'functions/modules/alerts/handlers/change-alert.lambda.ts',
  triggers: [
    {
      kind: 'http',
      method: 'POST',
      path: '/v1/alerts/{alertId}/acknowledge',
      roles: [...ALERT_HANDLERS],
      idempotent: true,
      scopes: ['alerts:write'],
    },
    {
      kind: 'http',
      method: 'POST',
      path: '/v1/alerts/{alertId}/resolve',
      roles: [...ALERT_HANDLERS],
      idempotent: true,
      scopes: ['alerts:write'],
    },
    {
      kind: 'http',
      method: 'POST',
      path: '/v1/alerts/{alertId}/assign',
      roles: [...ALERT_HANDLERS],
      idempotent: true,
      scopes: ['alerts:write'],
    },
    {
      kind: 'http',
      method: 'POST',
      path: '/v1/alerts/{alertId}/notes',
      roles: [...ALERT_READERS],
      idempotent: true,
      scopes: ['alerts:write'],
    },
  ],
  bindings,
  factory: createChangeAlertHandler,
});
