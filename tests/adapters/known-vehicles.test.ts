import { describe, expect, it } from 'vitest';
import { DynamoDbFleetRepository } from '../../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { KnownVehicles } from '../../functions/modules/fleet/adapters/known-vehicles.js';
import { createTestDatabase } from '../support/dynamodb.js';

describe('KnownVehicles', () => {
  it('remembers confirmed vehicles per tenant until the TTL runs out', () => {
    // Prepare
    let now = 1_000;
    const known = new KnownVehicles({ ttlMs: 100, now: () => now });

    // Act
    known.confirm('acme', ['TRK-1']);

    // Assess
    expect(known.unconfirmed('acme', ['TRK-1', 'TRK-2'])).toEqual(['TRK-2']);
    expect(known.unconfirmed('globex', ['TRK-1'])).toEqual(['TRK-1']);
    now += 100;
    expect(known.unconfirmed('acme', ['TRK-1'])).toEqual(['TRK-1']);
  });

  it('starts over instead of growing past its bound', () => {
    const known = new KnownVehicles({ maxEntries: 2 });
    known.confirm('acme', ['A', 'B']);
    known.confirm('acme', ['C']);
    expect(known.unconfirmed('acme', ['A', 'B', 'C'])).toEqual(['A', 'B']);
  });
});

describe('DynamoDbFleetRepository.unknownVehicles with KnownVehicles', () => {
  it('reads only unconfirmed vehicles, and accepts a vehicle registered after it was refused', async () => {
    // Prepare
    const db = await createTestDatabase();
    let reads = 0;
    db.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchGetItemCommand') reads++;
        return next(args);
      },
      { step: 'initialize', name: 'countBatchGets' },
    );
    const fleet = new DynamoDbFleetRepository({ client: db.documentClient, tableName: db.tables.fleet as string });
    await fleet.putVehicle({ tenantId: 'acme', vehicleId: 'TRK-1', name: 'TRK-1', type: 'truck' });

    // Act + Assess: the first batch reads, the second is answered from what the first confirmed.
    expect(await fleet.unknownVehicles('acme', ['TRK-1', 'NEW-1'])).toEqual(['NEW-1']);
    expect(reads).toBe(1);
    expect(await fleet.unknownVehicles('acme', ['TRK-1'])).toEqual([]);
    expect(reads).toBe(1);
    // "Unknown" is never cached: registered now, accepted at once.
    await fleet.putVehicle({ tenantId: 'acme', vehicleId: 'NEW-1', name: 'NEW-1', type: 'van' });
    expect(await fleet.unknownVehicles('acme', ['TRK-1', 'NEW-1'])).toEqual([]);
    expect(reads).toBe(2);
    // Another tenant's confirmation answers nothing for globex.
    expect(await fleet.unknownVehicles('globex', ['TRK-1'])).toEqual(['TRK-1']);
  });
});
