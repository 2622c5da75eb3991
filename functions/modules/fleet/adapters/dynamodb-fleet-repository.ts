import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../../../platform/concurrency.js';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { stateUpdates } from '../domain/batch.js';
import type { Tenant, User, Vehicle, VehicleState } from '../domain/fleet.js';
import { type Reading, SENSOR_FIELDS } from '../domain/reading.js';
import type { FleetRepository } from '../ports/fleet-repository.js';
import { FLEET_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';
import { KnownVehicles } from './known-vehicles.js';

export interface DynamoDbFleetRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Registered vehicles remembered by `unknownVehicles`. @default a KnownVehicles with a 60 s TTL */
  readonly knownVehicles?: KnownVehicles;
}

/**
 * Tenants, users, vehicles and live vehicle state in one table, one partition per tenant. Vehicle
 * state keeps each sensor as a top-level attribute so a reading that lacks a field leaves the
 * previous value in place (field-by-field merge) in a single conditional update.
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
    await this.put({
      ...vehicle,
      pk: keys.tenant(vehicle.tenantId),
      sk: keys.vehicle(vehicle.vehicleId),
      entity: ENTITY.vehicle,
    });
  }

  async listVehicles(tenantId: string): Promise<Vehicle[]> {
    return (await this.queryPrefix(tenantId, keys.vehicle(''))) as unknown as Vehicle[];
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
    await mapWithConcurrency(stateUpdates(readings), 8, async (update) => {
      const names: Record<string, string> = { '#lastSeenAt': 'lastSeenAt' };
      const values: Record<string, unknown> = {
        ':ts': update.ts,
        ':tenantId': tenantId,
        ':vehicleId': update.vehicleId,
        ':entity': ENTITY.vehicleState,
      };
      const sets = ['#lastSeenAt = :ts', 'tenantId = :tenantId', 'vehicleId = :vehicleId', 'entity = :entity'];
      for (const [field, value] of Object.entries(update.values)) {
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      try {
        await this.props.client.send(
          new UpdateCommand({
            TableName: this.props.tableName,
            Key: { pk: keys.tenant(tenantId), sk: keys.vehicleState(update.vehicleId) },
            UpdateExpression: `SET ${sets.join(', ')}`,
            // Newer wins: a late or replayed batch never moves the state back in time.
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

  async getVehicleState(tenantId: string, vehicleId: string): Promise<VehicleState | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.vehicleState(vehicleId) },
      }),
    );
    return Item ? toVehicleState(tenantId, Item) : undefined;
  }

  async getVehicleStates(tenantId: string, vehicleIds: readonly string[]): Promise<VehicleState[]> {
    const items = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...new Set(vehicleIds)].map((vehicleId) => ({ pk: keys.tenant(tenantId), sk: keys.vehicleState(vehicleId) })),
    );
    return items.map((item) => toVehicleState(tenantId, item));
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

/** A vehicle-state item as the domain's VehicleState: only numeric sensor fields are readings. */
function toVehicleState(tenantId: string, item: Readonly<Record<string, unknown>>): VehicleState {
  const readings: Record<string, number> = {};
  for (const field of SENSOR_FIELDS) {
    const value = item[field];
    if (typeof value === 'number') readings[field] = value;
  }
  return { tenantId, vehicleId: String(item.vehicleId), lastSeenAt: String(item.lastSeenAt), readings };
}

/** Binds the fleet table through {@link DynamoDbFleetRepository}. */
export const dynamoDbFleetRepository = tableAdapter<FleetRepository>(
  FLEET_TABLE,
  (parts) => new DynamoDbFleetRepository(parts),
);
