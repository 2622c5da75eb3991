import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbRuleStore } from '../adapters/dynamodb-rule-store.js';
import { ruleBodySchema } from '../domain/rule-schema.js';
import { createRule, deleteRule, replaceRule } from '../use-cases/manage-rules.js';
import { RULE_WRITERS, ruleETag, rulePath, rulePrecondition } from './rule-routes.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, rules: dynamoDbRuleStore.readWrite };
export type WriteRulesDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/rules` (201, a new tenant rule), `PUT /v1/rules/{ruleId}` (200: replaces a tenant rule,
 * or overrides a default rule for this tenant), `DELETE /v1/rules/{ruleId}` (204: deletes a tenant
 * rule, or restores the default). An invalid rule is 400 with `details[].path` naming the field
 * (`body.condition.all.1.op`). Evaluation sees a change within the rules cache's 5 s.
 * Each answer carries the rule's `ETag` (its revision); `If-Match` with it on PUT or DELETE makes
 * the write conditional: 412 RULE_CHANGED when someone else changed the rule in between.
 */
export function createWriteRulesHandler(deps: WriteRulesDeps): HttpLambdaHandler {
  return httpHandler({ declaration: writeRules, deps, body: z.unknown() }, async ({ event, identity, body }) => {
    if (event.routeKey === 'POST /v1/rules') {
      const rule = parseOrThrow(ruleBodySchema, body, 'body');
      const created = await createRule(deps, identity.tenantId, rule);
      return { statusCode: 201, body: created, headers: ruleETag(created.revision) };
    }
    const { ruleId } = parseOrThrow(rulePath, event.pathParameters ?? {}, 'path');
    const ifMatch = rulePrecondition(event.headers);
    if (event.routeKey.startsWith('DELETE ')) {
      await deleteRule(deps, identity.tenantId, ruleId, ifMatch);
      return { statusCode: 204 };
    }
    const { ruleId: _ignored, ...rule } = parseOrThrow(ruleBodySchema, body, 'body');
    const replaced = await replaceRule(deps, identity.tenantId, ruleId, rule, ifMatch);
    return { statusCode: 200, body: replaced, headers: ruleETag(replaced.revision) };
  });
}

export const writeRules = defineFunction({
  name: 'writeRules',
  description: 'POST /v1/rules, PUT and DELETE /v1/rules/{ruleId}: tenant rules and default overrides',
  entry: 'functions/modules/alerts/handlers/write-rules.lambda.ts',
  triggers: [
    { kind: 'http', method: 'POST', path: '/v1/rules', roles: [...RULE_WRITERS] },
    { kind: 'http', method: 'PUT', path: '/v1/rules/{ruleId}', roles: [...RULE_WRITERS] },
    { kind: 'http', method: 'DELETE', path: '/v1/rules/{ruleId}', roles: [...RULE_WRITERS] },
  ],
  bindings,
  factory: createWriteRulesHandler,
});
