import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbNotificationSettings } from '../adapters/dynamodb-notification-settings.js';
import { defaultEscalationPolicy, type EscalationPolicy } from '../domain/escalation.js';
import { escalationPolicyBody, severityPath } from './notification-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, settings: dynamoDbNotificationSettings.readWrite };
export type EscalationPoliciesDeps = DepsOf<typeof bindings>;

/**
 * `GET|PUT /v1/escalation-policies/{severity}` (admin): the tenant's ladder for the severity, or
 * the default one (`isDefault: true`) until the tenant sets its own. Levels with `afterSeconds`,
 * targets by role or user, channels, `repeat` 0–3 (the PagerDuty model, ADR 0111).
 */
export function createEscalationPoliciesHandler(deps: EscalationPoliciesDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: escalationPolicies, deps, path: severityPath, body: z.unknown() },
    async ({ event, identity, path, body }) => {
      if (event.requestContext.http.method === 'PUT') {
        const policy: EscalationPolicy = parseOrThrow(escalationPolicyBody, body, 'body');
        await deps.settings.putEscalationPolicy(identity.tenantId, path.severity, policy);
        return { statusCode: 200, body: { severity: path.severity, ...policy, isDefault: false } };
      }
      const saved = await deps.settings.getEscalationPolicy(identity.tenantId, path.severity);
      return {
        statusCode: 200,
        body: { severity: path.severity, ...(saved ?? defaultEscalationPolicy(path.severity)), isDefault: !saved },
      };
    },
  );
}

export const escalationPolicies = defineFunction({
  name: 'escalationPolicies',
  description: 'GET|PUT /v1/escalation-policies/{severity}: the escalation ladder of a severity (admin)',
  entry: 'functions/modules/notifications/handlers/escalation-policies.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/escalation-policies/{severity}', roles: ['admin'] },
    { kind: 'http', method: 'PUT', path: '/v1/escalation-policies/{severity}', roles: ['admin'] },
  ],
  bindings,
  factory: createEscalationPoliciesHandler,
});
