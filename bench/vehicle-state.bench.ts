/**
 * Vehicle state and telemetry history of the fleet module (issue #9), on DynamoDB Local in memory:
 * - `updateVehicleState` per stream batch (one BatchGetItem, one conditional update per vehicle,
 *   ADR 0081) against the previous blind conditional update per vehicle, re-implemented here as the
 *   baseline, for a fleet tick of 500 vehicles × 1 reading and 50 vehicles × 10 readings;
 * - `GET /v1/vehicles/{id}/telemetry`'s use case over 24 h of 5-second readings (17,280), raw read
 *   and downsampled to 500 points (ADR 0082).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDbFleetRepository } from '../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbTelemetryHistory } from '../functions/modules/fleet/adapters/dynamodb-telemetry-history.js';
import { dynamoDbTelemetryRepository } from '../functions/modules/fleet/adapters/dynamodb-telemetry-repository.js';
import { dynamoDbVehicleRegistry } from '../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import { ENTITY, keys } from '../functions/modules/fleet/adapters/keys.js';
import { stateUpdates } from '../functions/modules/fleet/domain/batch.js';
import type { Reading } from '../functions/modules/fleet/domain/reading.js';
import { vehicleTelemetry } from '../functions/modules/fleet/use-cases/vehicle-telemetry.js';
import { mapWithConcurrency } from '../functions/platform/concurrency.js';
import { createTables, tableNames } from '../local/dynamodb/create-tables.js';
import { withBenchDynamo } from './bench-dynamo.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const BATCHES = 20;
const TELEMETRY_RUNS = 5;

/** The state write before ADR 0081: one blind conditional update per vehicle, no read. */
async function blindUpdate(client: DynamoDBDocumentClient, tableName: string, tenantId: string, readings: Reading[]) {
  await mapWithConcurrency(stateUpdates(readings), 8, async (update) => {
    const names: Record<string, string> = { '#lastSeenAt': 'lastSeenAt' };
    const values: Record<string, unknown> = { ':ts': update.ts, ':entity': ENTITY.vehicleState };
    const sets = ['#lastSeenAt = :ts', 'entity = :entity'];
    for (const [field, value] of Object.entries(update.values)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: keys.tenant(tenantId), sk: keys.vehicleState(update.vehicleId) },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#lastSeenAt) OR #lastSeenAt < :ts',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
}

function fleetTick(tick: number, vehicles: number, perVehicle: number): Reading[] {
  const readings: Reading[] = [];
  for (let v = 0; v < vehicles; v++) {
    for (let r = 0; r < perVehicle; r++) {
      const ts = new Date(Date.UTC(2026, 10, 22, 12) + (tick * perVehicle + r) * 5000).toISOString();
      readings.push({
        vehicleId: `V-${v}`,
        ts,
        speed: 50 + r,
        rpm: 1200,
        lat: 41 + v / 1000,
        lng: -87,
        odometer: 1000 + tick,
      });
    }
  }
  return readings;
}

export default async function run(): Promise<BenchSection> {
  return withBenchDynamo(async ({ raw, client }) => {
    const rows: (string | number)[][] = [];
    for (const [vehicles, perVehicle] of [
      [500, 1],
      [50, 10],
    ] as const) {
      for (const variant of ['blind update (before)', 'read + conditional update (now)'] as const) {
        const tables = tableNames(`b${Math.random().toString(36).slice(2, 8)}`);
        await createTables(raw, tables);
        const parts = { client, tableName: tables.fleet as string, clock: { now: () => new Date() } };
        const fleet = dynamoDbFleetRepository.create(parts);
        const apply = (readings: Reading[]) =>
          variant.startsWith('blind')
            ? blindUpdate(client, parts.tableName, 'bench', readings)
            : fleet.updateVehicleState('bench', readings);
        await apply(fleetTick(0, vehicles, perVehicle)); // warm-up: creates the state items
        const times: number[] = [];
        for (let tick = 1; tick <= BATCHES; tick++) {
          const readings = fleetTick(tick, vehicles, perVehicle);
          const start = performance.now();
          await apply(readings);
          times.push(performance.now() - start);
        }
        const total = times.reduce((a, b) => a + b, 0);
        rows.push([
          `${vehicles} × ${perVehicle}`,
          variant,
          quantile(times, 0.5).toFixed(0),
          quantile(times, 0.99).toFixed(0),
          Math.round((vehicles * perVehicle * BATCHES) / (total / 1000)),
        ]);
      }
    }

    // Telemetry: 24 h of 5-second readings of one vehicle
    const tables = tableNames(`t${Math.random().toString(36).slice(2, 8)}`);
    await createTables(raw, tables);
    const clock = { now: () => new Date('2026-11-23T00:00:00.000Z') };
    const telemetry = dynamoDbTelemetryRepository.create({ client, tableName: tables.telemetry as string, clock });
    const registry = dynamoDbVehicleRegistry.create({ client, tableName: tables.fleet as string, clock });
    await registry.register(
      { tenantId: 'bench', vehicleId: 'V-0', name: 'V-0', type: 'truck' },
      { id: 'x', detailType: 'x' },
    );
    const day = Array.from({ length: 17_280 }, (_, i) => ({
      vehicleId: 'V-0',
      ts: new Date(Date.UTC(2026, 10, 22) + i * 5000).toISOString(),
      speed: i % 90,
      engineTemp: 80 + (i % 20),
      lat: 41,
      lng: -87,
    }));
    await telemetry.store('bench', 'b', day);
    const history = dynamoDbTelemetryHistory.create({ client, tableName: tables.telemetry as string, clock });
    const telemetryRows: (string | number)[][] = [];
    for (const [label, from, limit] of [
      ['1 h raw (720 readings, limit 1000)', '2026-11-22T23:00:00.000Z', 1000],
      ['24 h downsampled (17,280 readings → 500 points)', '2026-11-22T00:00:00.000Z', 500],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < TELEMETRY_RUNS; i++) {
        const start = performance.now();
        await vehicleTelemetry(
          { vehicles: registry, history },
          { scope: { tenantId: 'bench' }, vehicleId: 'V-0', from, to: '2026-11-22T23:59:59.999Z', limit },
        );
        times.push(performance.now() - start);
      }
      telemetryRows.push([label, quantile(times, 0.5).toFixed(0), Math.max(...times).toFixed(0)]);
    }
    return {
      title: 'Vehicle state and telemetry history (fleet)',
      method:
        `DynamoDB Local in memory, one process. State: ${BATCHES} consecutive stream batches after one warm-up ` +
        'batch, timed one at a time; readings/s = readings written / total time. The baseline is the state write ' +
        'before ADR 0081 (one blind conditional update per vehicle, no engine hours), re-implemented in the bench. ' +
        `Telemetry: the use case (vehicle lookup, paged range query, fold), ${TELEMETRY_RUNS} runs each.`,
      table: `${markdownTable(['batch (vehicles × readings)', 'state write', 'p50 ms', 'p99 ms', 'readings/s'], rows)}\n\n${markdownTable(['telemetry query', 'p50 ms', 'max ms'], telemetryRows)}`,
    };
  });
}
