import { createHmac } from 'node:crypto';
import { decodedSecretKey } from '../webhook-secret.js';
import {
  firstMatching,
  type InboundScheme,
  sameBytes,
  signedBytes,
  type Verification,
  type VerificationInput,
  withinTolerance,
} from './inbound-scheme.js';

/**
 * The Standard Webhooks signature: base64 HMAC-SHA256, keyed with the base64-decoded secret after
 * `whsec_`, of `<webhook-id>.<webhook-timestamp>.<body>`. `webhook-signature` is a space-separated
 * list of `<version>,<signature>`; any `v1` entry may match (a sender rotating its secret signs with
 * both). Outbound deliveries are signed with {@link signStandardWebhook}.
 */
export function standardWebhookSignature(secret: string, id: string, timestamp: number, body: Uint8Array): string {
  return createHmac('sha256', decodedSecretKey(secret))
    .update(signedBytes(`${id}.${timestamp}.`, body))
    .digest('base64');
}

/** The three headers of a signed delivery; several secrets (a rotation's overlap) give several `v1` entries. */
export function signStandardWebhook(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: Uint8Array,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => `v1,${standardWebhookSignature(s, id, timestamp, body)}`).join(' '),
  };
}

export const standardWebhooks: InboundScheme = {
  name: 'standard-webhooks',
  verify({ delivery, secrets, now }: VerificationInput): Verification {
    const id = delivery.headers['webhook-id'];
    const timestamp = delivery.headers['webhook-timestamp'];
    const header = delivery.headers['webhook-signature'];
    if (!id || !timestamp || !header) return { ok: false, reason: 'missing_signature' };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed_signature' };
    if (!withinTolerance(Number(timestamp), now)) return { ok: false, reason: 'timestamp_out_of_tolerance' };
    const offered = header
      .split(' ')
      .filter((entry) => entry.startsWith('v1,'))
      .map((entry) => Buffer.from(entry.slice(3), 'base64'));
    if (offered.length === 0) return { ok: false, reason: 'malformed_signature' };
    const index = firstMatching(secrets, (secret) => {
      const expected = Buffer.from(standardWebhookSignature(secret, id, Number(timestamp), delivery.body), 'base64');
      return offered.some((signature) => sameBytes(signature, expected));
    });
    return index < 0 ? { ok: false, reason: 'signature_mismatch' } : { ok: true, messageId: id, secretIndex: index };
  },
};
