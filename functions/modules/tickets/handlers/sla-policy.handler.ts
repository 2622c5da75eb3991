import * as z from 'zod';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbSlaPolicyStore } from '../adapters/dynamodb-sla-policy-store.js';
import { AGENT_ROLES } from '../domain/access.js';
import { isTimeZone } from '../domain/business-hours.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy, TICKET_PRIORITIES } from '../domain/sla.js';

const bindings = { policies: dynamoDbSlaPolicyStore.readWrite };
export type SlaPolicyDeps = DepsOf<typeof bindings>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'a time is HH:MM, 00:00 to 24:00' });
const interval = z
  .tuple([time, time])
  .refine(([from, to]) => from < to, { error: 'an opening interval ends after it starts' });
const minutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 60);
const targets = z.strictObject({ firstResponseMinutes: minutes, resolutionMinutes: minutes });

/** `PUT /v1/sla-policy`: targets per priority and the business hours they count in. */
export const slaPolicyBody = z.strictObject({
  businessHours: z.strictObject({
    timeZone: z.string().refine(isTimeZone, { error: 'timeZone must be an IANA time zone, e.g. Europe/Berlin' }),
    /** Seven days, Sunday first; absent: around the clock. */
    weekly: z
      .array(z.array(interval).max(4))
      .length(7, { error: 'weekly lists the 7 days, Sunday first' })
      .refine((days) => days.some((d) => d.length > 0), { error: 'the office must be open on some day' })
      .optional(),
  }),
  targets: z.strictObject(
    Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, targets])) as Record<
      (typeof TICKET_PRIORITIES)[number],
      typeof targets
    >,
  ),
});

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
