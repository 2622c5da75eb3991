import { defineModule } from '../../platform/wiring/module.js';
import {
  ApiKeyNotFound,
  InvalidPayload,
  InvalidSignature,
  OAuthClientNotFound,
  PartnerChanged,
  PartnerNotFound,
  TenantNotFound,
} from './errors.js';
import { INTEGRATION_EVENTS } from './events.js';
import { apiKeysFunction } from './handlers/api-keys.handler.js';
import { authorizeHttpFunction } from './handlers/authorize-http.handler.js';
import { listPartnersFunction } from './handlers/list-partners.handler.js';
import { normaliseInboundFunction } from './handlers/normalise-inbound.handler.js';
import { oauthClientsFunction } from './handlers/oauth-clients.handler.js';
import { openApiFunction } from './handlers/openapi.handler.js';
import { receiveInboundFunction } from './handlers/receive-inbound.handler.js';
import { registerPartnerFunction } from './handlers/register-partner.handler.js';
import { rotatePartnerSecretFunction } from './handlers/rotate-partner-secret.handler.js';
import { tenantPlanFunction } from './handlers/tenant-plan.handler.js';
import { vehicleMapFunction } from './handlers/vehicle-map.handler.js';
import { INTEGRATIONS_TABLE } from './tables.js';

/**
 * Integrations (C10–C12): partners that send signed webhooks (their secrets sealed by the field
 * key) and the public inbound route that verifies and stores their messages once, then the
 * table's stream normalises each into readings and events; outbound endpoints and the partner API
 * follow.
 */
export const integrationsModule = defineModule({
  name: 'integrations',
  tables: [INTEGRATIONS_TABLE],
  functions: [
    registerPartnerFunction,
    listPartnersFunction,
    rotatePartnerSecretFunction,
    vehicleMapFunction,
    receiveInboundFunction,
    normaliseInboundFunction,
    openApiFunction,
    apiKeysFunction,
    oauthClientsFunction,
    authorizeHttpFunction,
    tenantPlanFunction,
  ],
  events: {
    source: INTEGRATION_EVENTS.source,
    detailTypes: [
      INTEGRATION_EVENTS.fuelTransaction,
      INTEGRATION_EVENTS.billingInvoice,
      INTEGRATION_EVENTS.helpdeskTicketUpdated,
    ],
  },
  errors: [
    PartnerNotFound,
    PartnerChanged,
    InvalidSignature,
    InvalidPayload,
    ApiKeyNotFound,
    OAuthClientNotFound,
    TenantNotFound,
  ],
});
