import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '../../functions/platform/wiring/roles.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';

/**
 * Issue #9: the demo fleet is registered through the fleet module's `registerVehicle` use case, so
 * a fresh local stack publishes `vehicle.registered` for each demo vehicle (search finds it), and a
 * restart on the same data keeps a vehicle as it was changed instead of writing the seed over it.
 */
describe('demo fleet seeding on the local stack', () => {
  const tablePrefix = `seed${randomBytes(3).toString('hex')}`;
  let stack: LocalStack | undefined;
  const start = () =>
    startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'), // kept across the restart: the same data, as .data/ would be
      tablePrefix,
      simulator: false,
      logLevel: 'SILENT',
      retryBaseDelayMs: 10,
    });
  const call = async (
    running: LocalStack,
    path: string,
    bearer: string,
    init: { method?: string; body?: unknown } = {},
  ) => {
    const response = await fetch(`${running.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const token = (running: LocalStack, tenantId: string, userId: string, roles: Role[]) =>
    running.issuer.issue({ tenantId, userId, roles });
  const vehicleHits = (body: Record<string, unknown>) =>
    (body.items as { type: string; id: string }[]).filter((item) => item.type === 'vehicle').map((item) => item.id);

  afterAll(async () => {
    await stack?.stop();
  });

  it('a fresh stack’s demo vehicles are searchable (vehicle.registered), in their tenant only', async () => {
    // Prepare
    stack = await start();
    await stack.idle(); // the registrations' events reach the search indexer

    // Act
    const acme = await call(
      stack,
      '/v1/search?q=TRK-101&types=vehicle',
      await token(stack, 'acme', 'd', ['dispatcher']),
    );
    const globex = await call(
      stack,
      '/v1/search?q=TRK-101&types=vehicle',
      await token(stack, 'globex', 'g', ['dispatcher']),
    );

    // Assess
    expect(acme.status).toBe(200);
    expect(vehicleHits(acme.body)).toContain('TRK-101');
    expect(vehicleHits(globex.body)).not.toContain('TRK-101');
  }, 180_000);

  it('a restart on the same data keeps a PATCHed vehicle as it was changed, and does not fail', async () => {
    // Prepare
    const running = stack as LocalStack;
    const admin = await token(running, 'acme', 'acme-admin', ['admin']);
    const patched = await call(running, '/v1/vehicles/TRK-102', admin, {
      method: 'PATCH',
      body: { name: 'Renamed by the fleet manager' },
    });
    expect(patched.status).toBe(200);
    await running.idle();
    await running.stop();

    // Act
    stack = await start();
    const after = await call(stack, '/v1/vehicles/TRK-102', await token(stack, 'acme', 'acme-admin', ['admin']));
    const list = await call(stack, '/v1/vehicles', await token(stack, 'acme', 'acme-admin', ['admin']));

    // Assess
    expect(after.status).toBe(200);
    expect(after.body.name).toBe('Renamed by the fleet manager');
    expect((list.body.items as { vehicleId: string }[]).map((v) => v.vehicleId)).toEqual([
      'TRK-101',
      'TRK-102',
      'TRK-103',
      'VAN-12',
      'VAN-14',
    ]);
  }, 180_000);
});
