import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbPartnerRepository } from '../adapters/dynamodb-partner-repository.js';
import { listPartners } from '../use-cases/partners.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';
import { listPartnersQuery } from './partner-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, partners: dynamoDbPartnerRepository.read };
export type ListPartnersDeps = DepsOf<typeof bindings>;

/** `GET /v1/partners` (C10, admin): the tenant's partners, without secrets, cursor-paginated. */
export function createListPartnersHandler(deps: ListPartnersDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: listPartnersFunction, deps, query: listPartnersQuery },
    async ({ identity, query }) => {
      const page = await listPartners(deps, {
        tenantId: identity.tenantId,
        limit: query.limit,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return { statusCode: 200, body: page };
    },
  );
}

export const listPartnersFunction = defineFunction({
  name: 'listPartners',
  description: 'GET /v1/partners: the tenant’s inbound integrations, without secrets',
  entry: 'functions/modules/integrations/handlers/list-partners.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/partners', roles: INTEGRATION_ADMIN_ROLES, scopes: ['webhooks:manage'] },
  ],
  bindings,
  factory: createListPartnersHandler,
});
