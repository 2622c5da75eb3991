import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { createPushAlertUpdatesHandler } from '../../functions/modules/realtime/handlers/push-alert-updates.handler.js';
import { FanOutFailed } from '../../functions/modules/realtime/use-cases/fan-out-to-watchers.js';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { engineFailureAlert } from '../support/alerts.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FakeConnectionGateway, FixedClock, testBasics } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const alert = (tenantId: string, status: Alert['status'] = 'open') => engineFailureAlert(tenantId, { status });
const event = (detailType: string, a: Alert) => busEvent('fleetops.alerts', detailType, a);

/**
 * Realtime's alert frames (docs/adr/0084): `alert.raised` and `alert.updated` to the watchers of the
 * alert's tenant only, with nothing written per push, so a tenant with many dispatchers online
 * costs one connections query per alert, not two writes per socket.
 */
describe('pushAlertUpdates', () => {
  let repos: TestRepositories;
  let gateway: FakeConnectionGateway;
  let handler: ReturnType<typeof createPushAlertUpdatesHandler>;
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
    handler = createPushAlertUpdatesHandler({ ...testBasics(clock), connections: repos.connections, gateway });
    await connect('acme-admin', 'acme', ['admin']);
    await connect('acme-manager', 'acme', ['fleet_manager']);
    await connect('acme-dispatcher', 'acme', ['dispatcher', 'driver']);
    await connect('acme-driver', 'acme', ['driver']);
    await connect('acme-agent', 'acme', ['agent']);
    await connect('globex-admin', 'globex', ['admin']);
  });

  it("pushes alert.raised only to that tenant's watchers", async () => {
    await handler(event('alert.raised', alert('acme')));

    const frame = { type: 'alert.raised', data: alert('acme') };
    expect(gateway.framesFor('acme-admin')).toEqual([frame]);
    expect(gateway.framesFor('acme-manager')).toEqual([frame]);
    expect(gateway.framesFor('acme-dispatcher')).toEqual([frame]);
    expect(gateway.framesFor('acme-driver')).toEqual([]);
    expect(gateway.framesFor('acme-agent')).toEqual([]);
    expect(gateway.framesFor('globex-admin')).toEqual([]);
  });

  it('pushes every lifecycle change as alert.updated with the whole alert, and ignores other events', async () => {
    await handler(event('alert.acknowledged', alert('acme', 'acknowledged')));
    await handler(event('vehicle.registered', alert('acme')));

    expect(gateway.framesFor('acme-admin')).toEqual([{ type: 'alert.updated', data: alert('acme', 'acknowledged') }]);
  });

  it('forgets a gone connection and still reaches the others', async () => {
    gateway.gone.add('acme-manager');

    await handler(event('alert.raised', alert('acme')));

    expect(await repos.connections.get('acme-manager')).toBeUndefined();
    expect(gateway.framesFor('acme-admin')).toHaveLength(1);
  });

  it('throws when a push fails for another reason, so the bus retries', async () => {
    gateway.post = async (connectionId: string) => {
      if (connectionId === 'acme-admin') throw new Error('throttled');
    };

    await expect(handler(event('alert.raised', alert('acme')))).rejects.toBeInstanceOf(FanOutFailed);
  });

  it("keeps globex's alert inside globex", async () => {
    await handler(event('alert.raised', alert('globex')));

    expect(gateway.framesFor('globex-admin')).toHaveLength(1);
    expect(gateway.framesFor('acme-admin')).toEqual([]);
  });
});
