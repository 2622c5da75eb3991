import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { chunks, contentionCodes, isContention, TRANSACTION_ITEMS } from '../../../platform/dynamodb/transactions.js';
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
    const befores = await this.readBefores(tenantId, [...byVehicle.keys()], false);
    let pending = [...byVehicle.keys()];
    for (let attempt = 1; ; attempt++) {
      // Many batches of these vehicles at once (ingest's fast path in several containers): never
      // fail the batch for contention. Newest still wins; only this batch's engine time is not counted.
      const lastResort = attempt > (this.props.maxStateAttempts ?? MAX_STATE_ATTEMPTS);
      const writes = pending.flatMap((vehicleId): StateWrite[] => {
        const advance = advanceState(vehicleId, befores.get(vehicleId), byVehicle.get(vehicleId) ?? []);
        if (!advance) return [];
        return lastResort
          ? [{ advance: { ...advance, engineSeconds: 0 }, previous: undefined, condition: 'newer' }]
          : [{ advance, previous: befores.get(vehicleId)?.lastSeenAt, condition: 'unchanged' }];
      });
      const moved = await this.applyAdvances(tenantId, writes);
      // A failed "newer" write means the state is newer already: nothing left to do.
      if (lastResort || moved.length === 0) return;
      // Someone moved these states since we read them (a concurrent batch, or the read was stale): read again.
      await sleep(Math.random() * 10 * attempt);
      const fresh = await this.readBefores(tenantId, moved, true);
      for (const vehicleId of moved) {
        const before = fresh.get(vehicleId);
        if (before) befores.set(vehicleId, before);
        else befores.delete(vehicleId);
      }
      pending = moved;
    }
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

  async lastSeen(tenantId: string, vehicleIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const items = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...new Set(vehicleIds)].map((vehicleId) => this.stateKey(tenantId, vehicleId)),
      { projection: ['vehicleId', 'lastSeenAt'] },
    );
    return new Map(
      items.flatMap((item) =>
        typeof item.vehicleId === 'string' && typeof item.lastSeenAt === 'string'
          ? [[item.vehicleId, item.lastSeenAt] as const]
          : [],
      ),
    );
  }

  /**
   * Writes the vehicles' advances, each conditioned on its state still being the one it was
   * computed from (`unchanged`: `lastSeenAt` as read), so newer always wins and engine time is
   * counted once however batches are retried or interleaved; or, as the last resort under
   * contention, on the advance being newer (`newer`). Returns the vehicles whose condition failed.
   *
   * One TransactWriteItems per 100 vehicles instead of one UpdateItem each (docs/adr/0083): a
   * transaction is cancelled whole when one condition fails, so the others are sent again at once
   * (their conditions still hold) and only the moved vehicles go back to the caller.
   */
  private async applyAdvances(tenantId: string, writes: readonly StateWrite[]): Promise<string[]> {
    const moved: string[] = [];
    await Promise.all(
      chunks(writes, TRANSACTION_ITEMS).map(async (part) => {
        let left = part;
        for (let round = 1; left.length > 0; round++) {
          try {
            await this.props.client.send(
              new TransactWriteCommand({
                TransactItems: left.map((write) => ({ Update: this.updateOf(tenantId, write) })),
              }),
            );
            return;
          } catch (error) {
            const codes = contentionCodes(error);
            if (!codes) throw error;
            // A "newer" write that met another transaction on its item has not been judged yet:
            // it goes again (a few rounds), or a newer reading would be dropped. One whose
            // condition failed is older than the state: done. "unchanged" ones go back to the caller.
            const retried = (write: StateWrite, i: number) =>
              write.condition === 'newer' && codes[i] === 'TransactionConflict' && round < NEWER_WRITE_ROUNDS;
            moved.push(
              ...left
                .filter((write, i) => write.condition === 'unchanged' && isContention(codes[i]))
                .map((write) => write.advance.vehicleId),
            );
            left = left.filter((write, i) => !isContention(codes[i]) || retried(write, i));
            if (left.length > 0) await sleep(Math.random() * 10 * round);
          }
        }
      }),
    );
    return moved;
  }

  private updateOf(tenantId: string, { advance, previous, condition }: StateWrite) {
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
    return {
      TableName: this.props.tableName,
      Key: this.stateKey(tenantId, advance.vehicleId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditionFor(condition, previous),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** What state updates read first, by vehicle; vehicles without a state are absent. */
  private async readBefores(
    tenantId: string,
    vehicleIds: readonly string[],
    consistentRead: boolean,
  ): Promise<Map<string, StateBefore>> {
    const found = await batchGetAll(
      this.props.client,
      this.props.tableName,
      vehicleIds.map((vehicleId) => this.stateKey(tenantId, vehicleId)),
      { projection: [...BEFORE_PROJECTION], ...(consistentRead ? { consistentRead: true } : {}) },
    );
    return new Map(found.map((item) => [String(item.vehicleId), stateBefore(item)]));
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

/** Rounds a last-resort "newer" write gets against concurrent transactions on its item. */
const NEWER_WRITE_ROUNDS = 8;

/** One vehicle's state write and the condition it is sent under. */
interface StateWrite {
  readonly advance: StateAdvance;
  /** `lastSeenAt` of the state the advance was computed from (undefined: there was none). */
  readonly previous: string | undefined;
  readonly condition: 'unchanged' | 'newer';
}

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
