import { createHmac } from 'node:crypto';
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

/** Stripe's `v1`: hex HMAC-SHA256 of `<t>.<body>`, keyed with the endpoint secret as it is written (`whsec_…`). */
export function stripeSignature(secret: string, timestamp: number, body: Uint8Array): string {
  return createHmac('sha256', secret)
    .update(signedBytes(`${timestamp}.`, body))
    .digest('hex');
}

/**
 * Billing webhooks signed as Stripe signs them: `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=…][,v0=…]`,
 * any `v1` may match (Stripe sends one per active secret while one is rolled), ±300 s. The event
 * id (`evt_…`) of the body is the message id.
 */
export const stripe: InboundScheme = {
  name: 'stripe',
  verify({ delivery, secrets, now }): Verification {
    const header = delivery.headers['stripe-signature'];
    if (!header) return { ok: false, reason: 'missing_signature' };
    const pairs = header.split(',').map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
    const timestamps = pairs.filter(([key]) => key === 't').map(([, value]) => value ?? '');
    const offered = pairs.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/i.test(value ?? ''));
    if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? '') || offered.length === 0) {
      return { ok: false, reason: 'malformed_signature' };
    }
    const timestamp = Number(timestamps[0]);
    if (!withinTolerance(timestamp, now)) return { ok: false, reason: 'timestamp_out_of_tolerance' };
    const signatures = offered.map(([, value]) => Buffer.from(value ?? '', 'hex'));
    const index = firstMatching(secrets, (secret) => {
      const expected = Buffer.from(stripeSignature(secret, timestamp, delivery.body), 'hex');
      return signatures.some((signature) => sameBytes(signature, expected));
    });
    if (index < 0) return { ok: false, reason: 'signature_mismatch' };
    return { ok: true, messageId: bodyField(delivery.body, 'id') ?? bodyDigest(delivery.body), secretIndex: index };
  },
};
