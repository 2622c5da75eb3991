import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { InvalidCursor } from '../../../platform/errors.js';
import type { Alert } from '../domain/alert.js';
import { ULID_PATTERN } from '../domain/alert-id.js';
import type { AlertFilter, AlertPage, AlertRepository, RaiseResult } from '../ports/alert-repository.js';
import { ALERTS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbAlertRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Transactions that collide with another on the same items are retried this many times. */
const MAX_TRANSACTION_ATTEMPTS = 6;

interface CursorPayload {
  readonly v: 1;
  readonly t: string;
  readonly a: string;
}

/**
 * Alerts and open-alert locks in one table (docs/adr/0030-dynamodb-items-and-cursors.md).
 *
 * One fault raises one alert: `raiseIfNotOpen` writes the alert and an `OPEN#<vehicle>#<type>` lock
 * in one transaction conditioned on the lock not existing, so concurrent evaluations and retries
 * cannot both raise. Resolving the alert (C6) deletes the lock.
 */
export class DynamoDbAlertRepository implements AlertRepository {
  constructor(private readonly props: DynamoDbAlertRepositoryProps) {}

  async raiseIfNotOpen(alert: Alert): Promise<RaiseResult> {
    const lockKey = { pk: keys.tenant(alert.tenantId), sk: keys.openLock(alert.vehicleId, alert.type) };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.props.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.props.tableName,
                  Item: {
                    ...lockKey,
                    entity: ENTITY.openLock,
                    tenantId: alert.tenantId,
                    vehicleId: alert.vehicleId,
                    type: alert.type,
                    alertId: alert.alertId,
                    openedAt: alert.raisedAt,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.props.tableName,
                  Item: alertItem(alert),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return { raised: true, alert };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
          const { Item } = await this.props.client.send(
            new GetCommand({ TableName: this.props.tableName, Key: lockKey, ConsistentRead: true }),
          );
          const openAlertId = typeof Item?.alertId === 'string' ? Item.alertId : undefined;
          // The lock may have been released between the two calls; then the alert item itself collided.
          if (
            openAlertId === undefined &&
            attempt < MAX_TRANSACTION_ATTEMPTS &&
            reasons[1]?.Code !== 'ConditionalCheckFailed'
          ) {
            continue;
          }
          return openAlertId === undefined ? { raised: false } : { raised: false, openAlertId };
        }
        if (attempt >= MAX_TRANSACTION_ATTEMPTS) throw error;
        // TransactionConflict: another transaction holds the items; back off with jitter and retry.
        await sleep(20 * 2 ** attempt * Math.random());
      }
    }
  }

  async get(tenantId: string, alertId: string): Promise<Alert | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { pk: keys.tenant(tenantId), sk: keys.alert(alertId) } }),
    );
    return Item ? toAlert(Item) : undefined;
  }

  async list(tenantId: string, filter: AlertFilter, limit: number, cursor?: string): Promise<AlertPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new RangeError(`limit must be an integer from 1 to 100, got ${limit}`);
    }
    const after = cursor === undefined ? undefined : decodeCursor(cursor, tenantId);
    const plan = queryPlan(tenantId, filter);
    const items: Alert[] = [];
    let exclusiveStartKey = after === undefined ? undefined : plan.keyOf(after);
    let more = true;
    while (more && items.length < limit) {
      const page = await this.props.client.send(
        new QueryCommand({
          ...plan.input,
          TableName: this.props.tableName,
          ScanIndexForward: false,
          // With a filter, DynamoDB counts evaluated items, not matches: read a little more per call.
          Limit: plan.input.FilterExpression ? Math.max(limit * 2, 50) : limit - items.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      const found = (page.Items ?? []).map(toAlert);
      const room = limit - items.length;
      items.push(...found.slice(0, room));
      if (found.length > room) {
        // The page filled up mid-response: resume right after the last alert handed out.
        return { items, nextCursor: encodeCursor(tenantId, items[items.length - 1]?.alertId ?? '') };
      }
      exclusiveStartKey = page.LastEvaluatedKey;
      more = exclusiveStartKey !== undefined;
    }
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: encodeCursor(tenantId, last.alertId) } : { items };
  }
}

/** The stored form of an alert, with its two index projections. */
export function alertItem(alert: Alert): Record<string, unknown> {
  return {
    ...alert,
    pk: keys.tenant(alert.tenantId),
    sk: keys.alert(alert.alertId),
    entity: ENTITY.alert,
    gsi1pk: keys.alertsByStatus(alert.tenantId, alert.status),
    gsi1sk: keys.alert(alert.alertId),
    gsi2pk: keys.alertsByVehicle(alert.tenantId, alert.vehicleId),
    gsi2sk: keys.alert(alert.alertId),
  };
}

/** An alert item back into the domain type. */
export function toAlert(item: Record<string, unknown>): Alert {
  return withoutStorageAttributes(item) as unknown as Alert;
}

interface QueryPlan {
  readonly input: Omit<QueryCommandInput, 'TableName'>;
  /** The ExclusiveStartKey that resumes after the given alert on this plan's index. */
  keyOf(alertId: string): Record<string, string>;
}

/**
 * Picks the narrowest access path: a vehicle's alerts come from `byVehicle`, a status from
 * `byStatus`, everything else from the tenant's partition; remaining filters become a filter
 * expression. Every path is keyed by the tenant.
 */
function queryPlan(tenantId: string, filter: AlertFilter): QueryPlan {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const base = (alertId: string) => ({ pk: keys.tenant(tenantId), sk: keys.alert(alertId) });
  let input: Omit<QueryCommandInput, 'TableName'>;
  let keyOf: (alertId: string) => Record<string, string>;

  if (filter.vehicleId !== undefined) {
    const gsi2pk = keys.alertsByVehicle(tenantId, filter.vehicleId);
    input = { IndexName: 'byVehicle', KeyConditionExpression: 'gsi2pk = :ipk' };
    values[':ipk'] = gsi2pk;
    keyOf = (alertId) => ({ ...base(alertId), gsi2pk, gsi2sk: keys.alert(alertId) });
    if (filter.status !== undefined) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
  } else if (filter.status !== undefined) {
    const gsi1pk = keys.alertsByStatus(tenantId, filter.status);
    input = { IndexName: 'byStatus', KeyConditionExpression: 'gsi1pk = :ipk' };
    values[':ipk'] = gsi1pk;
    keyOf = (alertId) => ({ ...base(alertId), gsi1pk, gsi1sk: keys.alert(alertId) });
  } else {
    input = { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)' };
    values[':pk'] = keys.tenant(tenantId);
    values[':prefix'] = keys.alert('');
    keyOf = base;
  }
  if (filter.severity !== undefined) {
    filters.push('severity = :severity');
    values[':severity'] = filter.severity;
  }
  return {
    input: {
      ...input,
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    },
    keyOf,
  };
}

/** base64url JSON naming the tenant and the last alert handed out; opaque to clients. */
function encodeCursor(tenantId: string, alertId: string): string {
  const payload: CursorPayload = { v: 1, t: tenantId, a: alertId };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor(cursor: string, tenantId: string): string {
  let payload: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new InvalidCursor();
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  const { v, t, a } = (payload ?? {}) as Partial<Record<keyof CursorPayload, unknown>>;
  if (v !== 1 || t !== tenantId || typeof a !== 'string' || !ULID_PATTERN.test(a)) throw new InvalidCursor();
  return a;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Binds the alerts table through {@link DynamoDbAlertRepository}. */
export const dynamoDbAlertRepository = tableAdapter<AlertRepository>(
  ALERTS_TABLE,
  (parts) => new DynamoDbAlertRepository(parts),
);
