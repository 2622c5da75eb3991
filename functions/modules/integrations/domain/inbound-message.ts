import type { PartnerKind } from './partner.js';
import type { SchemeName } from './schemes/inbound-scheme.js';

/** How long a received message is kept, with its raw body, for audit, replay and de-duplication (≥ 7 days). */
export const INBOUND_RETENTION_DAYS = 30;

/** Headers kept with a message: what identifies and dates it, never a signature. */
const KEPT_HEADERS =
  /^(content-type|user-agent|webhook-id|webhook-timestamp|x-samsara-timestamp|x-zendesk-webhook-id|x-zendesk-webhook-invocation-id|x-zendesk-webhook-signature-timestamp)$/;

/** A verified delivery as stored: its key (partner, messageId) is the de-duplication key. */
export interface InboundMessage {
  readonly tenantId: string;
  readonly partnerId: string;
  readonly kind: PartnerKind;
  readonly scheme: SchemeName;
  readonly messageId: string;
  readonly receivedAt: string;
  /** The body as received (UTF-8 text: every scheme here signs JSON). */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The headers worth keeping with a message. */
export function keptHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && KEPT_HEADERS.test(entry[0]),
    ),
  );
}

/** What normalising a stored message came to, kept on the message for audit and replay. */
export interface InboundOutcome {
  /** `normalised`: its meaning was ingested or published; `ignored`: a type that carries nothing; `rejected`: it does not parse. */
  readonly status: 'normalised' | 'ignored' | 'rejected';
  readonly at: string;
  readonly reason?: string;
  /** Telematics: readings handed to ingest, of which new. */
  readonly readings?: number;
  readonly fresh?: number;
  /** Telematics and fuel cards: vehicle ids that are not the tenant's (their readings were dropped). */
  readonly unknownVehicles?: readonly string[];
  /** The events it published, by detail type. */
  readonly published?: readonly string[];
}
