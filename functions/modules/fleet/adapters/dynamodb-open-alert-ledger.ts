import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { OpenAlertLedger } from '../ports/open-alert-ledger.js';
import { FLEET_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbOpenAlertLedgerProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Tombstones outlive any redelivery: EventBridge gives up on an event after an hour at most
 * (FUNCTION_DEFAULTS.event.maxEventAgeSeconds), DynamoDB's TTL then reaps them.
 */
const TOMBSTONE_DAYS = 7;
/** Transactions that collide with a concurrent state update are retried this many times. */
const MAX_ATTEMPTS = 6;

/**
 * Open alert ids per vehicle as a string set on the vehicle's state item: `ADD` on raise and
 * `DELETE` on resolve are idempotent, so redelivery changes nothing. Resolving also writes a
 * `RESOLVED_ALERT#` tombstone, and raising is conditioned on there being none, so a late
 * `alert.raised` (EventBridge does not order events) cannot put a resolved alert back in the set.
 */
export class DynamoDbOpenAlertLedger implements OpenAlertLedger {
  private readonly clock: Clock;

  constructor(private readonly props: DynamoDbOpenAlertLedgerProps) {
    this.clock = props.clock ?? systemClock;
  }

  async opened(tenantId: string, vehicleId: string, alertId: string): Promise<void> {
    await this.transact(
      [
        {
          ConditionCheck: {
            TableName: this.props.tableName,
            Key: { pk: keys.tenant(tenantId), sk: keys.resolvedAlert(alertId) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        this.stateChange(tenantId, vehicleId, alertId, 'ADD'),
      ],
      // The tombstone exists: this alert was resolved already, and a late raise must not reopen it.
      (reasons) => reasons[0] === 'ConditionalCheckFailed',
    );
  }

  async resolved(tenantId: string, vehicleId: string, alertId: string): Promise<void> {
    await this.transact(
      [
        {
          Put: {
            TableName: this.props.tableName,
            Item: {
              pk: keys.tenant(tenantId),
              sk: keys.resolvedAlert(alertId),
              entity: ENTITY.resolvedAlert,
              tenantId,
              vehicleId,
              alertId,
              expiresAt: epochSeconds(this.clock.now()) + TOMBSTONE_DAYS * 86_400,
            },
          },
        },
        this.stateChange(tenantId, vehicleId, alertId, 'DELETE'),
      ],
      () => false,
    );
  }

  private stateChange(tenantId: string, vehicleId: string, alertId: string, action: 'ADD' | 'DELETE') {
    return {
      Update: {
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.vehicleState(vehicleId) },
        UpdateExpression: `SET tenantId = :tenantId, vehicleId = :vehicleId, entity = :entity ${action} #open :ids`,
        ExpressionAttributeNames: { '#open': 'openAlertIds' },
        ExpressionAttributeValues: {
          ':ids': new Set([alertId]),
          ':tenantId': tenantId,
          ':vehicleId': vehicleId,
          ':entity': ENTITY.vehicleState,
        },
      },
    };
  }

  private async transact(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
    isSettled: (reasons: readonly (string | undefined)[]) => boolean,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.props.client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (isSettled(reasons)) return;
        // TransactionConflict: a state update of the same vehicle is in flight. Back off and retry.
        if (attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
      }
    }
  }
}

/** Binds the fleet table through {@link DynamoDbOpenAlertLedger}. */
export const dynamoDbOpenAlertLedger = tableAdapter<OpenAlertLedger>(
  FLEET_TABLE,
  (parts) => new DynamoDbOpenAlertLedger(parts),
);
