import { createHmac } from 'node:crypto';
import {
  bodyDigest,
  firstMatching,
  type InboundScheme,
  sameBytes,
  signedBytes,
  type Verification,
  withinTolerance,
} from './inbound-scheme.js';

/** Zendesk's signature: base64 HMAC-SHA256 of `<timestamp><body>`, keyed with the signing secret as it is written. */
export function zendeskSignature(secret: string, timestamp: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(signedBytes(timestamp, body)).digest('base64');
}

/**
 * Helpdesk webhooks signed as Zendesk signs them: `X-Zendesk-Webhook-Signature` over the
 * `X-Zendesk-Webhook-Signature-Timestamp` (ISO 8601) and the body, ±5 minutes. The invocation id
 * header is the message id (a retry of one invocation keeps it), else the body's SHA-256.
 */
export const zendesk: InboundScheme = {
  name: 'zendesk',
  verify({ delivery, secrets, now }): Verification {
    const header = delivery.headers['x-zendesk-webhook-signature'];
    const timestamp = delivery.headers['x-zendesk-webhook-signature-timestamp'];
    if (!header || !timestamp) return { ok: false, reason: 'missing_signature' };
    const at = Date.parse(timestamp);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(at)) return { ok: false, reason: 'malformed_signature' };
    if (!withinTolerance(at / 1000, now)) return { ok: false, reason: 'timestamp_out_of_tolerance' };
    const offered = Buffer.from(header.trim(), 'base64');
    const index = firstMatching(secrets, (secret) =>
      sameBytes(offered, Buffer.from(zendeskSignature(secret, timestamp, delivery.body), 'base64')),
    );
    if (index < 0) return { ok: false, reason: 'signature_mismatch' };
    const invocation = delivery.headers['x-zendesk-webhook-invocation-id'];
    return {
      ok: true,
      messageId: invocation ? `zendesk:${invocation}` : bodyDigest(delivery.body),
      secretIndex: index,
    };
  },
};
