import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type LambdaHandler, type ObservabilityDeps, observedHandler } from '../observability/observability.js';
import type { FunctionDeclaration } from '../wiring/declaration.js';

/** A partial batch response reporting these records, which Lambda retries from the first. */
function failuresFrom(records: readonly DynamoDBRecord[]): DynamoDBBatchResponse {
  return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? r.eventID ?? '' })) };
}

export type StreamLambdaHandler = LambdaHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>;

export interface StreamHandlerOptions {
  readonly declaration: FunctionDeclaration;
  readonly deps: ObservabilityDeps;
}

/**
 * Builds a DynamoDB stream handler with partial batch responses (the event source mapping sets
 * ReportBatchItemFailures). Records are processed in order; at the first failure that record and
 * every later one are reported, because Lambda resumes the shard from the lowest failed sequence
 * number and later records must not overtake an earlier change to the same item.
 */
export function streamHandler(
  options: StreamHandlerOptions,
  processRecord: (record: DynamoDBRecord) => Promise<void>,
): StreamLambdaHandler {
  const { deps } = options;
  return observedHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>(deps, options.declaration.name).handler(
    async (event) => {
      const records = event.Records ?? [];
      for (let index = 0; index < records.length; index++) {
        const record = records[index] as DynamoDBRecord;
        try {
          await processRecord(record);
        } catch (error) {
          deps.logger.error('Stream record failed; reporting it and the rest of the batch', {
            eventID: record.eventID,
            sequenceNumber: record.dynamodb?.SequenceNumber,
            error: error instanceof Error ? error : String(error),
          });
          return failuresFrom(records.slice(index));
        }
      }
      return { batchItemFailures: [] };
    },
  ) as StreamLambdaHandler;
}

/**
 * Builds a DynamoDB stream handler that handles a whole batch at once (e.g. grouping readings per
 * tenant into one event). If the batch fails, every record is reported, so Lambda retries it from
 * the first one: the logic must be idempotent, as delivery is at least once.
 */
export function streamBatchHandler(
  options: StreamHandlerOptions,
  processBatch: (records: readonly DynamoDBRecord[]) => Promise<void>,
): StreamLambdaHandler {
  const { deps } = options;
  return observedHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>(deps, options.declaration.name).handler(
    async (event) => {
      const records = event.Records ?? [];
      try {
        await processBatch(records);
        return { batchItemFailures: [] };
      } catch (error) {
        deps.logger.error('Stream batch failed; reporting every record for a retry', {
          records: records.length,
          firstSequenceNumber: records[0]?.dynamodb?.SequenceNumber,
          error: error instanceof Error ? error : String(error),
        });
        return failuresFrom(records);
      }
    },
  ) as StreamLambdaHandler;
}
