import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';

/**
 * The vehicles API on the whole local stack: the seeded fleet, registration unlocking ingest, the
 * state kept by the ingest log's consumer and the open-alert count kept from `alert.raised`, with tenant
 * and driver scoping through real tokens of the local issuer.
 */
describe('vehicles on the local stack', () => {
  let stack: LocalStack;
  const tokens: Record<string, string> = {};

  const token = async (tenantId: string, userId: string, roles: string[]) => {
    const response = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId, roles }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };
  const api = async (path: string, bearer: string | undefined, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${stack.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ids = (body: Record<string, unknown>) => (body.items as { vehicleId: string }[]).map((v) => v.vehicleId);
  let clock = Date.now() - 60_000;
  const ts = (stepMs = 1000) => {
    clock += stepMs;
    return new Date(clock).toISOString();
  };

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      inMemory: true,
      simulator: false,
      logLevel: 'SILENT',
      tablePrefix: `veh${randomBytes(3).toString('hex')}`,
      retryBaseDelayMs: 10,
    });
    tokens.admin = await token('acme', 'acme-admin', ['admin']);
    tokens.partner = await token('acme', 'acme-partner', ['partner']);
    tokens.dispatcher = await token('acme', 'acme-dispatcher', ['dispatcher']);
    tokens.driver = await token('acme', 'acme-driver-1', ['driver']);
    tokens.globex = await token('globex', 'globex-dispatcher', ['dispatcher']);
    // Starting DynamoDB Local and every function is slow on a loaded 2-core machine.
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the seeded demo fleet per tenant, a driver seeing only their vehicle', async () => {
    const acme = await api('/v1/vehicles', tokens.dispatcher);
    const globex = await api('/v1/vehicles', tokens.globex);
    const driver = await api('/v1/vehicles', tokens.driver);

    expect(acme.status).toBe(200);
    expect(ids(acme.body)).toEqual(['TRK-101', 'TRK-102', 'TRK-103', 'VAN-12', 'VAN-14']);
    expect(ids(globex.body)).toEqual(['TRK-201', 'TRK-202', 'VAN-21']);
    expect(ids(driver.body)).toEqual(['TRK-101']);
  });

  it('a registered vehicle’s readings are accepted and move its state; its alert counts as open', async () => {
    // Before registration ingest refuses the vehicle
    const refused = await api('/v1/telemetry', tokens.partner, {
      method: 'POST',
      body: { readings: [{ vehicleId: 'TRK-900', ts: ts(), engineTemp: 90 }] },
    });
    expect(refused.status).toBe(422);

    // Act
    const registered = await api('/v1/vehicles', tokens.admin, {
      method: 'POST',
      body: { vehicleId: 'TRK-900', name: 'Demo truck', type: 'truck' },
    });
    const first = ts();
    const accepted = await api('/v1/telemetry', tokens.partner, {
      method: 'POST',
      body: {
        readings: [
          { vehicleId: 'TRK-900', ts: first, engineTemp: 90, oilPressure: 40, rpm: 1000, lat: 41.88, lng: -87.63 },
          // 36 s later: 0.01 engine hours
          {
            vehicleId: 'TRK-900',
            ts: ts(36_000),
            engineTemp: 121,
            oilPressure: 9,
            rpm: 1000,
          },
        ],
      },
    });
    await stack.idle();
    const detail = await api('/v1/vehicles/TRK-900', tokens.dispatcher);

    // Assess
    expect(registered.status).toBe(201);
    expect(accepted.status).toBe(202);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      vehicleId: 'TRK-900',
      lastSeenAt: new Date(clock).toISOString(),
      position: { lat: 41.88, lng: -87.63, ts: first },
      readings: { engineTemp: 121, oilPressure: 9 },
      openAlerts: 1,
    });
    expect(detail.body.engineHours).toBe(0.01);
  });

  it('globex cannot read, change or list acme’s vehicle or its telemetry (404 / empty)', async () => {
    expect((await api('/v1/vehicles/TRK-900', tokens.globex)).status).toBe(404);
    expect((await api('/v1/vehicles/TRK-900/telemetry', tokens.globex)).status).toBe(404);
    expect((await api('/v1/vehicles?q=TRK-900', tokens.globex)).body).toEqual({ items: [] });
    const globexAdmin = await token('globex', 'globex-admin', ['admin']);
    expect((await api('/v1/vehicles/TRK-900', globexAdmin, { method: 'PATCH', body: { name: 'x' } })).status).toBe(404);
  });

  it('serves the vehicle’s telemetry and records a service through the gateway', async () => {
    const telemetry = await api('/v1/vehicles/TRK-900/telemetry', tokens.dispatcher);
    const service = await api('/v1/vehicles/TRK-900/services', tokens.admin, {
      method: 'POST',
      body: { notes: 'Checked' },
    });
    const detail = await api('/v1/vehicles/TRK-900', tokens.dispatcher);

    expect(telemetry.status).toBe(200);
    expect(telemetry.body).toMatchObject({ readings: 2, downsampled: false });
    expect(service.status).toBe(201);
    expect(detail.body.lastService).toMatchObject({ ts: service.body.ts });
  });
});
