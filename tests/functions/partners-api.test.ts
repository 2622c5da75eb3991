import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbPartnerRepository } from '../../functions/modules/integrations/adapters/dynamodb-partner-repository.js';
import { activeSecrets } from '../../functions/modules/integrations/domain/partner.js';
import { INBOUND_SCHEMES } from '../../functions/modules/integrations/domain/schemes/index.js';
import { standardWebhookSignature } from '../../functions/modules/integrations/domain/schemes/standard-webhooks.js';
import { createListPartnersHandler } from '../../functions/modules/integrations/handlers/list-partners.handler.js';
import { createRegisterPartnerHandler } from '../../functions/modules/integrations/handlers/register-partner.handler.js';
import { createRotatePartnerSecretHandler } from '../../functions/modules/integrations/handlers/rotate-partner-secret.handler.js';
import type { PartnerRepository } from '../../functions/modules/integrations/ports/partner-repository.js';
import { secretContext } from '../../functions/modules/integrations/use-cases/partners.js';
import { EnvelopeFieldCipher, type FieldCipher } from '../../functions/platform/crypto/field-cipher.js';
import { LocalDataKeys } from '../../local/crypto/local-data-keys.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock, testBasics } from '../support/fakes.js';

const admin = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });
const dispatcher: TestCaller = { tenantId: 'acme', userId: 'acme-dispatcher', roles: ['dispatcher'] };

interface Created {
  partnerId: string;
  secret: string;
  kind: string;
  scheme: string;
  secretCreatedAt: string;
  previousSecretRetiresAt?: string;
}

describe('partners API (POST/GET /v1/partners, rotate-secret)', () => {
  let clock: FixedClock;
  let partners: PartnerRepository;
  let cipher: FieldCipher;
  let handlers: {
    register: ReturnType<typeof createRegisterPartnerHandler>;
    list: ReturnType<typeof createListPartnersHandler>;
    rotate: ReturnType<typeof createRotatePartnerSecretHandler>;
  };
  const register = (caller: TestCaller, body: unknown) =>
    handlers.register(httpEvent({ method: 'POST', path: '/v1/partners', body, caller }));
  const list = (caller: TestCaller, query: Record<string, string> = {}) =>
    handlers.list(httpEvent({ method: 'GET', path: '/v1/partners', query, caller }));
  const rotate = (caller: TestCaller, partnerId: string) =>
    handlers.rotate({
      ...httpEvent({ method: 'POST', path: '/v1/partners/{partnerId}/rotate-secret', caller }),
      pathParameters: { partnerId },
    });
  /** The secrets a delivery may be signed with now, as the inbound route will read them. */
  const verifyingSecrets = async (partnerId: string) => {
    const partner = await partners.findById(partnerId);
    if (!partner) return [];
    return Promise.all(
      activeSecrets(partner, clock.now()).map((s) => cipher.decrypt(s.sealed, secretContext(partner))),
    );
  };

  beforeAll(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-02T09:00:00.000Z'));
    partners = dynamoDbPartnerRepository.create({
      client: db.documentClient,
      tableName: db.tables.integrations as string,
      clock,
    });
    cipher = new EnvelopeFieldCipher(await LocalDataKeys.create());
    const basics = testBasics(clock);
    handlers = {
      register: createRegisterPartnerHandler({ ...basics, partners, cipher }),
      list: createListPartnersHandler({ ...basics, partners }),
      rotate: createRotatePartnerSecretHandler({ ...basics, partners, cipher }),
    };
  });

  it('registers a partner with a whsec_ secret shown once and stored only sealed', async () => {
    const response = await register(admin(), { name: 'Samsara EU', kind: 'telematics', scheme: 'standard-webhooks' });

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['cache-control']).toBe('no-store');
    const created = jsonBody<Created>(response);
    expect(created).toMatchObject({ partnerId: expect.stringMatching(/^ptn_/), kind: 'telematics' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = JSON.stringify(await partners.findById(created.partnerId));
    expect(stored).not.toContain(created.secret);
    expect(stored).not.toContain(created.secret.slice(6));
    // The stored secret verifies what the partner signs with the secret it was shown.
    const body = new Uint8Array(Buffer.from('{"type":"telemetry.readings","data":{"readings":[]}}'));
    const seconds = Math.floor(clock.now().getTime() / 1000);
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(seconds),
      'webhook-signature': `v1,${standardWebhookSignature(created.secret, 'msg_1', seconds, body)}`,
    };
    const secrets = await verifyingSecrets(created.partnerId);
    expect(
      INBOUND_SCHEMES['standard-webhooks'].verify({ delivery: { headers, body }, secrets, now: clock.now() }),
    ).toMatchObject({ ok: true });
  });

  it('answers 400 naming the field for a scheme that does not fit the kind, an unknown field or kind', async () => {
    const mismatch = await register(admin(), { name: 'Stripe?', kind: 'telematics', scheme: 'stripe' });
    const unknownKind = await register(admin(), { name: 'x', kind: 'crm', scheme: 'standard-webhooks' });
    const extra = await register(admin(), { name: 'x', kind: 'billing', scheme: 'stripe', secret: 'mine' });

    expect(mismatch.statusCode).toBe(400);
    expect(JSON.stringify(jsonBody(mismatch))).toContain('scheme');
    expect(unknownKind.statusCode).toBe(400);
    expect(extra.statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    expect((await register(dispatcher, { name: 'x', kind: 'billing', scheme: 'stripe' })).statusCode).toBe(403);
    expect((await list(dispatcher)).statusCode).toBe(403);
  });

  it('rotates: the new secret verifies at once, the old one for 24 hours more, then not', async () => {
    // Prepare
    const created = jsonBody<Created>(await register(admin(), { name: 'Stripe', kind: 'billing', scheme: 'stripe' }));

    // Act
    clock.advance(60_000);
    const response = await rotate(admin(), created.partnerId);

    // Assess
    expect(response.statusCode).toBe(200);
    const rotated = jsonBody<Created>(response);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretRetiresAt).toBe(new Date(clock.now().getTime() + 24 * 3_600_000).toISOString());
    expect(await verifyingSecrets(created.partnerId)).toEqual([rotated.secret, created.secret]);
    clock.advance(24 * 3_600_000 - 1000);
    expect(await verifyingSecrets(created.partnerId)).toEqual([rotated.secret, created.secret]);
    clock.advance(2000);
    expect(await verifyingSecrets(created.partnerId)).toEqual([rotated.secret]);
    // A second rotation keeps one overlap: the newest and the one it replaced.
    const again = jsonBody<Created>(await rotate(admin(), created.partnerId));
    expect(await verifyingSecrets(created.partnerId)).toEqual([again.secret, rotated.secret]);
  });

  it("lists the tenant's partners without secrets; globex sees none of acme's and cannot rotate them", async () => {
    const created = jsonBody<Created>(
      await register(admin(), { name: 'Zendesk', kind: 'helpdesk', scheme: 'zendesk' }),
    );
    await register(admin('globex'), { name: 'Globex fuel', kind: 'fuel_card', scheme: 'standard-webhooks' });

    const acme = jsonBody<{ items: Record<string, unknown>[] }>(await list(admin()));
    const globex = jsonBody<{ items: Record<string, unknown>[] }>(await list(admin('globex')));
    const foreign = await rotate(admin('globex'), created.partnerId);

    expect(acme.items.map((p) => p.name)).toEqual(expect.arrayContaining(['Samsara EU', 'Stripe', 'Zendesk']));
    expect(acme.items.every((p) => !('secret' in p) && !('secrets' in p) && !('tenantId' in p))).toBe(true);
    expect(globex.items.map((p) => p.name)).toEqual(['Globex fuel']);
    expect(foreign.statusCode).toBe(404);
    expect(jsonBody(foreign)).toMatchObject({ code: 'PARTNER_NOT_FOUND' });
  });

  it('pages with a cursor bound to the tenant', async () => {
    const first = jsonBody<{ items: unknown[]; nextCursor?: string }>(await list(admin(), { limit: '2' }));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();

    const second = jsonBody<{ items: { partnerId: string }[] }>(
      await list(admin(), { limit: '2', cursor: first.nextCursor as string }),
    );
    const replayed = await list(admin('globex'), { limit: '2', cursor: first.nextCursor as string });

    expect(second.items.length).toBeGreaterThan(0);
    expect(replayed.statusCode).toBe(400);
  });
});
