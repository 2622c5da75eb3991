import { defineModule } from '../../platform/wiring/module.js';
import { PartnerChanged, PartnerNotFound } from './errors.js';
import { listPartnersFunction } from './handlers/list-partners.handler.js';
import { registerPartnerFunction } from './handlers/register-partner.handler.js';
import { rotatePartnerSecretFunction } from './handlers/rotate-partner-secret.handler.js';
import { INTEGRATIONS_TABLE } from './tables.js';

/**
 * Integrations (C10–C12): partners that send signed webhooks (their secrets sealed by the field
 * key), and in later steps the inbound route, outbound endpoints and the partner API.
 */
export const integrationsModule = defineModule({
  name: 'integrations',
  tables: [INTEGRATIONS_TABLE],
  functions: [registerPartnerFunction, listPartnersFunction, rotatePartnerSecretFunction],
  errors: [PartnerNotFound, PartnerChanged],
});
