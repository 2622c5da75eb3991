import { randomBytes } from 'node:crypto';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';

interface CreatedClient {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
  createdAt: string;
}

/**
 * Partner OAuth2 client credentials through the local stack (issue #11, C12, docs/adr/0113): an admin
 * creates a client (secret shown once), the client gets an access token at `POST /oauth2/token` as
 * Cognito issues one, and the gateway's authorizer admits it by the same scopes as an API key; the
 * token endpoint's RFC 6749 §5.2 errors; revocation; nothing of another tenant.
 */
describe('OAuth2 client credentials on the local stack', () => {
  let stack: LocalStack;
  let admin: string;
  let globexAdmin: string;

  const userToken = async (tenantId: string, roles: string[]) => {
    const response = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId: `${tenantId}-admin`, roles }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const createClient = async (bearer: string, scopes: string[], name = 'Relay') => {
    const response = await fetch(`${stack.url}/v1/oauth-clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ name, scopes }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return (await response.json()) as CreatedClient;
  };
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  const accessToken = async (client: CreatedClient, scope?: string) => {
    const response = await tokenRequest(
      { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
      { authorization: basic(client.clientId, client.clientSecret) },
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { access_token: string; token_type: string; expires_in: number };
  };
  const sendReading = (bearer: string, vehicleId = 'TRK-101') =>
    fetch(`${stack.url}/v1/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ readings: [{ vehicleId, ts: new Date(Date.now() - 5_000).toISOString(), speed: 40 }] }),
    });
  const get = (path: string, bearer: string) =>
    fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      inMemory: true,
      simulator: false,
      logLevel: 'SILENT',
      tablePrefix: `oau${randomBytes(3).toString('hex')}`,
    });
    admin = await userToken('acme', ['admin']);
    globexAdmin = await userToken('globex', ['admin']);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('issues a Cognito-shaped access token; telemetry:write sends readings (202) but reads no alerts (403)', async () => {
    const client = await createClient(admin, ['telemetry:write', 'vehicles:read']);

    const token = await accessToken(client);
    const claims = decodeJwt(token.access_token);
    const accepted = await sendReading(token.access_token);
    const alerts = await get('/v1/alerts', token.access_token);
    const alertsBody = (await alerts.json()) as { code: string; message: string };
    // Not an admin route: a client is a partner, whatever its scopes.
    const keys = await get('/v1/oauth-clients', token.access_token);

    expect(client.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(client.clientSecret.length).toBeGreaterThanOrEqual(40);
    expect(token.token_type).toBe('Bearer');
    expect(token.expires_in).toBe(3600);
    expect(claims).toMatchObject({
      token_use: 'access',
      client_id: client.clientId,
      sub: client.clientId,
      scope: 'fleetops/telemetry:write fleetops/vehicles:read',
    });
    expect(claims.aud).toBeUndefined();
    expect(claims['custom:tenantId']).toBeUndefined();
    expect(accepted.status).toBe(202);
    expect(alerts.status).toBe(403);
    expect(typeof alertsBody.code).toBe('string');
    expect(typeof alertsBody.message).toBe('string');
    expect(keys.status).toBe(401);
  });

  it('narrows a token to the requested scope subset, and refuses a scope the client was not given', async () => {
    const client = await createClient(admin, ['telemetry:write', 'vehicles:read']);

    const narrow = await accessToken(client, 'fleetops/vehicles:read');
    const readings = await sendReading(narrow.access_token);
    const vehicles = await get('/v1/vehicles', narrow.access_token);
    const wider = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'fleetops/alerts:read' },
      { authorization: basic(client.clientId, client.clientSecret) },
    );

    expect(decodeJwt(narrow.access_token).scope).toBe('fleetops/vehicles:read');
    expect(readings.status).toBe(403);
    expect(vehicles.status).toBe(200);
    expect(wider.status).toBe(400);
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('answers the token endpoint errors of RFC 6749 §5.2', async () => {
    const client = await createClient(admin, ['alerts:read']);
    const auth = { authorization: basic(client.clientId, client.clientSecret) };

    const wrongSecret = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: basic(client.clientId, 'nope') },
    );
    const unknown = await tokenRequest({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
    const none = await tokenRequest({ grant_type: 'client_credentials' });
    const byForm = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const grant = await tokenRequest({ grant_type: 'password', username: 'a', password: 'b' }, auth);
    const noGrant = await tokenRequest({}, auth);
    const json = await fetch(`${stack.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    const twoMethods = await tokenRequest(
      { grant_type: 'client_credentials', client_secret: client.clientSecret },
      auth,
    );

    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
    expect(none.status).toBe(401);
    expect(byForm.status).toBe(200);
    expect(byForm.headers.get('cache-control')).toBe('no-store');
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect(noGrant.status).toBe(400);
    expect(await noGrant.json()).toMatchObject({ error: 'invalid_request' });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
    expect(twoMethods.status).toBe(400);
  });

  it('refuses a token signed by another key; revocation stops tokens and the client', async () => {
    const client = await createClient(admin, ['telemetry:write']);
    const token = await accessToken(client);
    // Same claims, signed by a key that is not the issuer's.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...decodeJwt(token.access_token) })
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .sign(privateKey);

    const refusedForged = await sendReading(forged);
    const revoke = await fetch(`${stack.url}/v1/oauth-clients/${client.clientId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    const again = await fetch(`${stack.url}/v1/oauth-clients/${client.clientId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    const oldToken = await sendReading(token.access_token);
    const newToken = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: basic(client.clientId, client.clientSecret) },
    );
    const list = (await (await get('/v1/oauth-clients', admin)).json()) as { items: CreatedClient[] };

    expect(refusedForged.status).toBe(401);
    expect(revoke.status).toBe(204);
    expect(again.status).toBe(204);
    expect(oldToken.status).toBe(401);
    expect(newToken.status).toBe(401);
    expect(await newToken.json()).toMatchObject({ error: 'invalid_client' });
    const listed = list.items.find((item) => item.clientId === client.clientId);
    expect(listed).toMatchObject({ name: 'Relay', scopes: ['telemetry:write'] });
    expect(listed).toHaveProperty('revokedAt');
    expect(JSON.stringify(list)).not.toContain(client.clientSecret);
  });

  it("keeps a client in its own tenant: another tenant's vehicles, clients and revocation answer 404", async () => {
    const client = await createClient(admin, ['vehicles:read', 'telemetry:write'], 'Acme only');
    const token = await accessToken(client);

    const own = await get('/v1/vehicles/TRK-101', token.access_token);
    const foreign = await get('/v1/vehicles/TRK-201', token.access_token);
    const foreignReading = await sendReading(token.access_token, 'TRK-201');
    const foreignList = (await (await get('/v1/oauth-clients', globexAdmin)).json()) as { items: CreatedClient[] };
    const foreignRevoke = await fetch(`${stack.url}/v1/oauth-clients/${client.clientId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${globexAdmin}` },
    });
    const stillWorks = await get('/v1/vehicles/TRK-101', token.access_token);

    expect(own.status).toBe(200);
    expect(foreign.status).toBe(404);
    // Another tenant's vehicle is not in this fleet: nothing stored (the same answer as an unknown id).
    expect(foreignReading.status).toBe(422);
    expect(foreignList.items.map((item) => item.clientId)).not.toContain(client.clientId);
    expect(foreignRevoke.status).toBe(404);
    expect(stillWorks.status).toBe(200);
  });
});
