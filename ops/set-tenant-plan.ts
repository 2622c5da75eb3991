/**
 * `npm run plan:set -- --stage prod --tenant acme --plan enterprise [--drop-overrides]`: the
 * platform operator puts a tenant on a plan (docs/adr/0121). It writes the rate-limit table with the
 * caller's own AWS credentials (dynamodb:GetItem and PutItem on `fleetops-{stage}-rateLimits`):
 * IAM is the operator's authentication, so no tenant token, admin's included, can change a plan.
 * `--endpoint http://127.0.0.1:8000` (with `--table`) points it at a DynamoDB Local instead.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setTenantPlan } from '../functions/modules/integrations/use-cases/tenant-plan.js';
import { systemClock } from '../functions/platform/clock.js';
import { dynamoDbRateLimitSettings } from '../functions/platform/rate-limit/dynamodb-rate-limiter.js';
import { PLANS, type Plan } from '../functions/platform/rate-limit/plans.js';

const { values } = parseArgs({
  options: {
    stage: { type: 'string' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    tenant: { type: 'string' },
    plan: { type: 'string' },
    'drop-overrides': { type: 'boolean', default: false },
  },
});
const plan = values.plan as Plan | undefined;
const tableName = values.table ?? (values.stage ? `fleetops-${values.stage}-rateLimits` : undefined);
if (!values.tenant || !plan || !PLANS.includes(plan) || !tableName) {
  console.error(`usage: plan:set --stage STAGE | --table NAME [--endpoint URL] --tenant ID --plan ${PLANS.join('|')}`);
  process.exit(2);
}
const client = DynamoDBDocumentClient.from(new DynamoDBClient(values.endpoint ? { endpoint: values.endpoint } : {}));
const planSettings = dynamoDbRateLimitSettings.create({ client, tableName, clock: systemClock });
const view = await setTenantPlan(
  { planSettings },
  { tenantId: values.tenant, plan, dropOverrides: values['drop-overrides'] },
);
console.log(JSON.stringify(view, null, 2));
