import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { chunks, contentionCodes, isContention, TRANSACTION_ITEMS } from '../../../platform/dynamodb/transactions.js';
import type { VehicleEvaluationState } from '../domain/rule-engine.js';
import {
  EvaluationStateConflict,
  type EvaluationStateStore,
  type StoredEvaluationState,
} from '../ports/evaluation-state-store.js';
import { EVALUATIONS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbEvaluationStateStoreProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * One `EVAL#<vehicle>` item per vehicle in the evaluations table (docs/adr/0072), holding the
 * engine's packed runs and geofence sides, per-rule open alerts and the speed buffer as one document, written
 * conditionally on its revision.
 *
 * Saved with TransactWriteItems, up to 100 vehicles per request, rather than one conditional put
 * per vehicle: a batch's states are saved all or none (a conflict on one vehicle leaves the
 * others as loaded, so the re-run does not fold the same readings into states that already hold
 * them), in one request instead of one per vehicle. Measured on DynamoDB Local (docs/adr/0083):
 * 2.3 ms of its CPU per conditional put against 0.4 ms per item of a 100-item transaction, and
 * each request ~1.5 ms of SDK CPU in the function; in AWS a transactional write costs two write
 * units instead of one. A batch of one vehicle (a single fault reading, say) is one conditional
 * put: the same all-or-none, at one write unit instead of two (docs/adr/0120).
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
          ...(doc.packed ? { packed: doc.packed } : {}),
          ...(doc.speed ? { speed: doc.speed } : {}),
        },
        rev: typeof item.rev === 'number' ? item.rev : 0,
      };
    });
  }

  async save(tenantId: string, states: readonly StoredEvaluationState[]): Promise<void> {
    const conflicts: string[] = [];
    // Chunks in parallel: more than 100 vehicles in one batch is rare, and each chunk is atomic.
    await Promise.all(
      chunks(states, TRANSACTION_ITEMS).map(async (part) => {
        if (part.length === 1) {
          const [stored] = part as [StoredEvaluationState];
          try {
            await this.props.client.send(new PutCommand(this.put(tenantId, stored)));
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
            conflicts.push(stored.state.vehicleId);
          }
          return;
        }
        try {
          await this.props.client.send(
            new TransactWriteCommand({ TransactItems: part.map((stored) => ({ Put: this.put(tenantId, stored) })) }),
          );
        } catch (error) {
          const codes = contentionCodes(error);
          if (!codes) throw error;
          // ConditionalCheckFailed: another evaluation saved first. TransactionConflict: another
          // transaction held the item. Either way the newer state must be loaded and re-applied.
          const named = part.filter((_, i) => isContention(codes[i]));
          conflicts.push(...named.map((stored) => stored.state.vehicleId));
        }
      }),
    );
    if (conflicts.length > 0) throw new EvaluationStateConflict(conflicts);
  }

  private put(tenantId: string, { state, rev }: StoredEvaluationState) {
    return {
      TableName: this.props.tableName,
      Item: {
        pk: keys.tenant(tenantId),
        sk: keys.evaluation(state.vehicleId),
        entity: ENTITY.evaluation,
        vehicleId: state.vehicleId,
        // One JSON string, not nested maps: compact, and one attribute to parse and write.
        // The packed runs and sides serialise as base64 with their layout (docs/adr/0131).
        doc: JSON.stringify({
          rules: state.rules,
          ...(state.packed ? { packed: state.packed } : {}),
          ...(state.speed ? { speed: state.speed } : {}),
        }),
        rev: rev + 1,
      },
      ConditionExpression: rev === 0 ? 'attribute_not_exists(pk)' : 'rev = :rev',
      ...(rev === 0 ? {} : { ExpressionAttributeValues: { ':rev': rev } }),
    };
  }
}

/** Binds the evaluations table through {@link DynamoDbEvaluationStateStore}. */
export const dynamoDbEvaluationStateStore = tableAdapter<EvaluationStateStore>(
  EVALUATIONS_TABLE,
  (parts) => new DynamoDbEvaluationStateStore(parts),
);
