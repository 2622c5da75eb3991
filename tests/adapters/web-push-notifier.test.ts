import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error http_ece (web-push's own encryption library) ships no types
import ece from 'http_ece';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { PushServiceError, WebPushNotifier } from '../../functions/modules/notifications/adapters/web-push-notifier.js';
import { DestinationGone, type Notification } from '../../functions/modules/notifications/ports/notifier.js';
import { generateVapidKeys } from '../../functions/modules/notifications/use-cases/vapid-keys.js';

/** A push service on loopback: answers what the test says and keeps each request whole. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

describe('WebPushNotifier against a local push service', () => {
  let server: Server;
  let origin: string;
  const received: Received[] = [];
  let answer = 201;
  const vapid = webpush.generateVAPIDKeys();
  // The browser's side: its P-256 key pair and auth secret, as PushManager.subscribe makes them.
  const browser = createECDH('prime256v1');
  browser.generateKeys();
  const authSecret = randomBytes(16);
  const keys = { p256dh: browser.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks),
        });
        response.writeHead(answer, answer < 300 ? { location: `${origin}/m/${received.length}` } : {});
        response.end(answer < 300 ? '' : 'push subscription has unsubscribed or expired');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const notification = (endpoint: string, pair: { publicKey: string; privateKey: string } = vapid): Notification => ({
    tenantId: 'acme',
    channel: 'push',
    destination: endpoint,
    subject: 'CRITICAL ENGINE_FAILURE on TRK-101',
    message: 'Engine failure on TRK-101',
    metadata: { alertId: 'acme#TRK-101#ENGINE_FAILURE#2026', url: '/alerts/a1', severity: 'CRITICAL' },
    webPush: { keys, vapid: pair, ttlSeconds: 86_400, urgency: 'high' },
  });

  /** The ES256 key of a VAPID public key (the uncompressed P-256 point). */
  const verificationKey = (publicKey: string) => {
    const point = Buffer.from(publicKey, 'base64url');
    return importJWK(
      {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      },
      'ES256',
    );
  };

  it('sends one well-formed RFC 8030 request: VAPID JWT, TTL, Urgency, Topic and an aes128gcm body the browser decrypts', async () => {
    // Arrange
    answer = 201;
    const notifier = new WebPushNotifier('mailto:alerts@fleetops.example');

    // Act
    const receipt = await notifier.send(notification(`${origin}/push/sub-1`));

    // Assert: the request
    const request = received.at(-1) as Received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/push/sub-1');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers['content-type']).toBe('application/octet-stream');
    expect(request.headers.ttl).toBe('86400');
    expect(request.headers.urgency).toBe('high');
    expect(request.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(receipt.messageId).toBe(`${origin}/m/${received.length}`);

    // The VAPID header (RFC 8292): `vapid t=<JWT>, k=<public key>`, the JWT ES256 over the origin.
    const match = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(String(request.headers.authorization));
    expect(match).not.toBeNull();
    const [, jwt, k] = match as RegExpExecArray;
    expect(k).toBe(vapid.publicKey);
    expect(decodeProtectedHeader(jwt as string).alg).toBe('ES256');
    const { payload } = await jwtVerify(jwt as string, await verificationKey(k as string), { audience: origin });
    expect(payload.sub).toBe('mailto:alerts@fleetops.example');
    expect((payload.exp as number) - Date.now() / 1000).toBeLessThanOrEqual(24 * 3600);

    // The body (RFC 8188 header: salt 16, record size, key id = the sender's 65-byte public key).
    const body = request.body;
    expect(body.readUInt32BE(16)).toBeGreaterThanOrEqual(18);
    expect(body[20]).toBe(65);
    expect(body[21]).toBe(0x04);
    expect(request.headers['content-length']).toBe(String(body.length));
    const plaintext = ece.decrypt(body, { version: 'aes128gcm', privateKey: browser, authSecret: keys.auth }) as Buffer;
    expect(JSON.parse(plaintext.toString('utf8'))).toEqual({
      title: 'CRITICAL ENGINE_FAILURE on TRK-101',
      body: 'Engine failure on TRK-101',
      url: '/alerts/a1',
      tag: 'acme#TRK-101#ENGINE_FAILURE#2026',
      severity: 'CRITICAL',
    });
    // Another browser's key does not open it: the body is encrypted for this subscription only.
    const stranger = createECDH('prime256v1');
    stranger.generateKeys();
    expect(() => ece.decrypt(body, { version: 'aes128gcm', privateKey: stranger, authSecret: keys.auth })).toThrow();
  });

  it('signs with a pair from generateVapidKeys (what the stage stores) as with one from web-push', async () => {
    // Arrange: the pair as the stage makes it the first time (use-cases/vapid-keys.ts), without web-push
    answer = 201;
    const notifier = new WebPushNotifier('mailto:alerts@fleetops.example');
    const pairs = Array.from({ length: 20 }, () => generateVapidKeys());

    // Act
    for (const [i, pair] of pairs.entries()) await notifier.send(notification(`${origin}/push/own-${i}`, pair));

    // Assert: web-push's sizes (65-byte point, 32-byte scalar), the private key is the public key's,
    // and the JWT of every request verifies under the public key it names
    const sent = received.slice(-pairs.length);
    for (const [i, pair] of pairs.entries()) {
      const point = Buffer.from(pair.publicKey, 'base64url');
      expect(point.length).toBe(65);
      expect(point[0]).toBe(0x04);
      expect(Buffer.from(pair.privateKey, 'base64url').length).toBe(32);
      const derived = createECDH('prime256v1');
      derived.setPrivateKey(Buffer.from(pair.privateKey, 'base64url'));
      expect(derived.getPublicKey().toString('base64url')).toBe(pair.publicKey);
      const [, jwt, k] = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(
        String(sent[i]?.headers.authorization),
      ) as RegExpExecArray;
      expect(k).toBe(pair.publicKey);
      await expect(
        jwtVerify(jwt as string, await verificationKey(pair.publicKey), { audience: origin }),
      ).resolves.toBeDefined();
    }
  });

  it.each([404, 410])('answers DestinationGone when the push service says %i', async (status) => {
    // Arrange
    answer = status;
    const notifier = new WebPushNotifier('mailto:alerts@fleetops.example');

    // Act
    const sent = notifier.send(notification(`${origin}/push/gone`));

    // Assert
    await expect(sent).rejects.toBeInstanceOf(DestinationGone);
    await expect(sent).rejects.toMatchObject({ statusCode: status });
  });

  it('answers a PushServiceError (retried by the caller) for a 429 or 5xx', async () => {
    // Arrange
    answer = 503;
    const notifier = new WebPushNotifier('mailto:alerts@fleetops.example');

    // Act
    const sent = notifier.send(notification(`${origin}/push/busy`));

    // Assert
    await expect(sent).rejects.toBeInstanceOf(PushServiceError);
    await expect(sent).rejects.toMatchObject({ statusCode: 503 });
  });

  it('refuses a push without Web Push keys instead of sending something unencrypted', async () => {
    // Arrange
    const notifier = new WebPushNotifier('mailto:alerts@fleetops.example');
    const { webPush: _keys, ...plain } = notification(`${origin}/push/plain`);
    const before = received.length;

    // Act
    const sent = notifier.send(plain);

    // Assert
    await expect(sent).rejects.toBeInstanceOf(PushServiceError);
    expect(received.length).toBe(before);
  });
});
