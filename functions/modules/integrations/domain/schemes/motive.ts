import { createHmac } from 'node:crypto';
import {
  bodyDigest,
  bodyField,
  firstMatching,
  type InboundScheme,
  sameBytes,
  type Verification,
} from './inbound-scheme.js';

/** Motive's signature: hex HMAC-SHA1 of the body, keyed with the secret as it is written. */
export function motiveSignature(secret: string, body: Uint8Array): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}

/**
 * Telematics webhooks signed as Motive (KeepTruckin) signs them: `X-KT-Webhook-Signature`, hex
 * HMAC-SHA1 of the body. No timestamp is signed, so de-duplication carries the whole replay
 * protection: the message id is the body's `id` when it has one, else the body's SHA-256, and a
 * replay of the same bytes is always a duplicate.
 */
export const motive: InboundScheme = {
  name: 'motive',
  verify({ delivery, secrets }): Verification {
    const header = delivery.headers['x-kt-webhook-signature'];
    if (!header) return { ok: false, reason: 'missing_signature' };
    if (!/^[0-9a-f]{40}$/i.test(header.trim())) return { ok: false, reason: 'malformed_signature' };
    const offered = Buffer.from(header.trim(), 'hex');
    const index = firstMatching(secrets, (secret) =>
      sameBytes(offered, Buffer.from(motiveSignature(secret, delivery.body), 'hex')),
    );
    if (index < 0) return { ok: false, reason: 'signature_mismatch' };
    const id = bodyField(delivery.body, 'id');
    return { ok: true, messageId: id ? `motive:${id}` : bodyDigest(delivery.body), secretIndex: index };
  },
};
