import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motiveSignature } from '../../functions/modules/integrations/domain/schemes/motive.js';
import { samsaraSignature } from '../../functions/modules/integrations/domain/schemes/samsara.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';

/**
 * Inbound webhooks through the local stack's gateway (issue #11): partners registered by an admin,
 * deliveries signed by the Standard Webhooks reference library and as Samsara signs, sent to the
 * public route with no token; verification on the raw bytes, 401/400/404, de-duplication by
 * message id, the rotation overlap, and nothing of another tenant.
 */
describe('inbound webhooks on the local stack', () => {
  let stack: LocalStack;
  let admin: string;
  let globexAdmin: string;

  const token = async (tenantId: string, roles: string[]) => {
    const response = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId: `${tenantId}-admin`, roles }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const createPartner = async (bearer: string, body: unknown) => {
    const response = await fetch(`${stack.url}/v1/partners`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { partnerId: string; secret: string };
  };
  const deliver = async (partnerId: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(`${stack.url}/v1/webhooks/inbound/${partnerId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const signed = (secret: string, id: string, body: string, at = new Date()) => {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    return {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    };
  };

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      inMemory: true,
      simulator: false,
      logLevel: 'SILENT',
      tablePrefix: `inb${randomBytes(3).toString('hex')}`,
    });
    admin = await token('acme', ['admin']);
    globexAdmin = await token('globex', ['admin']);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('accepts a Standard Webhooks delivery once, without a token; a redelivery is a duplicate', async () => {
    const partner = await createPartner(admin, { name: 'Telematics', kind: 'telematics', scheme: 'standard-webhooks' });
    // Bytes a re-serialisation would change: key order, spacing, a non-ASCII name.
    const body =
      '{"type":"telemetry.readings",  "data":{"readings":[{"vehicleId":"TRK-101","ts":"2026-12-02T09:00:00Z","speed":52}]},"note":"Zoë"}';
    const headers = signed(partner.secret, `msg_${randomBytes(6).toString('hex')}`, body);

    const first = await deliver(partner.partnerId, body, headers);
    const again = await deliver(partner.partnerId, body, headers);

    expect(first).toEqual({ status: 202, body: { status: 'accepted' } });
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });
  });

  it('answers 401 for a tampered body, a wrong secret, a stale timestamp and no signature', async () => {
    const partner = await createPartner(admin, { name: 'Fuel', kind: 'fuel_card', scheme: 'standard-webhooks' });
    const body = '{"type":"fuel.transaction","data":{"transactionId":"t-1"}}';
    const other = `whsec_${randomBytes(32).toString('base64')}`;

    const tampered = await deliver(
      partner.partnerId,
      body.replace('t-1', 't-2'),
      signed(partner.secret, 'msg_a', body),
    );
    const wrongSecret = await deliver(partner.partnerId, body, signed(other, 'msg_b', body));
    const stale = await deliver(
      partner.partnerId,
      body,
      signed(partner.secret, 'msg_c', body, new Date(Date.now() - 6 * 60_000)),
    );
    const unsigned = await deliver(partner.partnerId, body, {});

    for (const response of [tampered, wrongSecret, stale, unsigned]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'INVALID_SIGNATURE' });
    }
  });

  it('answers 400 for a verified body that is not JSON, and 404 for an unknown partner', async () => {
    const partner = await createPartner(admin, { name: 'Billing', kind: 'billing', scheme: 'standard-webhooks' });

    const notJson = await deliver(partner.partnerId, 'not json', signed(partner.secret, 'msg_d', 'not json'));
    const unknown = await deliver('ptn_doesnotexist00', '{}', signed(partner.secret, 'msg_e', '{}'));

    expect(notJson).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD' } });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'PARTNER_NOT_FOUND' } });
  });

  it('verifies with both secrets during a rotation, and a Samsara-signed delivery by its own scheme', async () => {
    const partner = await createPartner(admin, { name: 'Samsara', kind: 'telematics', scheme: 'samsara' });
    const rotated = await fetch(`${stack.url}/v1/partners/${partner.partnerId}/rotate-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    const next = (await rotated.json()) as { secret: string };
    const timestamp = String(Math.floor(Date.now() / 1000));
    const samsara = (secret: string, eventId: string) => {
      const body = `{"eventId":"${eventId}","eventType":"VehicleLocation"}`;
      const signature = samsaraSignature(secret, timestamp, new Uint8Array(Buffer.from(body)));
      return { body, headers: { 'x-samsara-signature': `v1=${signature}`, 'x-samsara-timestamp': timestamp } };
    };

    const withOld = samsara(partner.secret, 'ev-old');
    const withNew = samsara(next.secret, 'ev-new');

    expect(rotated.status).toBe(200);
    expect((await deliver(partner.partnerId, withOld.body, withOld.headers)).status).toBe(202);
    expect((await deliver(partner.partnerId, withNew.body, withNew.headers)).status).toBe(202);
  });

  /** The tenant's open alerts of a type on a vehicle, polled until one shows (the stream and the bus are asynchronous). */
  const alertOf = async (bearer: string, vehicleId: string, type: string, waitMs = 15_000) => {
    const deadline = Date.now() + waitMs;
    do {
      const response = await fetch(`${stack.url}/v1/alerts?vehicleId=${vehicleId}&limit=50`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      const { items } = (await response.json()) as { items: { type: string; vehicleId: string }[] };
      const found = items.find((alert) => alert.type === type);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    return undefined;
  };

  it('raises an alert from a signed Samsara vehicle stats message, as POST /v1/telemetry would', async () => {
    const partner = await createPartner(admin, { name: 'Samsara stats', kind: 'telematics', scheme: 'samsara' });
    const at = new Date(Date.now() - 30_000).toISOString();
    const body = JSON.stringify({
      eventId: `evt-${randomBytes(6).toString('hex')}`,
      eventTime: new Date().toISOString(),
      eventType: 'VehicleStatsUpdated',
      orgId: 20936,
      webhookId: '1411751028848270',
      data: {
        id: '281474977075001',
        name: 'TRK-102',
        engineCoolantTemperatureMilliC: { time: at, value: 121_000 },
        engineOilPressureKPa: { time: at, value: 62 },
      },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = samsaraSignature(partner.secret, timestamp, new Uint8Array(Buffer.from(body)));

    const delivered = await deliver(partner.partnerId, body, {
      'x-samsara-signature': `v1=${signature}`,
      'x-samsara-timestamp': timestamp,
    });

    expect(delivered.status).toBe(202);
    expect(await alertOf(admin, 'TRK-102', 'ENGINE_FAILURE')).toMatchObject({ vehicleId: 'TRK-102' });
  });

  it('raises an alert from a signed Motive location through the vehicle map; globex sees neither map nor alert', async () => {
    const partner = await createPartner(admin, { name: 'Motive', kind: 'telematics', scheme: 'motive' });
    const map = await fetch(`${stack.url}/v1/partners/${partner.partnerId}/vehicle-map`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ mappings: { '40213': 'TRK-103' } }),
    });
    const foreignMap = await fetch(`${stack.url}/v1/partners/${partner.partnerId}/vehicle-map`, {
      headers: { authorization: `Bearer ${globexAdmin}` },
    });
    const body = JSON.stringify({
      action: 'vehicle_location_updated',
      trigger: 'created',
      id: Number.parseInt(randomBytes(3).toString('hex'), 16),
      vehicle_id: 40213,
      vehicle_number: 'Unit 3',
      lat: 41.8781,
      lon: -87.6298,
      located_at: new Date(Date.now() - 20_000).toISOString(),
      speed: 90,
    });
    const signature = motiveSignature(partner.secret, new Uint8Array(Buffer.from(body)));

    const delivered = await deliver(partner.partnerId, body, { 'x-kt-webhook-signature': signature });

    expect(map.status).toBe(200);
    expect(foreignMap.status).toBe(404);
    expect(delivered.status).toBe(202);
    // 90 mph is 144.8 km/h: over the default pack's 120 km/h.
    expect(await alertOf(admin, 'TRK-103', 'SPEEDING')).toMatchObject({ vehicleId: 'TRK-103' });
    expect(await alertOf(globexAdmin, 'TRK-103', 'SPEEDING', 0)).toBeUndefined();
  }, 40_000);

  it('serves the OpenAPI document without a token, naming the local stack as its server', async () => {
    const response = await fetch(`${stack.url}/v1/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: object;
      components: { securitySchemes: { partnerOAuth: { flows: { clientCredentials: { tokenUrl: string } } } } };
    };
    const tokenUrl = document.components.securitySchemes.partnerOAuth.flows.clientCredentials.tokenUrl;
    // The absolute URL of the local issuer's token endpoint, which answers there (ADR 0122).
    const token = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });

    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: stack.url }]);
    expect(tokenUrl).toBe(`${stack.url}/oauth2/token`);
    expect(token.status).toBe(401); // there, refusing a request without client credentials
    expect(Object.keys(document.paths)).toContain('/v1/webhooks/inbound/{partnerId}');
  });

  it('accepts readings with an API key through the gateway, and refuses the key once revoked', async () => {
    const created = await fetch(`${stack.url}/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ name: 'Relay', scopes: ['telemetry:write'] }),
    });
    const { key, apiKeyId } = (await created.json()) as { key: string; apiKeyId: string };
    const send = () =>
      fetch(`${stack.url}/v1/telemetry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({
          readings: [{ vehicleId: 'TRK-101', ts: new Date(Date.now() - 5_000).toISOString(), speed: 40 }],
        }),
      });

    const accepted = await send();
    // Scoped: telemetry:write does not read alerts; a key is refused on a route that takes none.
    const alerts = await fetch(`${stack.url}/v1/alerts`, { headers: { 'x-api-key': key } });
    const partners = await fetch(`${stack.url}/v1/api-keys`, { headers: { 'x-api-key': key } });
    const foreignRevoke = await fetch(`${stack.url}/v1/api-keys/${apiKeyId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${globexAdmin}` },
    });
    const revoke = await fetch(`${stack.url}/v1/api-keys/${apiKeyId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    const refused = await send();

    expect(created.status).toBe(201);
    expect(accepted.status).toBe(202);
    expect(alerts.status).toBe(403);
    expect(partners.status).toBe(401);
    expect(foreignRevoke.status).toBe(404);
    expect(revoke.status).toBe(204);
    expect(refused.status).toBe(401);
  });

  it("gives globex nothing of acme's partners", async () => {
    const partner = await createPartner(admin, { name: 'Acme only', kind: 'helpdesk', scheme: 'zendesk' });

    const rotate = await fetch(`${stack.url}/v1/partners/${partner.partnerId}/rotate-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${globexAdmin}` },
    });
    const list = await fetch(`${stack.url}/v1/partners`, { headers: { authorization: `Bearer ${globexAdmin}` } });

    expect(rotate.status).toBe(404);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
