import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbRuleStore } from '../../functions/modules/alerts/adapters/dynamodb-rule-store.js';
import { DEFAULT_RULE_PACK } from '../../functions/modules/alerts/domain/default-rule-pack.js';
import type { RuleView } from '../../functions/modules/alerts/domain/rule.js';
import { createReadRulesHandler } from '../../functions/modules/alerts/handlers/read-rules.handler.js';
import { createWriteRulesHandler } from '../../functions/modules/alerts/handlers/write-rules.handler.js';
import type { RuleStore } from '../../functions/modules/alerts/ports/rule-store.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FixedClock, silentLogger, testTracer, unlimitedRateLimiter } from '../support/fakes.js';

const manager = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: 'm1', roles: ['fleet_manager'] });
const dispatcher: TestCaller = { tenantId: 'acme', userId: 'd1', roles: ['dispatcher'] };
const depotExit = {
  name: 'Left the Berlin depot',
  type: 'GEOFENCE_EXIT',
  severity: 'HIGH',
  condition: { geofence: { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } }, on: 'exit' },
  cooldownSeconds: 600,
};

describe('rules routes', () => {
  let store: RuleStore;
  let read: ReturnType<typeof createReadRulesHandler>;
  let write: ReturnType<typeof createWriteRulesHandler>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    const clock = new FixedClock();
    store = dynamoDbRuleStore.create({ client: db.documentClient, tableName: db.tables.alerts as string, clock });
    const basics = {
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
      rateLimits: unlimitedRateLimiter,
    };
    read = createReadRulesHandler({ rules: store, ...basics });
    write = createWriteRulesHandler({ rules: store, ...basics });
  });

  const call = (
    method: string,
    path: string,
    caller: TestCaller,
    options: { ruleId?: string; body?: unknown; ifMatch?: string } = {},
  ) => {
    const base = httpEvent({ method, path, caller, ...(options.body === undefined ? {} : { body: options.body }) });
    const event = {
      ...base,
      headers: { ...base.headers, ...(options.ifMatch === undefined ? {} : { 'if-match': options.ifMatch }) },
      pathParameters: options.ruleId === undefined ? {} : { ruleId: options.ruleId },
    };
    return method === 'GET' ? read(event) : write(event);
  };
  const list = async (caller: TestCaller = dispatcher) =>
    jsonBody<{ items: RuleView[] }>(await call('GET', '/v1/rules', caller)).items;

  it('lists the default pack for a tenant that changed nothing, each with source default', async () => {
    const items = await list({ tenantId: 'fresh', roles: ['agent'] });
    expect(items.map((r) => [r.ruleId, r.source])).toEqual(DEFAULT_RULE_PACK.map((r) => [r.ruleId, 'default']));
  });

  it('creates a tenant rule (201), reads it back and lists it as source tenant', async () => {
    // Act
    const created = await call('POST', '/v1/rules', manager(), { body: depotExit });
    const rule = jsonBody<RuleView>(created);
    const fetched = await call('GET', '/v1/rules/{ruleId}', dispatcher, { ruleId: rule.ruleId });

    // Assess
    expect(created.statusCode).toBe(201);
    expect(rule).toMatchObject({ ...depotExit, enabled: true, source: 'tenant' });
    expect(rule.ruleId).toMatch(/^rule_[0-9A-Z]{26}$/);
    expect(jsonBody(fetched)).toEqual(rule);
    expect((await list()).at(-1)).toEqual(rule);
  });

  it('creates under a given ruleId once; a second create or a default id is 409 RULE_EXISTS', async () => {
    const first = await call('POST', '/v1/rules', manager(), { body: { ...depotExit, ruleId: 'depot-exit' } });
    const again = await call('POST', '/v1/rules', manager(), { body: { ...depotExit, ruleId: 'depot-exit' } });
    const taken = await call('POST', '/v1/rules', manager(), { body: { ...depotExit, ruleId: 'speeding' } });

    expect([first.statusCode, again.statusCode, taken.statusCode]).toEqual([201, 409, 409]);
    expect(jsonBody(again)).toMatchObject({ code: 'RULE_EXISTS' });
  });

  it('PUT on a default rule overrides it for this tenant only; DELETE restores the default', async () => {
    // Prepare
    const speeding = DEFAULT_RULE_PACK.find((r) => r.ruleId === 'speeding');
    const override = { ...speeding, condition: { metric: 'speed', op: '>', value: 100 }, ruleId: undefined };

    // Act
    const put = await call('PUT', '/v1/rules/{ruleId}', manager(), { ruleId: 'speeding', body: override });
    const acmeView = (await list()).find((r) => r.ruleId === 'speeding');
    const globexView = (await list({ tenantId: 'globex', roles: ['admin'] })).find((r) => r.ruleId === 'speeding');
    const deleted = await call('DELETE', '/v1/rules/{ruleId}', manager(), { ruleId: 'speeding' });
    const restored = (await list()).find((r) => r.ruleId === 'speeding');

    // Assess
    expect(put.statusCode).toBe(200);
    expect(acmeView).toMatchObject({ source: 'tenant', overridesDefault: true, condition: { value: 100 } });
    expect(globexView).toEqual({ ...speeding, source: 'default', revision: 0 });
    expect(deleted.statusCode).toBe(204);
    expect(restored).toEqual({ ...speeding, source: 'default', revision: 0 });
  });

  it('PUT disables a default rule; PUT on an unknown id is 404', async () => {
    const lowFuel = DEFAULT_RULE_PACK.find((r) => r.ruleId === 'low-fuel');
    const off = await call('PUT', '/v1/rules/{ruleId}', manager(), {
      ruleId: 'low-fuel',
      body: { ...lowFuel, ruleId: undefined, enabled: false },
    });
    const unknown = await call('PUT', '/v1/rules/{ruleId}', manager(), { ruleId: 'nope', body: depotExit });

    expect(jsonBody(off)).toMatchObject({ ruleId: 'low-fuel', enabled: false, source: 'tenant' });
    expect(unknown.statusCode).toBe(404);
  });

  it('DELETE removes a tenant rule (then 404); an unknown id is 404', async () => {
    const rule = jsonBody<RuleView>(await call('POST', '/v1/rules', manager(), { body: depotExit }));

    const deleted = await call('DELETE', '/v1/rules/{ruleId}', manager(), { ruleId: rule.ruleId });
    const gone = await call('GET', '/v1/rules/{ruleId}', dispatcher, { ruleId: rule.ruleId });
    const again = await call('DELETE', '/v1/rules/{ruleId}', manager(), { ruleId: rule.ruleId });

    expect([deleted.statusCode, gone.statusCode, again.statusCode]).toEqual([204, 404, 404]);
  });

  describe('revisions: ETag and If-Match', () => {
    const harsh = {
      name: 'Harsh braking',
      type: 'HARSH_BRAKING',
      severity: 'MEDIUM',
      condition: { metric: 'acceleration', op: '<', value: -6 },
    };

    it('answers each rule with its ETag; a stale If-Match is 412 RULE_CHANGED and keeps the first change', async () => {
      // Prepare: two managers load the same default rule.
      const loaded = await call('GET', '/v1/rules/{ruleId}', manager('etag'), { ruleId: 'low-fuel' });
      const lowFuel = jsonBody<RuleView>(loaded);
      const { source: _s, revision: _r, ruleId: _id, ...body } = lowFuel;

      // Act: the first saves, the second saves what it loaded before.
      const first = await call('PUT', '/v1/rules/{ruleId}', manager('etag'), {
        ruleId: 'low-fuel',
        body: { ...body, severity: 'HIGH' },
        ifMatch: loaded.headers?.etag as string,
      });
      const second = await call('PUT', '/v1/rules/{ruleId}', manager('etag'), {
        ruleId: 'low-fuel',
        body: { ...body, enabled: false },
        ifMatch: loaded.headers?.etag as string,
      });

      // Assess
      expect([loaded.headers?.etag, lowFuel.revision]).toEqual(['"0"', 0]);
      expect([first.statusCode, first.headers?.etag, jsonBody<RuleView>(first).revision]).toEqual([200, '"1"', 1]);
      expect(second.statusCode).toBe(412);
      expect(jsonBody(second)).toMatchObject({
        code: 'RULE_CHANGED',
        message: expect.stringMatching(/changed by someone else .*revision 1/),
        details: { ruleId: 'low-fuel', revision: 1 },
      });
      const now = jsonBody<RuleView>(await call('GET', '/v1/rules/{ruleId}', manager('etag'), { ruleId: 'low-fuel' }));
      expect(now).toMatchObject({ severity: 'HIGH', enabled: true, revision: 1 });
    });

    it('lets exactly one of two concurrent writes with the same If-Match through', async () => {
      const created = await call('POST', '/v1/rules', manager('race'), { body: harsh });
      const rule = jsonBody<RuleView>(created);
      const put = (value: number) =>
        call('PUT', '/v1/rules/{ruleId}', manager('race'), {
          ruleId: rule.ruleId,
          body: { ...harsh, condition: { ...harsh.condition, value } },
          ifMatch: created.headers?.etag as string,
        });

      const results = await Promise.all([put(-5), put(-7), put(-8)]);

      expect(created.headers?.etag).toBe('"1"');
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
    });

    it('DELETE with a stale If-Match is 412 and deletes nothing; with the current one it deletes', async () => {
      const rule = jsonBody<RuleView>(await call('POST', '/v1/rules', manager('del'), { body: harsh }));
      await call('PUT', '/v1/rules/{ruleId}', manager('del'), { ruleId: rule.ruleId, body: harsh });

      const stale = await call('DELETE', '/v1/rules/{ruleId}', manager('del'), { ruleId: rule.ruleId, ifMatch: '"1"' });
      const current = await call('DELETE', '/v1/rules/{ruleId}', manager('del'), {
        ruleId: rule.ruleId,
        ifMatch: '"2"',
      });
      const after = await call('DELETE', '/v1/rules/{ruleId}', manager('del'), { ruleId: rule.ruleId, ifMatch: '"2"' });

      expect([stale.statusCode, current.statusCode, after.statusCode]).toEqual([412, 204, 404]);
    });

    it('gives every write its own revision without If-Match (last write wins, serialised)', async () => {
      const rule = jsonBody<RuleView>(await call('POST', '/v1/rules', manager('lww'), { body: harsh }));
      const writes = await Promise.all(
        [1, 2, 3].map(() => call('PUT', '/v1/rules/{ruleId}', manager('lww'), { ruleId: rule.ruleId, body: harsh })),
      );
      expect(writes.map((w) => w.statusCode)).toEqual([200, 200, 200]);
      expect(writes.map((w) => jsonBody<RuleView>(w).revision).sort()).toEqual([2, 3, 4]);
    });

    it.each(['W/"1"', '1', '"1", "2"', '"abc"'])('answers If-Match %s with 400 INVALID_IF_MATCH', async (ifMatch) => {
      const result = await call('PUT', '/v1/rules/{ruleId}', manager('bad'), {
        ruleId: 'speeding',
        body: harsh,
        ifMatch,
      });
      expect(result.statusCode).toBe(400);
      expect(jsonBody(result)).toMatchObject({ code: 'INVALID_IF_MATCH' });
    });
  });

  it('every write bumps the tenant’s rules version (what the evaluation cache checks)', async () => {
    const before = await store.version('versioned');
    await call('POST', '/v1/rules', manager('versioned'), { body: depotExit });
    await call('PUT', '/v1/rules/{ruleId}', manager('versioned'), { ruleId: 'speeding', body: depotExit });
    expect(await store.version('versioned')).toBe(before + 2);
  });

  it('globex cannot read, change or delete an acme rule: 404', async () => {
    const rule = jsonBody<RuleView>(await call('POST', '/v1/rules', manager(), { body: depotExit }));
    const globex = manager('globex');

    const results = [
      await call('GET', '/v1/rules/{ruleId}', globex, { ruleId: rule.ruleId }),
      await call('PUT', '/v1/rules/{ruleId}', globex, { ruleId: rule.ruleId, body: depotExit }),
      await call('DELETE', '/v1/rules/{ruleId}', globex, { ruleId: rule.ruleId }),
    ];

    expect(results.map((r) => r.statusCode)).toEqual([404, 404, 404]);
    expect((await list({ tenantId: 'globex', roles: ['admin'] })).some((r) => r.ruleId === rule.ruleId)).toBe(false);
    expect((await call('GET', '/v1/rules/{ruleId}', dispatcher, { ruleId: rule.ruleId })).statusCode).toBe(200);
  });

  it('an invalid rule is 400 with details naming the bad field', async () => {
    const bad = {
      ...depotExit,
      condition: {
        all: [
          { metric: 'speed', op: '>', value: 1 },
          { metric: 'speed', op: '>>', value: 2 },
        ],
      },
    };

    const created = await call('POST', '/v1/rules', manager(), { body: bad });
    const put = await call('PUT', '/v1/rules/{ruleId}', manager(), {
      ruleId: 'speeding',
      body: { ...depotExit, severity: 'URGENT' },
    });
    const badId = await call('GET', '/v1/rules/{ruleId}', dispatcher, { ruleId: 'a b' });

    expect(created.statusCode).toBe(400);
    expect(jsonBody(created)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.condition.all.1.op' }],
    });
    expect(jsonBody(put)).toMatchObject({ details: [{ path: 'body.severity' }] });
    expect(jsonBody(badId)).toMatchObject({ details: [{ path: 'path.ruleId' }] });
  });

  it('writers are admin and fleet_manager: a dispatcher or driver writing is 403, a driver reading is 403', async () => {
    const byDispatcher = await call('POST', '/v1/rules', dispatcher, { body: depotExit });
    const byDriver = await call(
      'DELETE',
      '/v1/rules/{ruleId}',
      { tenantId: 'acme', roles: ['driver'] },
      { ruleId: 'speeding' },
    );
    const driverRead = await call('GET', '/v1/rules', { tenantId: 'acme', roles: ['driver'] });
    const byAdmin = await call('POST', '/v1/rules', { tenantId: 'acme', roles: ['admin'] }, { body: depotExit });

    expect([byDispatcher.statusCode, byDriver.statusCode, driverRead.statusCode, byAdmin.statusCode]).toEqual([
      403, 403, 403, 201,
    ]);
  });
});
