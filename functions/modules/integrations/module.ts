import { defineModule } from '../../platform/wiring/module.js';
import { InvalidPayload, InvalidSignature, PartnerChanged, PartnerNotFound } from './errors.js';
import { listPartnersFunction } from './handlers/list-partners.handler.js';
import { receiveInboundFunction } from './handlers/receive-inbound.handler.js';
import { registerPartnerFunction } from './handlers/register-partner.handler.js';
import { rotatePartnerSecretFunction } from './handlers/rotate-partner-secret.handler.js';
import { INTEGRATIONS_TABLE } from './tables.js';

/**
 * Integrations (C10–C12): partners that send signed webhooks (their secrets sealed by the field
 * key) and the public inbound route that verifies and stores their messages once; outbound
 * endpoints and the partner API follow.
 */
export const integrationsModule = defineModule({
  name: 'integrations',
  tables: [INTEGRATIONS_TABLE],
  functions: [registerPartnerFunction, listPartnersFunction, rotatePartnerSecretFunction, receiveInboundFunction],
  errors: [PartnerNotFound, PartnerChanged, InvalidSignature, InvalidPayload],
});
