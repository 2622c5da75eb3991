import type { TransportResult } from '../domain/attempt-outcome.js';
import type { EgressRefusal } from '../domain/egress-rule.js';

/** One signed POST to an endpoint. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends webhooks to partners' URLs under the egress rule (docs/adr/0068): the URL is checked
 * before anything is sent, every address the host resolves to is checked after DNS, the socket
 * connects to the checked address (no second lookup), redirects are not followed, and the whole
 * exchange is cut at the timeout. Never throws for the target's behaviour: it is the result.
 */
export interface WebhookTransport {
  /** Why the rule refuses this URL before DNS, or undefined. */
  refusal(url: string): EgressRefusal | undefined;
  send(request: WebhookRequest): Promise<TransportResult>;
}
