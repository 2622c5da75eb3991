import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbRuleStore } from '../adapters/dynamodb-rule-store.js';
import { getRule, listRules } from '../use-cases/manage-rules.js';
import { RULE_READERS, ruleETag, rulePath } from './rule-routes.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, rules: dynamoDbRuleStore.read };
export type ReadRulesDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/rules` (the tenant's rules in force, default pack included, each with `source`; one
 * page: a tenant holds at most a few hundred rules) and `GET /v1/rules/{ruleId}` (404 for an id
 * that is neither the tenant's nor a default rule). Every rule carries its `revision`, and one rule
 * its `ETag`, for the `If-Match` of a later write.
 */
export function createReadRulesHandler(deps: ReadRulesDeps): HttpLambdaHandler {
  return httpHandler({ declaration: readRules, deps }, async ({ event, identity }) => {
    if (event.routeKey === 'GET /v1/rules')
      return { statusCode: 200, body: { items: await listRules(deps, identity.tenantId) } };
    const path = parseOrThrow(rulePath, event.pathParameters ?? {}, 'path');
    const rule = await getRule(deps, identity.tenantId, path.ruleId);
    return { statusCode: 200, body: rule, headers: ruleETag(rule.revision) };
  });
}

export const readRules = defineFunction({
  name: 'readRules',
  description: 'GET /v1/rules and /v1/rules/{ruleId}: the tenant rules over the default pack',
  entry: 'functions/modules/alerts/handlers/read-rules.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/rules', roles: [...RULE_READERS] },
    { kind: 'http', method: 'GET', path: '/v1/rules/{ruleId}', roles: [...RULE_READERS] },
  ],
  bindings,
  factory: createReadRulesHandler,
});
