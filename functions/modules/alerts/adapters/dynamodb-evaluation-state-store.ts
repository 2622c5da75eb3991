import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../../../platform/concurrency.js';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { VehicleEvaluationState } from '../domain/rule-engine.js';
import {
  EvaluationStateConflict,
  type EvaluationStateStore,
  type StoredEvaluationState,
} from '../ports/evaluation-state-store.js';
import { ALERTS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbEvaluationStateStoreProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Conditional puts in flight at once: bounded, like every batch path (one client, 50 sockets). */
const SAVE_CONCURRENCY = 16;

/**
 * One `EVAL#<vehicle>` item per vehicle in the alerts table, holding the engine's per-rule runs,
 * geofence sides and the speed buffer as one document, written conditionally on its revision.
 */
export class DynamoDbEvaluationStateStore implements EvaluationStateStore {
  constructor(private readonly props: DynamoDbEvaluationStateStoreProps) {}

  async load(tenantId: string, vehicleIds: readonly string[]): Promise<StoredEvaluationState[]> {
    const items = await batchGetAll(
      this.props.client,
      this.props.tableName,
      [...new Set(vehicleIds)].map((vehicleId) => ({ pk: keys.tenant(tenantId), sk: keys.evaluation(vehicleId) })),
    );
    return items.map((item) => {
      const doc = JSON.parse(String(item.doc ?? '{}')) as Partial<VehicleEvaluationState>;
      return {
        state: {
          vehicleId: String(item.vehicleId),
          rules: doc.rules ?? {},
          ...(doc.speed ? { speed: doc.speed } : {}),
        },
        rev: typeof item.rev === 'number' ? item.rev : 0,
      };
    });
  }

  async save(tenantId: string, states: readonly StoredEvaluationState[]): Promise<void> {
    const conflicts: string[] = [];
    await mapWithConcurrency(states, SAVE_CONCURRENCY, async ({ state, rev }) => {
      try {
        await this.props.client.send(
          new PutCommand({
            TableName: this.props.tableName,
            Item: {
              pk: keys.tenant(tenantId),
              sk: keys.evaluation(state.vehicleId),
              entity: ENTITY.evaluation,
              vehicleId: state.vehicleId,
              // One JSON string, not nested maps: compact, and stream consumers of the table (the
              // search indexer) never meet empty maps or number lists they cannot unmarshall.
              doc: JSON.stringify({ rules: state.rules, ...(state.speed ? { speed: state.speed } : {}) }),
              rev: rev + 1,
            },
            ConditionExpression: rev === 0 ? 'attribute_not_exists(pk)' : 'rev = :rev',
            ...(rev === 0 ? {} : { ExpressionAttributeValues: { ':rev': rev } }),
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) conflicts.push(state.vehicleId);
        else throw error;
      }
    });
    if (conflicts.length > 0) throw new EvaluationStateConflict(conflicts);
  }
}

/** Binds the alerts table through {@link DynamoDbEvaluationStateStore}. */
export const dynamoDbEvaluationStateStore = tableAdapter<EvaluationStateStore>(
  ALERTS_TABLE,
  (parts) => new DynamoDbEvaluationStateStore(parts),
);
