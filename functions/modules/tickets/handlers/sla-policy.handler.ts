import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbSlaPolicyStore } from '../adapters/dynamodb-sla-policy-store.js';
import { AGENT_ROLES } from '../domain/access.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla.js';
import { slaPolicyBody } from './sla-policy-schema.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, policies: dynamoDbSlaPolicyStore.readWrite };
export type SlaPolicyDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/sla-policy` (agents and admins) and `PUT /v1/sla-policy` (admins): the tenant's SLA
 * targets per priority and its business hours in its time zone (the default until set: around the
 * clock in UTC). A new policy applies to tickets opened, or re-prioritised, after it.
 */
export function createSlaPolicyHandler(deps: SlaPolicyDeps): HttpLambdaHandler {
  return httpHandler({ declaration: slaPolicy, deps, body: z.unknown() }, async ({ event, identity, body }) => {
    if (event.routeKey === 'GET /v1/sla-policy') {
      return { statusCode: 200, body: (await deps.policies.get(identity.tenantId)) ?? DEFAULT_SLA_POLICY };
    }
    const policy = parseOrThrow(slaPolicyBody, body, 'body') as SlaPolicy;
    await deps.policies.put(identity.tenantId, policy);
    return { statusCode: 200, body: policy };
  });
}

export const slaPolicy = defineFunction({
  name: 'slaPolicy',
  description: 'GET|PUT /v1/sla-policy: SLA targets per priority and the tenant business hours',
  entry: 'functions/modules/tickets/handlers/sla-policy.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/sla-policy', roles: [...AGENT_ROLES] },
    { kind: 'http', method: 'PUT', path: '/v1/sla-policy', roles: ['admin'] },
  ],
  bindings,
  factory: createSlaPolicyHandler,
});
