import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbPartnerRepository } from '../adapters/dynamodb-partner-repository.js';
import { registerPartner } from '../use-cases/partners.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';
import { registerPartnerBody } from './partner-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  partners: dynamoDbPartnerRepository.readWrite,
  cipher: fieldCipher,
};
export type RegisterPartnerDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/partners` (C10, admin): registers an inbound integration and answers 201 with its
 * partner id and signing secret, which is shown this once (stored sealed by the field key).
 */
export function createRegisterPartnerHandler(deps: RegisterPartnerDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: registerPartnerFunction, deps, body: registerPartnerBody },
    async ({ identity, body }) => {
      const partner = await registerPartner(deps, { ...body, tenantId: identity.tenantId });
      deps.logger.info('Partner registered', {
        partnerId: partner.partnerId,
        kind: partner.kind,
        scheme: partner.scheme,
      });
      return { statusCode: 201, body: partner, headers: { 'cache-control': 'no-store' } };
    },
  );
}

export const registerPartnerFunction = defineFunction({
  name: 'registerPartner',
  description: 'POST /v1/partners: registers an inbound integration with a server-generated signing secret',
  entry: 'functions/modules/integrations/handlers/register-partner.lambda.ts',
  triggers: [
    { kind: 'http', method: 'POST', path: '/v1/partners', roles: INTEGRATION_ADMIN_ROLES, scopes: ['webhooks:manage'] },
  ],
  bindings,
  factory: createRegisterPartnerHandler,
});
