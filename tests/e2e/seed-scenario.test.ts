import { randomBytes } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dynamoDbFleetRepository } from '../../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { DEMO_TENANTS } from '../../local/seed/demo-data.js';
import { FleetSimulator } from '../../local/simulator/fleet-simulator.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';

/**
 * The seed scenario of issue #2 end to end, on the whole local stack in this process: the real
 * handlers from FUNCTIONS, DynamoDB Local, the HTTP and WebSocket APIs, bus, outbox — with real
 * WebSocket clients for two tenants.
 */

interface Frame {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

interface Watcher {
  readonly socket: WebSocket;
  readonly frames: Frame[];
  /** Resolves with the next frame of `type`, failing after `ms`. */
  waitFor(type: string, ms?: number): Promise<Frame>;
  /** A ping/pong round trip: every frame the server sent before it has arrived afterwards. */
  barrier(): Promise<void>;
  close(): void;
}

function watch(url: string): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: Frame[] = [];
    const waiters: { type: string; resolve: (frame: Frame) => void }[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      frames.push(frame);
      const index = waiters.findIndex((w) => w.type === frame.type);
      if (index >= 0) waiters.splice(index, 1)[0]?.resolve(frame);
    });
    socket.once('unexpected-response', (_, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        frames,
        waitFor(type, ms = 10_000) {
          const seen = frames.find((f) => f.type === type);
          if (seen) return Promise.resolve(seen);
          return new Promise((resolveFrame, rejectFrame) => {
            const timer = setTimeout(() => rejectFrame(new Error(`no ${type} frame within ${ms} ms`)), ms);
            waiters.push({
              type,
              resolve: (frame) => {
                clearTimeout(timer);
                resolveFrame(frame);
              },
            });
          });
        },
        barrier: () =>
          new Promise((resolvePong) => {
            socket.once('pong', () => resolvePong());
            socket.ping();
          }),
        close: () => socket.close(),
      }),
    );
  });
}

describe('seed scenario: telemetry → alert → WebSocket + SMS, tenant-isolated', () => {
  let stack: LocalStack;
  let acme: Watcher;
  let globex: Watcher;
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
  const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const { token: bearer, ...rest } = init;
    return fetch(`${stack.url}${path}`, {
      ...rest,
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(rest.headers as Record<string, string> | undefined),
      },
    });
  };
  const postTelemetry = (readings: object[], bearer: string | null = tokens.acmePartner ?? null) =>
    api('/v1/telemetry', { method: 'POST', token: bearer, body: JSON.stringify({ readings }) });
  const listAlerts = async (bearer: string) => {
    const response = await api('/v1/alerts', { token: bearer });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: Record<string, unknown>[] };
  };

  let clock = Date.parse('2026-11-22T09:00:00.000Z');
  const ts = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      inMemory: true,
      simulator: false,
      logLevel: 'SILENT',
      tablePrefix: `e2e${randomBytes(3).toString('hex')}`,
      retryBaseDelayMs: 10,
    });
    tokens.acmePartner = await token('acme', 'acme-partner', ['partner']);
    tokens.acmeDispatcher = await token('acme', 'acme-dispatcher', ['dispatcher']);
    tokens.globexDispatcher = await token('globex', 'globex-dispatcher', ['dispatcher']);
    tokens.acmeDriver = await token('acme', 'acme-driver-1', ['driver']);
    acme = await watch(`${stack.wsUrl}?token=${tokens.acmeDispatcher}`);
    globex = await watch(`${stack.wsUrl}?token=${tokens.globexDispatcher}`);
    await stack.idle();
  });

  afterAll(async () => {
    acme?.close();
    globex?.close();
    await stack?.stop();
  });

  it('normal readings (engineTemp 90, oilPressure 40) are accepted and raise nothing', async () => {
    const response = await postTelemetry([{ vehicleId: 'TRK-101', ts: ts(), engineTemp: 90, oilPressure: 40 }]);
    await stack.idle();

    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 1 });
    await acme.barrier();
    expect(acme.frames.filter((f) => f.type === 'alert.raised')).toEqual([]);
    expect((await listAlerts(tokens.acmeDispatcher as string)).items).toEqual([]);
  });

  it('the seed fault reaches acme as CRITICAL ENGINE_FAILURE, texts the on-call number and the dispatcher, and globex sees nothing', async () => {
    // Act
    const response = await postTelemetry([{ vehicleId: 'TRK-101', ts: ts(), engineTemp: 120, oilPressure: 10 }]);
    expect(response.status).toBe(202);
    await stack.idle();
    const frame = await acme.waitFor('alert.raised');

    // Assess: acme's dispatcher got the frame
    expect(frame.data).toMatchObject({ severity: 'CRITICAL', type: 'ENGINE_FAILURE', vehicleId: 'TRK-101' });
    // globex received nothing
    await globex.barrier();
    expect(globex.frames).toEqual([]);
    // the SMS went to acme's on-call number
    const outbox = (await (await fetch(`${stack.url}/dev/outbox?tenantId=acme`)).json()) as {
      channel: string;
      destination: string;
      message: string;
    }[];
    // The on-call number, and the dispatcher as level 0 of the default CRITICAL ladder (issue #12).
    expect(outbox.map((m) => m.destination).sort()).toEqual(['+13125550100', '+13125550103']);
    expect(outbox).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: 'sms',
          destination: '+13125550100',
          message: expect.stringMatching(/TRK-101/),
        }),
        expect.objectContaining({
          channel: 'sms',
          destination: '+13125550103',
          message: expect.stringMatching(/TRK-101/),
        }),
      ]),
    );
    const globexOutbox = (await (await fetch(`${stack.url}/dev/outbox?tenantId=globex`)).json()) as unknown[];
    expect(globexOutbox).toEqual([]);
  });

  it('the repeated fault raises no second alert', async () => {
    const response = await postTelemetry([{ vehicleId: 'TRK-101', ts: ts(), engineTemp: 121, oilPressure: 9 }]);
    expect(response.status).toBe(202);
    await stack.idle();
    await acme.barrier();

    expect(acme.frames.filter((f) => f.type === 'alert.raised')).toHaveLength(1);
    const alerts = await listAlerts(tokens.acmeDispatcher as string);
    expect(alerts.items.filter((a) => a.type === 'ENGINE_FAILURE')).toHaveLength(1);
    expect(alerts.items[0]).toMatchObject({ severity: 'CRITICAL', status: 'open', vehicleId: 'TRK-101' });
  });

  it('the alert is found through GET /v1/search (alerts table stream → index), in acme only', async () => {
    const searchAs = async (bearer: string) => {
      const response = await api('/v1/search?q=engine%20failre&types=alert', { token: bearer });
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Record<string, unknown>[]; facets: Record<string, unknown> };
    };

    const acmeHits = await searchAs(tokens.acmeDispatcher as string);
    const globexHits = await searchAs(tokens.globexDispatcher as string);

    expect(acmeHits.items).toEqual([
      expect.objectContaining({ type: 'alert', snippet: expect.stringContaining('ENGINE_FAILURE on TRK-101') }),
    ]);
    expect(acmeHits.facets).toMatchObject({ type: { alert: 1 }, severity: { CRITICAL: 1 }, status: { open: 1 } });
    expect(globexHits.items).toEqual([]);
  });

  it("globex's alert list is empty: tenants never see each other's alerts", async () => {
    expect((await listAlerts(tokens.globexDispatcher as string)).items).toEqual([]);
  });

  it('resending the same reading is idempotent', async () => {
    const reading = { vehicleId: 'VAN-12', ts: ts(), engineTemp: 85, oilPressure: 42 };
    const first = await postTelemetry([reading]);
    const again = await postTelemetry([reading]);
    await stack.idle();
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
  });

  it('a fresh stack holds the demo fleet, read back through the FleetRepository', async () => {
    const tenant = await stack.repository(dynamoDbFleetRepository).getTenant('acme');
    const users = await stack.repository(dynamoDbFleetRepository).listUsers('globex');
    const vehicles = await stack.repository(dynamoDbFleetRepository).listVehicles('acme');

    expect(tenant).toMatchObject({ tenantId: 'acme', onCallPhone: '+13125550100' });
    expect(new Set(users.flatMap((u) => u.roles)).size).toBe(6);
    expect(vehicles.map((v) => v.vehicleId)).toEqual(expect.arrayContaining(['TRK-101', 'VAN-12']));
  });

  it("the simulator's batches pass the real API: vehicle state is updated for both tenants", async () => {
    const simulator = new FleetSimulator({
      baseUrl: stack.url,
      issuer: stack.issuer,
      tenants: DEMO_TENANTS,
      logger: stack.logger,
      seed: 1,
      faultProbability: 0,
    });

    await simulator.tick();
    await stack.idle();

    const acmeState = await stack.repository(dynamoDbFleetRepository).getVehicleState('acme', 'TRK-103');
    const globexState = await stack.repository(dynamoDbFleetRepository).getVehicleState('globex', 'VAN-21');
    expect(acmeState?.readings).toMatchObject({ speed: expect.any(Number), engineTemp: expect.any(Number) });
    expect(globexState?.readings).toMatchObject({ lat: expect.any(Number), lng: expect.any(Number) });
  });

  describe('errors are JSON {code, message}', () => {
    const expectError = async (response: Response, status: number) => {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { code?: unknown; message?: unknown };
      expect(typeof body.code).toBe('string');
      expect(typeof body.message).toBe('string');
      return body;
    };
    const reading = () => [{ vehicleId: 'TRK-101', ts: ts(), engineTemp: 90, oilPressure: 40 }];

    it('401 without a token, with garbage, expired, alg none, or a tampered signature', async () => {
      const expired = await stack.issuer.issue({
        tenantId: 'acme',
        userId: 'acme-partner',
        roles: ['partner'],
        expiresInSeconds: -120,
      });
      const unsigned = new UnsecuredJWT({ 'custom:tenantId': 'acme', 'cognito:groups': ['partner'], token_use: 'id' })
        .setSubject('acme-partner')
        .setIssuer(stack.issuer.issuer)
        .setAudience(stack.issuer.audience)
        .setExpirationTime('1h')
        .encode();
      const [header, payload, signature] = (tokens.acmePartner as string).split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'custom:tenantId': 'globex' })).toString(
        'base64url',
      )}.${signature}`;

      for (const bearer of [null, 'garbage', expired, unsigned, tampered]) {
        const body = await expectError(await postTelemetry(reading(), bearer), 401);
        expect(body.code).toBe('UNAUTHENTICATED');
      }
    });

    it('403 for a role the route does not allow (a driver posting telemetry)', async () => {
      await expectError(await postTelemetry(reading(), tokens.acmeDriver ?? null), 403);
    });

    it('413 for more than 500 readings', async () => {
      const readings = Array.from({ length: 501 }, (_, i) => ({
        vehicleId: 'TRK-102',
        ts: new Date(Date.parse('2026-11-22T08:00:00.000Z') + i * 1000).toISOString(),
        engineTemp: 90,
      }));
      await expectError(await postTelemetry(readings), 413);
    });

    it('400 for malformed JSON and for a body that breaks the schema', async () => {
      await expectError(
        await api('/v1/telemetry', { method: 'POST', token: tokens.acmePartner ?? null, body: '{"readings": [' }),
        400,
      );
      await expectError(await postTelemetry([{ vehicleId: '', ts: 'yesterday', engineTemp: 'hot' }]), 400);
    });

    it('404 for an unknown route', async () => {
      const body = await expectError(await api('/v1/nowhere', { token: tokens.acmeDispatcher ?? null }), 404);
      expect(body.code).toBe('NOT_FOUND');
    });

    it('refuses a WebSocket connection with a bad or missing token (a Deny policy: 403)', async () => {
      await expect(watch(`${stack.wsUrl}?token=garbage`)).rejects.toThrow(/403/);
      await expect(watch(stack.wsUrl)).rejects.toThrow(/403/);
    });

    it('never answered with a 5xx and parked nothing in the DLQ', async () => {
      expect(await (await fetch(`${stack.url}/dev/dlq`)).json()).toEqual([]);
    });
  });
});
