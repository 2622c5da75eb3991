import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../../functions/modules/integrations/domain/schemes/standard-webhooks.js';
import { generateWebhookSecret } from '../../../functions/modules/integrations/domain/webhook-secret.js';
import { classifyAddress } from '../../../functions/modules/webhooks/domain/address-classifier.js';
import { failingTooLong, verdictOf } from '../../../functions/modules/webhooks/domain/attempt-outcome.js';
import { firstBytes } from '../../../functions/modules/webhooks/domain/delivery-attempt.js';
import { addressRefusal, STRICT_EGRESS, urlRefusal } from '../../../functions/modules/webhooks/domain/egress-rule.js';
import { recordsSuccess, SUCCESS_RECORD_INTERVAL_MS } from '../../../functions/modules/webhooks/domain/endpoint.js';
import { messageIdFloor, messageIdFor } from '../../../functions/modules/webhooks/domain/message.js';
import {
  JITTER,
  nextRetryDelay,
  parseRetryAfter,
  retryScheduleFrom,
  SVIX_RETRY_DELAYS_MS,
} from '../../../functions/modules/webhooks/domain/retry-schedule.js';

const LOCAL = { allowLoopbackHttp: true };

describe('retry schedule', () => {
  it('is the Svix schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then nothing', () => {
    // Prepare / Act
    const middle = (attempt: number) => nextRetryDelay(attempt, { schedule: SVIX_RETRY_DELAYS_MS, random: () => 0.5 });

    // Assess
    expect([1, 2, 3, 4, 5, 6, 7].map(middle)).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(middle(8)).toBeUndefined();
  });

  it('jitters within ±10 % and reaches both bounds', () => {
    const at = (random: number) => nextRetryDelay(2, { schedule: SVIX_RETRY_DELAYS_MS, random: () => random });

    expect(at(0)).toBe(300_000 * (1 - JITTER));
    expect(at(0.999999)).toBeLessThanOrEqual(300_000 * (1 + JITTER));
    expect(at(0.999999)).toBeGreaterThan(329_990);
    for (let i = 0; i < 200; i++) {
      const delay = nextRetryDelay(1, { schedule: SVIX_RETRY_DELAYS_MS, random: Math.random }) as number;
      expect(delay).toBeGreaterThanOrEqual(4_500);
      expect(delay).toBeLessThanOrEqual(5_500);
    }
  });

  it('takes Retry-After as a floor, capped at 24 h', () => {
    const schedule = SVIX_RETRY_DELAYS_MS;
    expect(nextRetryDelay(1, { schedule, random: () => 0.5, retryAfterMs: 120_000 })).toBe(120_000);
    expect(nextRetryDelay(2, { schedule, random: () => 0.5, retryAfterMs: 1_000 })).toBe(300_000);
    expect(nextRetryDelay(1, { schedule, random: () => 0.5, retryAfterMs: 10 * 86_400_000 })).toBe(86_400_000);
  });

  it('reads Retry-After as seconds or an HTTP date, and nothing else', () => {
    const now = new Date('2026-12-02T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('is shortened only by a well-formed FLEETOPS_WEBHOOK_RETRY_DELAYS_MS', () => {
    expect(retryScheduleFrom(undefined)).toBe(SVIX_RETRY_DELAYS_MS);
    expect(retryScheduleFrom('100, 200')).toEqual([100, 200]);
    expect(() => retryScheduleFrom('100,soon')).toThrow(/FLEETOPS_WEBHOOK_RETRY_DELAYS_MS/);
  });
});

describe('attempt verdicts', () => {
  const response = (status: number) => ({ kind: 'response', status, body: '', durationMs: 1 }) as const;

  it('any 2xx succeeds, 410 is gone, a 3xx and everything else fail', () => {
    expect([200, 202, 204, 299].map((s) => verdictOf(response(s)))).toEqual(Array(4).fill('succeeded'));
    expect(verdictOf(response(410))).toBe('gone');
    expect([301, 302, 307, 308, 400, 404, 429, 500, 503].map((s) => verdictOf(response(s)))).toEqual(
      Array(9).fill('failed'),
    );
    expect(verdictOf({ kind: 'error', error: 'ECONNREFUSED', durationMs: 1 })).toBe('failed');
  });

  it('disables after 5 days of failures without a success, not a moment before', () => {
    const since = '2026-11-27T08:00:00.000Z';
    expect(failingTooLong(since, new Date('2026-12-02T07:59:59.999Z'))).toBe(false);
    expect(failingTooLong(since, new Date('2026-12-02T08:00:00.000Z'))).toBe(true);
    expect(failingTooLong(undefined, new Date())).toBe(false);
  });

  it('keeps the first 1 KB of a body without splitting a character', () => {
    expect(Buffer.byteLength(firstBytes('x'.repeat(5000)))).toBe(1024);
    const cut = firstBytes(`${'x'.repeat(1023)}é`);
    expect(cut).toBe('x'.repeat(1023));
  });
});

describe('signatures (Standard Webhooks, checked with the reference library)', () => {
  it('signs the published test vector', () => {
    const headers = signStandardWebhook(
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      Buffer.from('{"test": 2432232314}'),
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('during a rotation sends both signatures, so the old and the new verifier both accept', () => {
    // Prepare
    const previous = generateWebhookSecret();
    const current = generateWebhookSecret();
    const body = JSON.stringify({ type: 'alert.raised', timestamp: new Date().toISOString(), data: { alertId: 'a1' } });
    const id = messageIdFor('ep_x', 'event-1', new Date());

    // Act
    const headers = signStandardWebhook([current, previous], id, Math.floor(Date.now() / 1000), Buffer.from(body));

    // Assess
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });
});

describe('message ids', () => {
  it('are stable per (endpoint, event), differ across endpoints, and sort by event time', () => {
    const at = new Date('2026-12-02T08:00:00Z');
    expect(messageIdFor('ep_a', 'e1', at)).toBe(messageIdFor('ep_a', 'e1', at));
    expect(messageIdFor('ep_a', 'e1', at)).not.toBe(messageIdFor('ep_b', 'e1', at));
    const later = messageIdFor('ep_a', 'e0', new Date(at.getTime() + 1));
    expect(later > messageIdFor('ep_a', 'e1', at)).toBe(true);
    expect(messageIdFor('ep_a', 'e1', at) >= messageIdFloor(at)).toBe(true);
    expect(messageIdFor('ep_a', 'e1', at) < messageIdFloor(new Date(at.getTime() + 1))).toBe(true);
  });
});

describe('address classifier (SSRF)', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['100.63.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fd00:ec2::254', 'metadata'],
    ['fc00::1', 'unique-local'],
    ['fdab:1234::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4-embedded'],
    ['::ffff:7f00:1', 'ipv4-embedded'],
    ['::ffff:169.254.169.254', 'ipv4-embedded'],
    ['::ffff:8.8.8.8', 'ipv4-embedded'],
    ['::127.0.0.1', 'ipv4-embedded'],
    ['64:ff9b::a9fe:a9fe', 'ipv4-embedded'],
    ['2002:7f00:1::', 'ipv4-embedded'],
    ['2001:0:4136:e378::1', 'ipv4-embedded'],
    ['2001:db8::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['localhost', 'invalid'],
    ['1.2.3', 'invalid'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('lets through only public addresses in AWS, and loopback too where the local stack allows it', () => {
    expect(addressRefusal(STRICT_EGRESS, '93.184.216.34')).toBeUndefined();
    expect(addressRefusal(STRICT_EGRESS, '127.0.0.1')).toMatchObject({ reason: 'address', class: 'loopback' });
    expect(addressRefusal(LOCAL, '127.0.0.1')).toBeUndefined();
    expect(addressRefusal(LOCAL, '::1')).toBeUndefined();
    expect(addressRefusal(LOCAL, '10.0.0.1')).toMatchObject({ class: 'private' });
    expect(addressRefusal(LOCAL, '::ffff:127.0.0.1')).toMatchObject({ class: 'ipv4-embedded' });
  });

  it('checks URLs: https only in AWS, http only to loopback locally, no user info, literal hosts classified', () => {
    expect(urlRefusal(STRICT_EGRESS, 'https://hooks.example.com/x')).toBeUndefined();
    expect(urlRefusal(STRICT_EGRESS, 'http://hooks.example.com/x')).toMatchObject({ reason: 'scheme' });
    expect(urlRefusal(STRICT_EGRESS, 'http://127.0.0.1:9000/')).toMatchObject({ reason: 'scheme' });
    expect(urlRefusal(STRICT_EGRESS, 'https://169.254.169.254/latest')).toMatchObject({ class: 'metadata' });
    expect(urlRefusal(STRICT_EGRESS, 'https://[::ffff:a9fe:a9fe]/')).toMatchObject({ class: 'ipv4-embedded' });
    expect(urlRefusal(STRICT_EGRESS, 'https://user:pw@hooks.example.com/')).toMatchObject({ reason: 'credentials' });
    expect(urlRefusal(STRICT_EGRESS, 'ftp://hooks.example.com/')).toMatchObject({ reason: 'scheme' });
    expect(urlRefusal(STRICT_EGRESS, 'not a url')).toMatchObject({ reason: 'invalid_url' });
    expect(urlRefusal(LOCAL, 'http://127.0.0.1:9000/hook')).toBeUndefined();
    expect(urlRefusal(LOCAL, 'http://[::1]:9000/hook')).toBeUndefined();
    expect(urlRefusal(LOCAL, 'http://10.0.0.5/')).toMatchObject({ reason: 'address', class: 'private' });
    expect(urlRefusal(LOCAL, 'http://93.184.216.34/')).toMatchObject({ reason: 'scheme' });
    // A name is checked after DNS: plain http then reaches loopback addresses only.
    expect(urlRefusal(LOCAL, 'http://hooks.example.com/')).toBeUndefined();
    expect(addressRefusal(LOCAL, '93.184.216.34', 'http')).toMatchObject({ reason: 'scheme' });
    expect(addressRefusal(LOCAL, '127.0.0.1', 'http')).toBeUndefined();
  });
});

describe("recording an endpoint's success", () => {
  const at = new Date('2026-12-02T09:00:30.000Z');
  const ago = (ms: number) => new Date(at.getTime() - ms).toISOString();

  it('writes when the endpoint was failing, or has no success yet, whatever the last success', () => {
    expect(recordsSuccess({ failingSince: ago(60_000), lastSuccessAt: ago(1) }, at)).toBe(true);
    expect(recordsSuccess({}, at)).toBe(true);
  });

  it("writes a healthy endpoint's success once per interval, not per delivery", () => {
    expect(recordsSuccess({ lastSuccessAt: ago(SUCCESS_RECORD_INTERVAL_MS - 1) }, at)).toBe(false);
    expect(recordsSuccess({ lastSuccessAt: ago(SUCCESS_RECORD_INTERVAL_MS) }, at)).toBe(true);
  });
});
