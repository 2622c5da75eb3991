import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import { VEHICLE_ID_PATTERN, type Vehicle, type VehicleCondition, type VehicleService } from '../domain/fleet.js';
import {
  type PendingEvent,
  type RegisterResult,
  type VehicleFilter,
  type VehiclePage,
  type VehiclePatch,
  type VehicleRecord,
  type VehicleRegistry,
  vehicleOf,
} from '../ports/vehicle-registry.js';
import { FLEET_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';
import { searchKeyOf, toVehicleCondition, toVehicleRecord, vehicleItem } from './vehicle-items.js';

export interface DynamoDbVehicleRegistryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * Vehicles, their services and their state in the fleet table (tenant partition, `VEHICLE#`,
 * `SERVICE#`, `STATE#` items). Registration is a conditional put (one vehicle per id and tenant);
 * a patch is a conditional update on the vehicle existing; lists are queries of the tenant's
 * `VEHICLE#` range, filtered server-side, resumed by an opaque tenant-bound cursor.
 */
export class DynamoDbVehicleRegistry implements VehicleRegistry {
  constructor(private readonly props: DynamoDbVehicleRegistryProps) {}

  async register(vehicle: Vehicle, pendingEvent: PendingEvent): Promise<RegisterResult> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: vehicleItem(vehicle, pendingEvent),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, vehicle: { ...vehicle, pendingEvent } };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(vehicle.tenantId, vehicle.vehicleId, true);
      // Deleted in between is not possible (no route deletes); be safe and report the request's own view.
      return { created: false, existing: existing ?? vehicle };
    }
  }

  async update(
    tenantId: string,
    vehicleId: string,
    patch: VehiclePatch,
    pendingEvent: PendingEvent,
  ): Promise<VehicleRecord | undefined> {
    const names: Record<string, string> = { '#pendingEvent': 'pendingEvent' };
    const values: Record<string, unknown> = { ':pending': pendingEvent };
    const sets = ['#pendingEvent = :pending'];
    const removes: string[] = [];
    if (patch.name !== undefined) {
      names['#name'] = 'name';
      names['#searchKey'] = 'searchKey';
      values[':name'] = patch.name;
      values[':searchKey'] = searchKeyOf(vehicleId, patch.name);
      sets.push('#name = :name', '#searchKey = :searchKey');
    }
    if (patch.type !== undefined) {
      names['#type'] = 'type';
      values[':type'] = patch.type;
      sets.push('#type = :type');
    }
    if (patch.driverId !== undefined) {
      names['#driverId'] = 'driverId';
      if (patch.driverId === null) removes.push('#driverId');
      else {
        values[':driverId'] = patch.driverId;
        sets.push('#driverId = :driverId');
      }
    }
    try {
      const { Attributes } = await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(tenantId), sk: keys.vehicle(vehicleId) },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toVehicleRecord(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async eventPublished(tenantId: string, vehicleId: string, pendingEventId: string): Promise<void> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(tenantId), sk: keys.vehicle(vehicleId) },
          UpdateExpression: 'REMOVE #pendingEvent',
          // A later write owes its own event: leave its marker alone.
          ConditionExpression: '#pendingEvent.id = :id',
          ExpressionAttributeNames: { '#pendingEvent': 'pendingEvent' },
          ExpressionAttributeValues: { ':id': pendingEventId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async get(tenantId: string, vehicleId: string, consistent = false): Promise<VehicleRecord | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.vehicle(vehicleId) },
        ConsistentRead: consistent,
      }),
    );
    return Item ? toVehicleRecord(Item) : undefined;
  }

  async list(tenantId: string, filter: VehicleFilter, limit: number, cursor?: string): Promise<VehiclePage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new RangeError(`limit must be an integer from 1 to 100, got ${limit}`);
    }
    const after = cursor === undefined ? undefined : cursors.decode(cursor, tenantId);
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': keys.tenant(tenantId), ':prefix': keys.vehicle('') };
    if (filter.q !== undefined && filter.q !== '') {
      filters.push('contains(#searchKey, :q)');
      names['#searchKey'] = 'searchKey';
      values[':q'] = filter.q.toLowerCase();
    }
    if (filter.driverId !== undefined) {
      filters.push('#driverId = :driverId');
      names['#driverId'] = 'driverId';
      values[':driverId'] = filter.driverId;
    }
    const items: Vehicle[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined =
      after === undefined ? undefined : { pk: keys.tenant(tenantId), sk: keys.vehicle(after) };
    let more = true;
    while (more && items.length < limit) {
      const page = await this.props.client.send(
        new QueryCommand({
          TableName: this.props.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: values,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          // With a filter DynamoDB counts items read, not matches: read more per call.
          Limit: filters.length > 0 ? Math.max(limit * 2, 50) : limit - items.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      const found = (page.Items ?? []).map((item) => vehicleOf(toVehicleRecord(item)));
      const room = limit - items.length;
      items.push(...found.slice(0, room));
      if (found.length > room) {
        return { items, nextCursor: cursors.encode(tenantId, items[items.length - 1]?.vehicleId ?? '') };
      }
      exclusiveStartKey = page.LastEvaluatedKey;
      more = exclusiveStartKey !== undefined;
    }
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: cursors.encode(tenantId, last.vehicleId) } : { items };
  }

  async conditions(tenantId: string, vehicleIds: readonly string[]): Promise<VehicleCondition[]> {
    const items = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...new Set(vehicleIds)].map((vehicleId) => ({ pk: keys.tenant(tenantId), sk: keys.vehicleState(vehicleId) })),
    );
    return items.map((item) => toVehicleCondition(tenantId, item));
  }

  async recordService(service: VehicleService): Promise<void> {
    const { tenantId, vehicleId } = service;
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...service,
          pk: keys.tenant(tenantId),
          sk: keys.service(vehicleId, service.ts),
          entity: ENTITY.service,
        },
      }),
    );
    const lastService = {
      ts: service.ts,
      ...(service.odometer === undefined ? {} : { odometer: service.odometer }),
      ...(service.engineHours === undefined ? {} : { engineHours: service.engineHours }),
    };
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(tenantId), sk: keys.vehicleState(vehicleId) },
          UpdateExpression:
            'SET #lastService = :service, tenantId = :tenantId, vehicleId = :vehicleId, entity = :entity',
          // A service recorded late (an older ts) stays in the history but is not the last one.
          ConditionExpression: 'attribute_not_exists(#lastService) OR #lastService.#ts <= :ts',
          ExpressionAttributeNames: { '#lastService': 'lastService', '#ts': 'ts' },
          ExpressionAttributeValues: {
            ':service': lastService,
            ':ts': service.ts,
            ':tenantId': tenantId,
            ':vehicleId': vehicleId,
            ':entity': ENTITY.vehicleState,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** Cursors of this list: the tenant and the last vehicleId handed out. */
const cursors = tenantCursor('k', VEHICLE_ID_PATTERN);

/** Binds the fleet table through {@link DynamoDbVehicleRegistry}. */
export const dynamoDbVehicleRegistry = tableAdapter<VehicleRegistry>(
  FLEET_TABLE,
  (parts) => new DynamoDbVehicleRegistry(parts),
);
