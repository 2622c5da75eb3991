import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { type PublicHttpLambdaHandler, publicHttpHandler } from '../../../platform/http/public-http-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbInboundMessageStore } from '../adapters/dynamodb-inbound-message-store.js';
import { dynamoDbPartnerRepository } from '../adapters/dynamodb-partner-repository.js';
import { receiveInbound } from '../use-cases/receive-inbound.js';
import { partnerPath } from './partner-schemas.js';

const bindings = {
  partners: dynamoDbPartnerRepository.read,
  messages: dynamoDbInboundMessageStore.readWrite,
  cipher: fieldCipher,
};
export type ReceiveInboundDeps = DepsOf<typeof bindings>;

/**
 * `POST /v1/webhooks/inbound/{partnerId}` (C10): a public route (no JWT: the partner's signature
 * over the raw body authenticates it). 202 `{"status":"accepted"}` once stored, 200
 * `{"status":"duplicate"}` for a message id already received; 401, 400 and 404 as the contract says.
 */
export function createReceiveInboundHandler(deps: ReceiveInboundDeps): PublicHttpLambdaHandler {
  return publicHttpHandler({ declaration: receiveInboundFunction, deps, path: partnerPath }, async (request) => {
    const { status, message } = await receiveInbound(deps, {
      partnerId: request.path.partnerId,
      headers: request.headers,
      body: request.rawBody,
    });
    deps.logger.info('Inbound webhook', { partnerId: message.partnerId, messageId: message.messageId, status });
    deps.metrics.addMetric(status === 'accepted' ? 'inboundAccepted' : 'inboundDuplicate', 'Count', 1);
    return { statusCode: status === 'accepted' ? 202 : 200, body: { status } };
  });
}

export const receiveInboundFunction = defineFunction({
  name: 'receiveInbound',
  description: 'POST /v1/webhooks/inbound/{partnerId}: verifies a partner webhook and stores it once',
  entry: 'functions/modules/integrations/handlers/receive-inbound.lambda.ts',
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/webhooks/inbound/{partnerId}', roles: [], public: true }],
  bindings,
  factory: createReceiveInboundHandler,
});
