import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type {
  InboundDelivery,
  SchemeName,
  Verification,
} from '../../../functions/modules/integrations/domain/schemes/inbound-scheme.js';
import { INBOUND_SCHEMES } from '../../../functions/modules/integrations/domain/schemes/index.js';
import { motiveSignature } from '../../../functions/modules/integrations/domain/schemes/motive.js';
import { samsaraSignature } from '../../../functions/modules/integrations/domain/schemes/samsara.js';
import {
  signStandardWebhook,
  standardWebhookSignature,
} from '../../../functions/modules/integrations/domain/schemes/standard-webhooks.js';
import { stripeSignature } from '../../../functions/modules/integrations/domain/schemes/stripe.js';
import { zendeskSignature } from '../../../functions/modules/integrations/domain/schemes/zendesk.js';
import { generateWebhookSecret } from '../../../functions/modules/integrations/domain/webhook-secret.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const verify = (scheme: SchemeName, delivery: InboundDelivery, secrets: readonly string[], now: Date): Verification =>
  INBOUND_SCHEMES[scheme].verify({ delivery, secrets, now });

describe('standard-webhooks', () => {
  // The test vector the Standard Webhooks libraries publish.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = bytes('{"test": 2432232314}');
  const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  const at = new Date(timestamp * 1000);
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };

  it('reproduces the published vector and verifies it', () => {
    expect(`v1,${standardWebhookSignature(secret, id, timestamp, body)}`).toBe(signature);
    expect(verify('standard-webhooks', { headers, body }, [secret], at)).toEqual({
      ok: true,
      messageId: id,
      secretIndex: 0,
    });
  });

  it('accepts any v1 entry of a space-separated list, and a previous secret during the overlap', () => {
    const list = { ...headers, 'webhook-signature': `v1a,ignored v1,bm90LWl0 ${signature}` };
    const current = generateWebhookSecret();

    expect(verify('standard-webhooks', { headers: list, body }, [secret], at).ok).toBe(true);
    expect(verify('standard-webhooks', { headers, body }, [current, secret], at)).toMatchObject({ secretIndex: 1 });
  });

  it('refuses a tampered body, a wrong secret, stale and future timestamps and missing headers', () => {
    const tampered = bytes('{"test": 2432232315}');
    const expectFailure = (delivery: InboundDelivery, secrets: string[], now: Date, reason: string) =>
      expect(verify('standard-webhooks', delivery, secrets, now)).toEqual({ ok: false, reason });

    expectFailure({ headers, body: tampered }, [secret], at, 'signature_mismatch');
    expectFailure({ headers, body }, [generateWebhookSecret()], at, 'signature_mismatch');
    expectFailure({ headers, body }, [secret], new Date(at.getTime() + 301_000), 'timestamp_out_of_tolerance');
    expectFailure({ headers, body }, [secret], new Date(at.getTime() - 301_000), 'timestamp_out_of_tolerance');
    expectFailure({ headers: { ...headers, 'webhook-id': undefined }, body }, [secret], at, 'missing_signature');
    expectFailure({ headers: { ...headers, 'webhook-timestamp': '16e8' }, body }, [secret], at, 'malformed_signature');
  });

  it('agrees with the reference library both ways', () => {
    const fresh = generateWebhookSecret();
    const now = new Date();
    const seconds = Math.floor(now.getTime() / 1000);
    const payload = '{"type":"alert.raised","data":{"alertId":"a-1"}}';
    const reference = new Webhook(fresh);

    // Ours signs, the reference verifies.
    const ours = signStandardWebhook([fresh], 'msg_1', seconds, bytes(payload));
    expect(reference.verify(payload, ours)).toEqual(JSON.parse(payload));
    // The reference signs, ours verifies.
    const theirs = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(seconds) };
    const signed = { ...theirs, 'webhook-signature': reference.sign('msg_2', now, payload) };
    expect(verify('standard-webhooks', { headers: signed, body: bytes(payload) }, [fresh], now).ok).toBe(true);
  });
});

describe('stripe', () => {
  const secret = 'whsec_test_secret';
  const body = bytes('{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","type":"invoice.paid"}');
  const t = 1_700_000_000;
  const now = new Date(t * 1000 + 10_000);

  it('verifies the documented scheme: hex HMAC-SHA256 of "t.body" keyed with the whole secret; event id as message id', () => {
    const v1 = createHmac('sha256', secret)
      .update(`${t}.${Buffer.from(body).toString()}`)
      .digest('hex');
    expect(stripeSignature(secret, t, body)).toBe(v1);

    const headers = { 'stripe-signature': `t=${t},v1=${'0'.repeat(64)},v1=${v1},v0=${'1'.repeat(64)}` };
    expect(verify('stripe', { headers, body }, [secret], now)).toEqual({
      ok: true,
      messageId: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
      secretIndex: 0,
    });
  });

  it('refuses tampering, a wrong secret, a timestamp past 300 s and a header without v1', () => {
    const headers = { 'stripe-signature': `t=${t},v1=${stripeSignature(secret, t, body)}` };
    expect(verify('stripe', { headers, body: bytes('{}') }, [secret], now)).toMatchObject({ ok: false });
    expect(verify('stripe', { headers, body }, ['whsec_other'], now)).toMatchObject({ reason: 'signature_mismatch' });
    expect(verify('stripe', { headers, body }, [secret], new Date(t * 1000 + 301_000))).toMatchObject({
      reason: 'timestamp_out_of_tolerance',
    });
    expect(verify('stripe', { headers: { 'stripe-signature': `t=${t}` }, body }, [secret], now)).toMatchObject({
      reason: 'malformed_signature',
    });
  });
});

describe("stripe against stripe-node, the vendor's own SDK", () => {
  // Stripe publishes no fixed test vector; its SDK's signer and verifier are the reference.
  const stripe = new Stripe('sk_test_not_used_offline');
  const secret = 'whsec_vendor_check';
  const payload = '{"id":"evt_3OvendorCheck","object":"event","type":"invoice.payment_succeeded"}';

  it('verifies a header signed by stripe.webhooks.generateTestHeaderString', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    expect(
      verify('stripe', { headers: { 'stripe-signature': header }, body: bytes(payload) }, [secret], new Date()),
    ).toEqual({
      ok: true,
      messageId: 'evt_3OvendorCheck',
      secretIndex: 0,
    });
    const tampered = bytes(payload.replace('succeeded', 'failed'));
    expect(
      verify('stripe', { headers: { 'stripe-signature': header }, body: tampered }, [secret], new Date()),
    ).toMatchObject({
      ok: false,
    });
  });

  it('signs what stripe.webhooks.constructEvent accepts, and it refuses another secret', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const header = `t=${timestamp},v1=${stripeSignature(secret, timestamp, bytes(payload))}`;
    expect(stripe.webhooks.constructEvent(payload, header, secret).id).toBe('evt_3OvendorCheck');
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(/signature/i);
  });
});

describe('samsara', () => {
  const secret = generateWebhookSecret();
  const body = bytes('{"eventId":"9c1d6f2e","eventType":"VehicleLocation"}');
  const timestamp = '1700000000';
  const now = new Date(1_700_000_000_000 + 5_000);

  it('verifies v1= hex HMAC-SHA256 of "v1:timestamp:body" keyed with the base64-decoded secret', () => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`v1:${timestamp}:${Buffer.from(body).toString()}`)
      .digest('hex');
    expect(samsaraSignature(secret, timestamp, body)).toBe(expected);

    const headers = { 'x-samsara-signature': `v1=${expected}`, 'x-samsara-timestamp': timestamp };
    expect(verify('samsara', { headers, body }, [secret], now)).toEqual({
      ok: true,
      messageId: '9c1d6f2e',
      secretIndex: 0,
    });
    expect(verify('samsara', { headers, body: bytes('{"eventId":"x"}') }, [secret], now)).toMatchObject({
      reason: 'signature_mismatch',
    });
    expect(verify('samsara', { headers, body }, [secret], new Date(now.getTime() + 600_000))).toMatchObject({
      reason: 'timestamp_out_of_tolerance',
    });
  });
});

describe('motive', () => {
  const secret = 'motive-shared-secret';
  const body = bytes('{"action":"vehicle_location_received","id":4213,"vehicle_id":771}');

  it('verifies the hex HMAC-SHA1 of the body; without a timestamp the id or body digest is the dedupe key', () => {
    const expected = createHmac('sha1', secret).update(body).digest('hex');
    expect(motiveSignature(secret, body)).toBe(expected);

    const headers = { 'x-kt-webhook-signature': expected };
    expect(verify('motive', { headers, body }, [secret], new Date())).toEqual({
      ok: true,
      messageId: 'motive:4213',
      secretIndex: 0,
    });
    const noId = bytes('{"action":"x"}');
    const digestOnly = verify(
      'motive',
      { headers: { 'x-kt-webhook-signature': motiveSignature(secret, noId) }, body: noId },
      [secret],
      new Date(),
    );
    expect(digestOnly).toMatchObject({ ok: true, messageId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(verify('motive', { headers, body }, ['other'], new Date())).toMatchObject({ reason: 'signature_mismatch' });
  });
});

describe('zendesk', () => {
  const secret = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
  const body = bytes('{"ticket_id":"35","status":"solved"}');
  const timestamp = '2026-12-02T10:00:00Z';
  const now = new Date('2026-12-02T10:01:00Z');

  it('verifies base64 HMAC-SHA256 of timestamp + body, keyed with the signing secret as written', () => {
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}${Buffer.from(body).toString()}`)
      .digest('base64');
    expect(zendeskSignature(secret, timestamp, body)).toBe(expected);

    const headers = {
      'x-zendesk-webhook-signature': expected,
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-invocation-id': '8350205582',
    };
    expect(verify('zendesk', { headers, body }, [secret], now)).toEqual({
      ok: true,
      messageId: 'zendesk:8350205582',
      secretIndex: 0,
    });
    expect(verify('zendesk', { headers, body }, [secret], new Date('2026-12-02T10:06:00Z'))).toMatchObject({
      reason: 'timestamp_out_of_tolerance',
    });
    expect(verify('zendesk', { headers, body: bytes('{}') }, [secret], now)).toMatchObject({
      reason: 'signature_mismatch',
    });
  });
});

describe('secrets', () => {
  it('are whsec_ and the base64 of 32 random bytes, never twice the same', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
