import type { InboundScheme, SchemeName } from './inbound-scheme.js';
import { motive } from './motive.js';
import { samsara } from './samsara.js';
import { standardWebhooks } from './standard-webhooks.js';
import { stripe } from './stripe.js';
import { zendesk } from './zendesk.js';

/** Every inbound scheme by the name a partner is registered with. */
export const INBOUND_SCHEMES: Readonly<Record<SchemeName, InboundScheme>> = {
  'standard-webhooks': standardWebhooks,
  stripe,
  samsara,
  motive,
  zendesk,
};
