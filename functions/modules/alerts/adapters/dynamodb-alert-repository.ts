import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../platform/clock.js';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import type { Alert, Severity } from '../domain/alert.js';
import { ULID_PATTERN } from '../domain/alert-id.js';
import { lockKeyOf } from '../domain/raise.js';
import type {
  AlertFilter,
  AlertPage,
  AlertRepository,
  LockRef,
  OpenAlertRef,
  OwedAlertEvent,
  OwedAlertEventKey,
  RaiseResult,
  VersionedAlert,
} from '../ports/alert-repository.js';
import { heldLockKey } from '../ports/alert-repository.js';
import { ALERTS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbAlertRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/** Transactions that collide with another on the same items are retried this many times. */
const MAX_TRANSACTION_ATTEMPTS = 6;

/**
 * Alerts and their (vehicle, rule) locks in one table (docs/adr/0030, 0070, 0071).
 *
 * One fault raises one alert: `raiseIfNotOpen` writes the alert and an `OPEN#<vehicle>#<rule>` lock
 * in one transaction conditioned on the lock being free — absent, or released (its alert resolved)
 * long enough before the firing reading for the rule's cool-down — so concurrent evaluations and
 * retries cannot both raise. Lifecycle changes are conditional on the alert's revision (`rev`), so
 * of two concurrent acknowledges one wins and the other re-reads and answers 409; a resolve
 * releases the lock in the same transaction and records when, for the cool-down.
 */
export class DynamoDbAlertRepository implements AlertRepository {
  constructor(private readonly props: DynamoDbAlertRepositoryProps) {}

  async raiseIfNotOpen(
    alert: Alert,
    options: { readonly cooldownSeconds?: number; readonly firedAt?: string } = {},
  ): Promise<RaiseResult> {
    const lockKey = { pk: keys.tenant(alert.tenantId), sk: keys.openLock(alert.vehicleId, lockKeyOf(alert)) };
    const firedAtMs = Date.parse(options.firedAt ?? alert.raisedAt);
    const cutoff = new Date(firedAtMs - (options.cooldownSeconds ?? 0) * 1000).toISOString();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.props.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.props.tableName,
                  Item: { ...lockItem(alert), openedAt: alert.raisedAt },
                  // Free: never held, or released by a resolve at or before the cool-down's cutoff.
                  ConditionExpression:
                    'attribute_not_exists(pk) OR (attribute_exists(releasedAt) AND releasedAt <= :cutoff)',
                  ExpressionAttributeValues: { ':cutoff': cutoff },
                },
              },
              {
                Put: {
                  TableName: this.props.tableName,
                  Item: alertItem(alert, 0),
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
          if (Item && typeof Item.releasedAt === 'string' && reasons[0]?.Code === 'ConditionalCheckFailed') {
            return { raised: false, coolingDown: true };
          }
          const openAlertId =
            Item && Item.releasedAt === undefined && typeof Item.alertId === 'string' ? Item.alertId : undefined;
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

  async getVersioned(tenantId: string, alertId: string): Promise<VersionedAlert | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.alert(alertId) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return { alert: toAlert(Item), rev: typeof Item.rev === 'number' ? Item.rev : 0 };
  }

  async update(alert: Alert, rev: number, owes?: { readonly detailType: string }): Promise<boolean> {
    const owed = owes
      ? {
          Put: {
            TableName: this.props.tableName,
            Item: owedEventItem({
              tenantId: alert.tenantId,
              alertId: alert.alertId,
              rev: rev + 1,
              detailType: owes.detailType,
              alert,
              owedSince: this.props.clock.now().toISOString(),
            }),
          },
        }
      : undefined;
    const alertPut = {
      Put: {
        TableName: this.props.tableName,
        Item: alertItem(alert, rev + 1),
        // Items raised before revisions existed have none: they are revision 0.
        ConditionExpression: rev === 0 ? 'attribute_not_exists(rev) OR rev = :rev' : 'rev = :rev',
        ExpressionAttributeValues: { ':rev': rev },
      },
    };
    const release =
      alert.status === 'resolved' && alert.resolvedAt !== undefined
        ? {
            Put: {
              TableName: this.props.tableName,
              Item: { ...lockItem(alert), releasedAt: alert.resolvedAt },
              // Only this alert's own lock: a newer alert of the rule may hold it already.
              ConditionExpression: 'attribute_not_exists(pk) OR alertId = :alertId',
              ExpressionAttributeValues: { ':alertId': alert.alertId },
            },
          }
        : undefined;
    let withRelease = release !== undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        // The alert first: cancellation reasons are read by position (0: the alert, 1: the lock).
        const items = [alertPut, ...(withRelease && release ? [release] : []), ...(owed ? [owed] : [])];
        await this.props.client.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
        if (withRelease && reasons[1]?.Code === 'ConditionalCheckFailed') {
          withRelease = false;
          continue;
        }
        if (attempt >= MAX_TRANSACTION_ATTEMPTS) throw error;
        await sleep(20 * 2 ** attempt * Math.random());
      }
    }
  }

  async eventPublished(key: OwedAlertEventKey): Promise<void> {
    await this.props.client.send(
      new DeleteCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(key.tenantId), sk: keys.owedEvent(key.alertId, key.rev) },
      }),
    );
  }

  async owedEvents(owed: readonly OwedAlertEventKey[]): Promise<OwedAlertEvent[]> {
    const found: OwedAlertEvent[] = [];
    // Few per stream batch (one per lifecycle change whose request did not publish); read each
    // consistently, since the request may have cleared it a moment ago.
    for (const key of owed) {
      const { Item } = await this.props.client.send(
        new GetCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(key.tenantId), sk: keys.owedEvent(key.alertId, key.rev) },
          ConsistentRead: true,
        }),
      );
      if (Item) found.push(owedEventFromItem(Item));
    }
    return found;
  }

  async heldLocks(tenantId: string, refs: readonly LockRef[]): Promise<Map<string, string>> {
    const held = new Map<string, string>();
    if (refs.length === 0) return held;
    // By sort key: locks written before `lockKey` was stored have none to match on.
    const bySortKey = new Map(refs.map((ref) => [keys.openLock(ref.vehicleId, ref.lockKey), heldLockKey(ref)]));
    const items = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...bySortKey.keys()].map((sk) => ({ pk: keys.tenant(tenantId), sk })),
      // Consistent: a lock released a moment ago must read as released, or its rule would stay silent.
      { consistentRead: true, projection: ['sk', 'alertId', 'releasedAt'] },
    );
    for (const item of items) {
      const key = bySortKey.get(String(item.sk));
      if (key === undefined || item.releasedAt !== undefined || typeof item.alertId !== 'string') continue;
      held.set(key, item.alertId);
    }
    return held;
  }

  async openAlerts(tenantId: string, vehicleId: string): Promise<OpenAlertRef[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_not_exists(releasedAt)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.openLocksOf(vehicleId) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      alertId: String(item.alertId),
      lockKey: String(item.lockKey ?? item.type),
      type: String(item.type),
      severity: (item.severity ?? 'HIGH') as Severity,
    }));
  }

  async list(tenantId: string, filter: AlertFilter, limit: number, cursor?: string): Promise<AlertPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new RangeError(`limit must be an integer from 1 to 100, got ${limit}`);
    }
    const after = cursor === undefined ? undefined : cursors.decode(cursor, tenantId);
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
        return { items, nextCursor: cursors.encode(tenantId, items[items.length - 1]?.alertId ?? '') };
      }
      exclusiveStartKey = page.LastEvaluatedKey;
      more = exclusiveStartKey !== undefined;
    }
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: cursors.encode(tenantId, last.alertId) } : { items };
  }
}

/** The stored form of an alert, with its revision and its two index projections. */
export function alertItem(alert: Alert, rev = 0): Record<string, unknown> {
  return {
    ...alert,
    rev,
    pk: keys.tenant(alert.tenantId),
    sk: keys.alert(alert.alertId),
    entity: ENTITY.alert,
    gsi1pk: keys.alertsByStatus(alert.tenantId, alert.status),
    gsi1sk: keys.alert(alert.alertId),
    gsi2pk: keys.alertsByVehicle(alert.tenantId, alert.vehicleId),
    gsi2sk: keys.alert(alert.alertId),
  };
}

/** Owed events are kept two days: longer than the stream's 24 h, in case the stream never drains one. */
const OWED_EVENT_TTL_SECONDS = 2 * 24 * 60 * 60;

/** The stored form of an owed event: the outbox item written with the lifecycle change. */
export function owedEventItem(owed: OwedAlertEvent): Record<string, unknown> {
  return {
    pk: keys.tenant(owed.tenantId),
    sk: keys.owedEvent(owed.alertId, owed.rev),
    entity: ENTITY.owedEvent,
    tenantId: owed.tenantId,
    alertId: owed.alertId,
    rev: owed.rev,
    detailType: owed.detailType,
    alert: owed.alert,
    owedSince: owed.owedSince,
    expiresAt: Math.floor(Date.parse(owed.owedSince) / 1000) + OWED_EVENT_TTL_SECONDS,
  };
}

/** An outbox item (or its stream image) back into an owed event. */
export function owedEventFromItem(item: Record<string, unknown>): OwedAlertEvent {
  return {
    tenantId: String(item.tenantId),
    alertId: String(item.alertId),
    rev: Number(item.rev),
    detailType: String(item.detailType),
    alert: toAlert(item.alert as Record<string, unknown>),
    owedSince: String(item.owedSince),
  };
}

/**
 * An alert item back into the domain type. Items written before the lifecycle existed carry a
 * single `reading` and no history: they are read as `readings: [reading]` and `history: []`.
 */
export function toAlert(item: Record<string, unknown>): Alert {
  const { rev: _rev, reading, ...rest } = withoutStorageAttributes(item);
  const alert = rest as unknown as Alert;
  return {
    ...alert,
    ...(alert.readings === undefined && reading !== undefined
      ? { readings: [reading as NonNullable<Alert['readings']>[number]] }
      : {}),
    history: alert.history ?? [],
  };
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

/** The (vehicle, rule) lock item of an alert, as raising takes it and resolving releases it. */
function lockItem(alert: Alert): Record<string, unknown> {
  return {
    pk: keys.tenant(alert.tenantId),
    sk: keys.openLock(alert.vehicleId, lockKeyOf(alert)),
    entity: ENTITY.openLock,
    tenantId: alert.tenantId,
    vehicleId: alert.vehicleId,
    type: alert.type,
    severity: alert.severity,
    lockKey: lockKeyOf(alert),
    alertId: alert.alertId,
  };
}

/** Cursors of this list: the tenant and the last alertId handed out. */
const cursors = tenantCursor('a', ULID_PATTERN);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Binds the alerts table through {@link DynamoDbAlertRepository}. */
export const dynamoDbAlertRepository = tableAdapter<AlertRepository>(
  ALERTS_TABLE,
  (parts) => new DynamoDbAlertRepository(parts),
);
