import { randomBytes } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoDbAlertRepository } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { ALERT_CHANGED_PATTERN } from '../../functions/modules/alerts/events.js';
import {
  type ChangeAlertDeps,
  changeAlert,
  createChangeAlertHandler,
} from '../../functions/modules/alerts/handlers/change-alert.handler.js';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import type { EventPublisher } from '../../functions/platform/events/event-publisher.js';
import type { EventTrigger, FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { defineFunction } from '../../functions/platform/wiring/declaration.js';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';

/**
 * The alert lifecycle routes on the whole local stack (gateway, JWT authorizer, DynamoDB Local,
 * bus, stream pollers): `Idempotency-Key` replays (issue #8, ADR 0062) and a lifecycle event that
 * is still delivered when the request's own publish fails after the write (issue #9, ADR 0063).
 */
describe('alert lifecycle: Idempotency-Key and durable events on the local stack', () => {
  let stack: LocalStack;
  /** PutEvents calls of the changeAlert function that fail, from the next one on. */
  let failingPublishes = 0;
  const changes: EventBridgeEvent<string, Alert>[] = [];

  // changeAlert exactly as declared, except that its bus can be told to fail after the write.
  const flakyChangeAlert = {
    ...changeAlert,
    factory: (deps: ChangeAlertDeps) => {
      const events: EventPublisher = {
        publish: async (batch) => {
          if (failingPublishes > 0) {
            failingPublishes--;
            throw new Error('PutEvents failed (test)');
          }
          await deps.events.publish(batch);
        },
      };
      return createChangeAlertHandler({ ...deps, events });
    },
  } as unknown as FunctionDeclaration;

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: `idem${randomBytes(3).toString('hex')}`,
      simulator: false,
      logLevel: 'SILENT',
      retryBaseDelayMs: 10,
      functions: FUNCTIONS.map((f) => (f.name === changeAlert.name ? flakyChangeAlert : f)),
    });
    // Every lifecycle event that reaches the bus, as a rule target would see it.
    const trigger: EventTrigger = { kind: 'event', pattern: ALERT_CHANGED_PATTERN };
    const observer = defineFunction({
      name: 'testLifecycleObserver',
      description: 'test: records lifecycle events',
      entry: 'tests/infra/fixtures/noop.lambda.ts',
      triggers: [trigger],
      bindings: {},
      factory: () => async () => undefined,
    });
    stack.bus.addTarget({
      declaration: observer,
      trigger,
      invoke: async (event) => void changes.push(event as EventBridgeEvent<string, Alert>),
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const token = (tenantId: string, userId: string, roles: Role[] = ['dispatcher']) =>
    stack.issuer.issue({ tenantId, userId, roles });
  const post = async (bearer: string, path: string, body: unknown, key?: string) => {
    const response = await fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bearer}`,
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  let seq = 0;
  const raise = async (tenantId: string, vehicleId: string): Promise<Alert> => {
    const ts = new Date(Date.UTC(2026, 10, 24, 8, 0, seq++)).toISOString();
    const alert: Alert = {
      tenantId,
      alertId: alertIdFor(tenantId, vehicleId, 'engine-failure', ts),
      vehicleId,
      type: 'ENGINE_FAILURE',
      ruleId: 'engine-failure',
      severity: 'CRITICAL',
      status: 'open',
      message: 'Engine failure',
      raisedAt: ts,
      history: [{ at: ts, by: 'system', action: 'raised' }],
    };
    expect((await stack.repository(dynamoDbAlertRepository).raiseIfNotOpen(alert)).raised).toBe(true);
    return alert;
  };
  const historyOf = async (tenantId: string, alertId: string) =>
    (await stack.repository(dynamoDbAlertRepository).get(tenantId, alertId))?.history ?? [];

  it('the same key twice: one history entry and the same response; another body: 422', async () => {
    // Prepare
    const alert = await raise('acme', 'TRK-101');
    const dana = await token('acme', 'acme-dispatcher');
    const path = `/v1/alerts/${alert.alertId}/notes`;

    // Act
    const first = await post(dana, path, { text: 'Driver on the phone' }, 'pwa-queue-1');
    const replay = await post(dana, path, { text: 'Driver on the phone' }, 'pwa-queue-1');
    const reused = await post(dana, path, { text: 'Something else' }, 'pwa-queue-1');
    await stack.idle();

    // Assess
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(reused.status).toBe(422);
    expect(JSON.parse(reused.text)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await historyOf('acme', alert.alertId)).filter((h) => h.action === 'noted')).toHaveLength(1);
    expect(changes.filter((e) => e.detail.alertId === alert.alertId).map((e) => e['detail-type'])).toEqual([
      'alert.noted',
    ]);
  });

  it('the same key from another user or another tenant is independent', async () => {
    const acmeAlert = await raise('acme', 'TRK-102');
    const globexAlert = await raise('globex', 'TRK-201');

    const dana = await post(
      await token('acme', 'acme-dispatcher'),
      `/v1/alerts/${acmeAlert.alertId}/notes`,
      { text: 'a' },
      'k',
    );
    const marcus = await post(
      await token('acme', 'acme-manager', ['fleet_manager']),
      `/v1/alerts/${acmeAlert.alertId}/notes`,
      { text: 'a' },
      'k',
    );
    const globex = await post(
      await token('globex', 'globex-dispatcher'),
      `/v1/alerts/${globexAlert.alertId}/notes`,
      { text: 'a' },
      'k',
    );
    const globexOnAcme = await post(
      await token('globex', 'globex-dispatcher'),
      `/v1/alerts/${acmeAlert.alertId}/notes`,
      { text: 'a' },
      'k2',
    );

    expect([dana.status, marcus.status, globex.status]).toEqual([200, 200, 200]);
    expect([dana, marcus, globex].map((r) => r.headers.get('idempotent-replayed'))).toEqual([null, null, null]);
    expect(globexOnAcme.status).toBe(404);
    expect((await historyOf('acme', acmeAlert.alertId)).filter((h) => h.action === 'noted').map((h) => h.by)).toEqual([
      'acme-dispatcher',
      'acme-manager',
    ]);
    expect((await historyOf('globex', globexAlert.alertId)).filter((h) => h.action === 'noted')).toHaveLength(1);
  });

  it('a failed publish after the write: the acknowledgement stands and alert.acknowledged is still delivered', async () => {
    // Prepare
    const alert = await raise('acme', 'TRK-103');
    failingPublishes = 1;

    // Act
    const answer = await post(
      await token('acme', 'acme-dispatcher'),
      `/v1/alerts/${alert.alertId}/acknowledge`,
      {},
      'ack-1',
    );
    await stack.idle(); // the alerts stream hands the owed event to publishAlertEvents

    // Assess
    expect(failingPublishes).toBe(0);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'acme-dispatcher' });
    const delivered = changes.filter((e) => e.detail.alertId === alert.alertId);
    expect(delivered.map((e) => [e['detail-type'], e.detail.status])).toEqual([['alert.acknowledged', 'acknowledged']]);
  });
});
