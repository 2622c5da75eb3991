import { describe, expect, it } from 'vitest';
import { VEHICLE_EVENTS } from '../../functions/modules/search/events.js';
import { createIndexVehiclesHandler } from '../../functions/modules/search/handlers/index-vehicles.handler.js';
import { busEvent } from '../support/api-gateway-events.js';
import { FakeSearchIndex, testBasics } from '../support/fakes.js';

const vehicleEvent = (detailType: string, detail: Record<string, unknown>, time: string, id = 'evt-1') => ({
  ...busEvent(VEHICLE_EVENTS.source, detailType, detail, id),
  time,
});

const vehicles = (search: FakeSearchIndex, tenantId = 'acme') =>
  search.search({ tenantId, collections: ['vehicles'] }).then((r) => r.hits.map((h) => h.fields));

describe('indexVehicles', () => {
  it('indexes a registered vehicle and follows its updates; a redelivery changes nothing', async () => {
    // Prepare
    const search = new FakeSearchIndex();
    const handler = createIndexVehiclesHandler({ ...testBasics(), search });
    const registered = vehicleEvent(
      VEHICLE_EVENTS.vehicleRegistered,
      { tenantId: 'acme', vehicleId: 'TRK-101', name: 'Volvo FH16', type: 'truck' },
      '2026-11-22T14:00:00Z',
    );
    const updated = vehicleEvent(
      VEHICLE_EVENTS.vehicleUpdated,
      { tenantId: 'acme', vehicleId: 'TRK-101', name: 'Volvo FH16 reefer', type: 'truck', driverId: 'drv-9' },
      '2026-11-22T14:05:00Z',
      'evt-2',
    );

    // Act
    await handler(registered);
    await handler(updated);
    await handler(updated);

    // Assess
    expect(await vehicles(search)).toEqual([
      {
        title: 'Volvo FH16 reefer',
        snippet: 'truck · TRK-101 · driver drv-9',
        at: Date.parse('2026-11-22T14:05:00Z'),
        vehicleId: 'TRK-101',
        name: 'Volvo FH16 reefer',
        vehicleType: 'truck',
        driverId: 'drv-9',
      },
    ]);
    const byDriver = await search.search({ tenantId: 'acme', collections: ['vehicles'], text: 'drv-9' });
    expect(byDriver.total).toBe(1);
    expect(await vehicles(search, 'globex')).toEqual([]);
  });

  it('keeps the newer vehicle when an older event arrives late', async () => {
    const search = new FakeSearchIndex();
    const handler = createIndexVehiclesHandler({ ...testBasics(), search });

    await handler(
      vehicleEvent(
        VEHICLE_EVENTS.vehicleUpdated,
        { tenantId: 'acme', vehicleId: 'VAN-12', name: 'Sprinter (renamed)', type: 'van' },
        '2026-11-22T15:00:00Z',
      ),
    );
    await handler(
      vehicleEvent(
        VEHICLE_EVENTS.vehicleRegistered,
        { tenantId: 'acme', vehicleId: 'VAN-12', name: 'Sprinter', type: 'van' },
        '2026-11-22T14:00:00Z',
      ),
    );

    expect((await vehicles(search)).map((v) => v.name)).toEqual(['Sprinter (renamed)']);
  });

  it('rejects a detail that is not a vehicle, so EventBridge retries and dead-letters it', async () => {
    const search = new FakeSearchIndex();
    const handler = createIndexVehiclesHandler({ ...testBasics(), search });

    await expect(
      handler(
        vehicleEvent(VEHICLE_EVENTS.vehicleRegistered, { tenantId: 'acme', name: 'No id' }, '2026-11-22T14:00:00Z'),
      ),
    ).rejects.toThrow(/vehicleId/);
    expect(await vehicles(search)).toEqual([]);
  });
});
