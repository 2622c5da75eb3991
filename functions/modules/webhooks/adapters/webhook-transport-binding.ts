import type { EgressBinding } from '../../../platform/wiring/bindings.js';
import { STRICT_EGRESS } from '../domain/egress-rule.js';
import type { WebhookTransport } from '../ports/webhook-transport.js';
import { NodeHttpWebhookTransport } from './node-http-webhook-transport.js';

/**
 * Binds the webhook transport (kind `egress`): in Lambda always the strict rule, https to public
 * addresses; the local stack builds it with the rule its composition root read (docs/adr/0068).
 */
export const webhookTransport: EgressBinding<WebhookTransport> = {
  kind: 'egress',
  env: [],
  fromEnvironment: () => new NodeHttpWebhookTransport({ rule: STRICT_EGRESS }),
  create: (parts) => new NodeHttpWebhookTransport({ rule: { allowLoopbackHttp: parts.allowLoopbackHttp } }),
};
