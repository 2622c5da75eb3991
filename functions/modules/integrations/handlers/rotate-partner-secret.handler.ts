import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbPartnerRepository } from '../adapters/dynamodb-partner-repository.js';
import { rotatePartnerSecret } from '../use-cases/partners.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';
import { partnerPath } from './partner-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  partners: dynamoDbPartnerRepository.readWrite,
  cipher: fieldCipher,
};
export type RotatePartnerSecretDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/partners/{partnerId}/rotate-secret` (C10, admin): a new signing secret, shown once;
 * the previous one keeps verifying for 24 hours so the vendor can be switched over without loss.
 */
export function createRotatePartnerSecretHandler(deps: RotatePartnerSecretDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: rotatePartnerSecretFunction, deps, path: partnerPath },
    async ({ identity, path }) => {
      const partner = await rotatePartnerSecret(deps, { tenantId: identity.tenantId, partnerId: path.partnerId });
      deps.logger.info('Partner secret rotated', { partnerId: partner.partnerId });
      return { statusCode: 200, body: partner, headers: { 'cache-control': 'no-store' } };
    },
  );
}

export const rotatePartnerSecretFunction = defineFunction({
  name: 'rotatePartnerSecret',
  description: 'POST /v1/partners/{partnerId}/rotate-secret: a new secret; the old one verifies 24 h more',
  entry: 'functions/modules/integrations/handlers/rotate-partner-secret.lambda.ts',
  triggers: [
    {
      kind: 'http',
      method: 'POST',
      path: '/v1/partners/{partnerId}/rotate-secret',
      roles: INTEGRATION_ADMIN_ROLES,
      scopes: ['webhooks:manage'],
    },
  ],
  bindings,
  factory: createRotatePartnerSecretHandler,
});
