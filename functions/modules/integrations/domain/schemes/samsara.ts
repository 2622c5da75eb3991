import { createHmac } from 'node:crypto';
import { decodedSecretKey } from '../webhook-secret.js';
import {
  bodyDigest,
  bodyField,
  firstMatching,
  type InboundScheme,
  sameBytes,
  signedBytes,
  type Verification,
  withinTolerance,
} from './inbound-scheme.js';

/** Samsara's `v1`: hex HMAC-SHA256 of `v1:<timestamp>:<body>`, keyed with the base64-decoded secret. */
export function samsaraSignature(secret: string, timestamp: string, body: Uint8Array): string {
  return createHmac('sha256', decodedSecretKey(secret))
    .update(signedBytes(`v1:${timestamp}:`, body))
    .digest('hex');
}

/**
 * Telematics webhooks signed as Samsara signs them: `X-Samsara-Signature: v1=<hex>` over
 * `v1:<X-Samsara-Timestamp>:<body>`, ±5 minutes. The body's `eventId` is the message id.
 */
export const samsara: InboundScheme = {
  name: 'samsara',
  verify({ delivery, secrets, now }): Verification {
    const header = delivery.headers['x-samsara-signature'];
    const timestamp = delivery.headers['x-samsara-timestamp'];
    if (!header || !timestamp) return { ok: false, reason: 'missing_signature' };
    const match = /^v1=([0-9a-f]{64})$/i.exec(header.trim());
    if (!match || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed_signature' };
    if (!withinTolerance(Number(timestamp), now)) return { ok: false, reason: 'timestamp_out_of_tolerance' };
    const offered = Buffer.from(match[1] as string, 'hex');
    const index = firstMatching(secrets, (secret) =>
      sameBytes(offered, Buffer.from(samsaraSignature(secret, timestamp, delivery.body), 'hex')),
    );
    if (index < 0) return { ok: false, reason: 'signature_mismatch' };
    return {
      ok: true,
      messageId: bodyField(delivery.body, 'eventId') ?? bodyDigest(delivery.body),
      secretIndex: index,
    };
  },
};
