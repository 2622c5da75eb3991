import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import {
  CRITICAL_ALERT_RAISED_PATTERN,
  createTextOnCallHandler,
} from '../../functions/modules/notifications/handlers/text-on-call.handler.js';
import { matchesPattern } from '../../local/bus/event-pattern.js';
import { engineFailureAlert } from '../support/alerts.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FakeNotifier, FixedClock, silentLogger, testTracer } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const alert = (tenantId: string, severity: Alert['severity'] = 'CRITICAL') =>
  engineFailureAlert(tenantId, { severity });
const raised = (a: Alert) => busEvent('fleetops.alerts', 'alert.raised', a);

describe('textOnCall', () => {
  let repos: TestRepositories;
  let notifier: FakeNotifier;
  let handler: ReturnType<typeof createTextOnCallHandler>;
  const clock = new FixedClock();

  beforeEach(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    notifier = new FakeNotifier();
    process.env.NOTIFICATION_RETRY_DELAYS_MS = '1'; // one quick retry, then the dead letter
    handler = createTextOnCallHandler({
      fleet: repos.fleet,
      attempts: repos.attempts,
      notifier,
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
    });
    delete process.env.NOTIFICATION_RETRY_DELAYS_MS;
    await repos.fleet.putTenant({ tenantId: 'acme', name: 'Acme', onCallPhone: '+15550100' });
    await repos.fleet.putTenant({ tenantId: 'globex', name: 'Globex', onCallPhone: '+15550200' });
  });

  it("texts the tenant's on-call number once, with a delivery record", async () => {
    await handler(raised(alert('acme')));

    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ tenantId: 'acme', channel: 'sms', destination: '+15550100' });
    expect(notifier.sent[0]?.message).toContain('CRITICAL ENGINE_FAILURE TRK-101');
    const deliveries = await repos.attempts.list('acme', alert('acme').alertId);
    expect(deliveries).toEqual([
      expect.objectContaining({ userId: 'on-call', step: 'on-call', channel: 'sms', status: 'sent', attempt: 1 }),
    ]);
    expect(deliveries[0]?.to).not.toBe('+15550100'); // masked, never the full number
  });

  it('sends nothing twice when EventBridge delivers the event again', async () => {
    await handler(raised(alert('acme')));

    await handler(raised(alert('acme')));

    expect(notifier.sent).toHaveLength(1);
  });

  it('is invoked for CRITICAL raises only (the rule filters), and texts nothing for a lower one it is handed', async () => {
    await handler(raised(alert('acme', 'HIGH')));

    expect(notifier.sent).toEqual([]);
    expect(matchesPattern(CRITICAL_ALERT_RAISED_PATTERN, raised(alert('acme')))).toBe(true);
    expect(matchesPattern(CRITICAL_ALERT_RAISED_PATTERN, raised(alert('acme', 'HIGH')))).toBe(false);
  });

  it('retries a failed SMS in the function, every attempt recorded; a redelivery texts nothing more', async () => {
    // Prepare
    notifier.failures = 1;

    // Act
    await handler(raised(alert('acme')));
    await handler(raised(alert('acme')));

    // Assess
    expect(notifier.sent).toHaveLength(1);
    const sms = await repos.attempts.list('acme', alert('acme').alertId);
    expect(sms.map((d) => `${d.status} ${d.attempt}`)).toEqual(['failed 1', 'sent 2']);
    expect(sms[0]?.error).toContain('provider refused');
  });

  it('dead-letters the text with its record when every retry fails', async () => {
    notifier.failures = 5;

    await handler(raised(alert('acme')));

    expect(notifier.sent).toEqual([]);
    const sms = await repos.attempts.list('acme', alert('acme').alertId);
    expect(sms.map((d) => d.reason)).toEqual(['provider_error', 'dead_lettered']);
    expect(await repos.attempts.listDeadLetters('acme')).toHaveLength(1);
  });

  it('keeps globex’s alert inside globex', async () => {
    await handler(raised(alert('globex')));

    expect(notifier.sent.map((n) => n.destination)).toEqual(['+15550200']);
    expect(await repos.attempts.list('acme', alert('globex').alertId)).toEqual([]);
  });
});
