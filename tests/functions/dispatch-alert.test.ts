import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { createDispatchAlertHandler } from '../../functions/modules/notifications/handlers/dispatch-alert.handler.js';
import { AlertDeliveryFailed } from '../../functions/modules/notifications/use-cases/deliver-alert.js';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import {
  CapturingMetrics,
  FakeConnectionGateway,
  FakeNotifier,
  FixedClock,
  silentLogger,
  testTracer,
} from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const ts = '2026-11-22T13:59:00.000Z';
function alert(tenantId: string, severity: Alert['severity'] = 'CRITICAL'): Alert {
  return {
    tenantId,
    alertId: alertIdFor(tenantId, 'TRK-101', 'ENGINE_FAILURE', ts),
    vehicleId: 'TRK-101',
    type: 'ENGINE_FAILURE',
    severity,
    status: 'open',
    message: 'Engine failure on TRK-101',
    readings: [{ vehicleId: 'TRK-101', ts, engineTemp: 120, oilPressure: 10 }],
    history: [],
    raisedAt: ts,
  };
}
const raised = (a: Alert) => busEvent('fleetops.alerts', 'alert.raised', a);

describe('dispatchAlert', () => {
  let repos: TestRepositories;
  let gateway: FakeConnectionGateway;
  let notifier: FakeNotifier;
  let handler: ReturnType<typeof createDispatchAlertHandler>;
  const clock = new FixedClock();

  async function connect(connectionId: string, tenantId: string, roles: Role[]) {
    await repos.connections.put({
      connectionId,
      tenantId,
      userId: connectionId,
      roles,
      connectedAt: clock.now().toISOString(),
    });
  }

  beforeEach(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    gateway = new FakeConnectionGateway();
    notifier = new FakeNotifier();
    handler = createDispatchAlertHandler({
      fleet: repos.fleet,
      connections: repos.connections,
      deliveries: repos.deliveries,
      gateway,
      notifier,
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
    });
    await repos.fleet.putTenant({ tenantId: 'acme', name: 'Acme', onCallPhone: '+15550100' });
    await repos.fleet.putTenant({ tenantId: 'globex', name: 'Globex', onCallPhone: '+15550200' });
    await connect('acme-admin', 'acme', ['admin']);
    await connect('acme-manager', 'acme', ['fleet_manager']);
    await connect('acme-dispatcher', 'acme', ['dispatcher', 'driver']);
    await connect('acme-driver', 'acme', ['driver']);
    await connect('acme-agent', 'acme', ['agent']);
    await connect('globex-admin', 'globex', ['admin']);
  });

  it('pushes the alert.raised frame only to that tenant’s watchers and texts the on-call number once', async () => {
    // Act
    await handler(raised(alert('acme')));

    // Assess
    const frame = { type: 'alert.raised', data: alert('acme') };
    expect(gateway.framesFor('acme-admin')).toEqual([frame]);
    expect(gateway.framesFor('acme-manager')).toEqual([frame]);
    expect(gateway.framesFor('acme-dispatcher')).toEqual([frame]);
    expect(gateway.framesFor('acme-driver')).toEqual([]);
    expect(gateway.framesFor('acme-agent')).toEqual([]);
    expect(gateway.framesFor('globex-admin')).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ tenantId: 'acme', channel: 'sms', destination: '+15550100' });
    expect(notifier.sent[0]?.message).toContain('CRITICAL ENGINE_FAILURE TRK-101');
    const deliveries = await repos.deliveries.list('acme', alert('acme').alertId);
    expect(deliveries.map((d) => `${d.channel} ${d.destination} ${d.status}`).sort()).toEqual([
      'sms +15550100 sent',
      'websocket acme-admin sent',
      'websocket acme-dispatcher sent',
      'websocket acme-manager sent',
    ]);
  });

  it('sends nothing twice when EventBridge delivers the event again', async () => {
    await handler(raised(alert('acme')));

    await handler(raised(alert('acme')));

    expect(notifier.sent).toHaveLength(1);
    expect(gateway.framesFor('acme-admin')).toHaveLength(1);
  });

  it('does not text for severities below CRITICAL', async () => {
    await handler(raised(alert('acme', 'HIGH')));

    expect(notifier.sent).toEqual([]);
    expect(gateway.framesFor('acme-admin')).toHaveLength(1);
  });

  it('forgets a gone connection and records it as gone', async () => {
    gateway.gone.add('acme-manager');

    await handler(raised(alert('acme')));

    expect(await repos.connections.get('acme-manager')).toBeUndefined();
    expect(await repos.connections.get('acme-admin')).toBeDefined();
    const deliveries = await repos.deliveries.list('acme', alert('acme').alertId);
    expect(deliveries.find((d) => d.destination === 'acme-manager')?.status).toBe('gone');
  });

  it('records a failed SMS and throws so EventBridge retries; the retry texts once and pushes nothing again', async () => {
    // Prepare
    notifier.failures = 1;

    // Act
    const first = handler(raised(alert('acme')));
    await expect(first).rejects.toBeInstanceOf(AlertDeliveryFailed);
    await handler(raised(alert('acme')));

    // Assess
    expect(notifier.sent).toHaveLength(1);
    expect(gateway.framesFor('acme-admin')).toHaveLength(1);
    const sms = (await repos.deliveries.list('acme', alert('acme').alertId)).filter((d) => d.channel === 'sms');
    expect(sms.map((d) => d.status)).toEqual(['failed', 'sent']);
    expect(sms[0]?.error).toContain('provider refused');
  });

  it('keeps globex’s alert inside globex', async () => {
    await handler(raised(alert('globex')));

    expect(gateway.framesFor('globex-admin')).toHaveLength(1);
    expect(gateway.framesFor('acme-admin')).toEqual([]);
    expect(notifier.sent.map((n) => n.destination)).toEqual(['+15550200']);
  });
});
