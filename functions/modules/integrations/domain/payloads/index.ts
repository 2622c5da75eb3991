import type { InboundMessage } from '../inbound-message.js';
import type { Interpretation } from '../vendor-reading.js';
import { interpretMotive } from './motive.js';
import { interpretSamsara } from './samsara.js';
import { interpretFuelCard, interpretStandardTelemetry } from './standard.js';
import { interpretStripe } from './stripe.js';
import { interpretZendesk } from './zendesk.js';

/**
 * What a stored message means, by its partner's kind and scheme: pure, so a replay of the same
 * message always means the same. A body that is not JSON never got stored (400 at the route).
 */
export function interpret(message: Pick<InboundMessage, 'kind' | 'scheme' | 'body'>): Interpretation {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    return { kind: 'rejected', reason: 'The body is not JSON' };
  }
  switch (message.kind) {
    case 'telematics':
      if (message.scheme === 'samsara') return interpretSamsara(body);
      if (message.scheme === 'motive') return interpretMotive(body);
      return interpretStandardTelemetry(body);
    case 'fuel_card':
      return interpretFuelCard(body);
    case 'billing':
      return message.scheme === 'stripe' ? interpretStripe(body) : interpretStripe(dataOf(body));
    case 'helpdesk':
      return message.scheme === 'zendesk' ? interpretZendesk(body) : interpretZendesk(dataOf(body));
  }
}

/** A Standard Webhooks billing/helpdesk partner wraps the vendor's event as `{"type", "data": <event>}`. */
function dataOf(body: unknown): unknown {
  return body && typeof body === 'object' && 'data' in body ? (body as { data: unknown }).data : body;
}
