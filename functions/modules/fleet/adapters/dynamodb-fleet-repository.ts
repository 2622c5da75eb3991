import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../../../platform/concurrency.js';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { Tenant, User, Vehicle, VehicleState } from '../domain/fleet.js';
import type { Reading } from '../domain/reading.js';
import { advanceState, type StateAdvance, type StateBefore } from '../domain/vehicle-state.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import { vehicleOf } from '../ports/vehicle-registry.js';
import { FLEET_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';
import { KnownVehicles } from './known-vehicles.js';
import { toVehicleRecord, toVehicleState, vehicleItem } from './vehicle-items.js';

export interface DynamoDbFleetRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Registered vehicles remembered by `unknownVehicles`. @default a KnownVehicles with a 60 s TTL */
  readonly knownVehicles?: KnownVehicles;
  /** Optimistic rounds of a state write before it falls back to "newer wins". @default 8 */
  readonly maxStateAttempts?: number;
}

/**
 * Tenants, users, vehicles and live vehicle state in one table, one partition per tenant. Vehicle
 * state keeps each sensor as a top-level attribute so a reading that lacks a field leaves the
 * previous value in place, plus position, engine time (`engineSeconds`), lastService and the set
 * of open alert ids. A batch moves each vehicle's state with one read (BatchGetItem for the
 * batch) and one conditional update per vehicle, so state is monotone in event time.
 */
export class DynamoDbFleetRepository implements FleetRepository {
  private readonly knownVehicles: KnownVehicles;

  constructor(private readonly props: DynamoDbFleetRepositoryProps) {
    this.knownVehicles = props.knownVehicles ?? new KnownVehicles();
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { pk: keys.tenant(tenantId), sk: keys.tenantProfile() } }),
    );
    return Item ? (withoutStorageAttributes(Item) as unknown as Tenant) : undefined;
  }

  async putTenant(tenant: Tenant): Promise<void> {
    await this.put({ ...tenant, pk: keys.tenant(tenant.tenantId), sk: keys.tenantProfile(), entity: ENTITY.tenant });
  }

  async putUser(user: User): Promise<void> {
    await this.put({ ...user, pk: keys.tenant(user.tenantId), sk: keys.user(user.userId), entity: ENTITY.user });
  }

  async listUsers(tenantId: string): Promise<User[]> {
    return (await this.queryPrefix(tenantId, keys.user(''))) as unknown as User[];
  }

  async putVehicle(vehicle: Vehicle): Promise<void> {
    await this.put(vehicleItem(vehicle));
  }

  async listVehicles(tenantId: string): Promise<Vehicle[]> {
    return (await this.queryPrefix(tenantId, keys.vehicle(''))).map((item) => vehicleOf(toVehicleRecord(item)));
  }

  async unknownVehicles(tenantId: string, vehicleIds: readonly string[]): Promise<string[]> {
    // Only vehicles not confirmed lately are read: a live fleet's batches name the same ones.
    const wanted = this.knownVehicles.unconfirmed(tenantId, [...new Set(vehicleIds)]);
    if (wanted.length === 0) return [];
    const found = await batchGetAll(
      this.props.client,
      this.props.tableName,
      wanted.map((vehicleId) => ({ pk: keys.tenant(tenantId), sk: keys.vehicle(vehicleId) })),
      { projection: ['vehicleId'] },
    );
    const known = new Set(found.map((item) => item.vehicleId as string));
    this.knownVehicles.confirm(tenantId, [...known]);
    return wanted.filter((vehicleId) => !known.has(vehicleId));
  }

  async updateVehicleState(tenantId: string, readings: readonly Reading[]): Promise<void> {
    const byVehicle = new Map<string, Reading[]>();
    for (const reading of readings) {
      const list = byVehicle.get(reading.vehicleId) ?? [];
      list.push(reading);
      byVehicle.set(reading.vehicleId, list);
    }
    // One BatchGetItem for the whole batch: engine time needs the state's last instant and rpm.
    const found = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...byVehicle.keys()].map((vehicleId) => this.stateKey(tenantId, vehicleId)),
      { projection: [...BEFORE_PROJECTION] },
    );
    const befores = new Map(found.map((item) => [String(item.vehicleId), stateBefore(item)]));
    await mapWithConcurrency([...byVehicle.entries()], 8, async ([vehicleId, list]) => {
      let before = befores.get(vehicleId);
      for (let attempt = 1; ; attempt++) {
        const advance = advanceState(vehicleId, before, list);
        if (!advance) return;
        if (attempt > (this.props.maxStateAttempts ?? MAX_STATE_ATTEMPTS)) {
          // Many batches of this vehicle at once (ingest's fast path in several containers): never fail
          // the batch for contention. Newest still wins; only this batch's engine time is not counted.
          await this.applyAdvance(tenantId, { ...advance, engineSeconds: 0 }, undefined, 'newer');
          return;
        }
        if (await this.applyAdvance(tenantId, advance, before?.lastSeenAt, 'unchanged')) return;
        // Someone moved the state since we read it (a concurrent batch, or the read was stale): read again.
        await sleep(Math.random() * 10 * attempt);
        before = await this.readBefore(tenantId, vehicleId);
      }
    });
  }

  async getVehicleState(tenantId: string, vehicleId: string): Promise<VehicleState | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: this.stateKey(tenantId, vehicleId) }),
    );
    return Item ? toVehicleState(tenantId, Item) : undefined;
  }

  async getVehicleStates(tenantId: string, vehicleIds: readonly string[]): Promise<VehicleState[]> {
    const items = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...new Set(vehicleIds)].map((vehicleId) => this.stateKey(tenantId, vehicleId)),
    );
    return items.flatMap((item) => toVehicleState(tenantId, item) ?? []);
  }

  /**
   * Writes one vehicle's advance, conditioned on the state still being the one it was computed
   * from (`unchanged`: `lastSeenAt` as read), so newer always wins and engine time is counted once
   * however batches are retried or interleaved; or, as the last resort under contention, on the
   * advance being newer (`newer`). False when the condition failed.
   */
  private async applyAdvance(
    tenantId: string,
    advance: StateAdvance,
    previous: string | undefined,
    condition: 'unchanged' | 'newer',
  ): Promise<boolean> {
    const names: Record<string, string> = { '#lastSeenAt': 'lastSeenAt', '#engineSeconds': 'engineSeconds' };
    const values: Record<string, unknown> = {
      ':ts': advance.ts,
      ':tenantId': tenantId,
      ':vehicleId': advance.vehicleId,
      ':entity': ENTITY.vehicleState,
      ':engine': advance.engineSeconds,
      ':zero': 0,
    };
    const sets = [
      '#lastSeenAt = :ts',
      'tenantId = :tenantId',
      'vehicleId = :vehicleId',
      'entity = :entity',
      '#engineSeconds = if_not_exists(#engineSeconds, :zero) + :engine',
    ];
    for (const [field, value] of Object.entries(advance.values)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    if (advance.position) {
      names['#position'] = 'position';
      values[':position'] = advance.position;
      sets.push('#position = :position');
    }
    if (previous !== undefined) values[':previous'] = previous;
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.stateKey(tenantId, advance.vehicleId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: conditionFor(condition, previous),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async readBefore(tenantId: string, vehicleId: string): Promise<StateBefore | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: this.stateKey(tenantId, vehicleId),
        ConsistentRead: true,
        ProjectionExpression: BEFORE_PROJECTION.join(', '),
      }),
    );
    return Item ? stateBefore(Item) : undefined;
  }

  private stateKey(tenantId: string, vehicleId: string) {
    return { pk: keys.tenant(tenantId), sk: keys.vehicleState(vehicleId) };
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.props.client.send(new PutCommand({ TableName: this.props.tableName, Item: item }));
  }

  private async queryPrefix(tenantId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': prefix },
    });
    return items.map(withoutStorageAttributes);
  }
}

/** What a state update reads first: enough to know which readings are newer and the rpm before them. */
const BEFORE_PROJECTION = ['vehicleId', 'lastSeenAt', 'rpm'] as const;

/**
 * Conditional state writes retried when the state moved in between (then the read is repeated).
 * Each round one of the racing batches wins, so this covers that many concurrent batches of one
 * vehicle; past it the write falls back to "newer wins" without engine time (ADR 0081).
 */
const MAX_STATE_ATTEMPTS = 8;

/** `unchanged`: the state is still the one read; `newer`: the advance is newer than whatever is there. */
function conditionFor(condition: 'unchanged' | 'newer', previous: string | undefined): string {
  if (condition === 'newer') return 'attribute_not_exists(#lastSeenAt) OR #lastSeenAt < :ts';
  return previous === undefined ? 'attribute_not_exists(#lastSeenAt)' : '#lastSeenAt = :previous';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function stateBefore(item: Readonly<Record<string, unknown>>): StateBefore {
  return {
    ...(typeof item.lastSeenAt === 'string' ? { lastSeenAt: item.lastSeenAt } : {}),
    ...(typeof item.rpm === 'number' ? { rpm: item.rpm } : {}),
  };
}

/** Binds the fleet table through {@link DynamoDbFleetRepository}. */
export const dynamoDbFleetRepository = tableAdapter<FleetRepository>(
  FLEET_TABLE,
  (parts) => new DynamoDbFleetRepository(parts),
);
