import middy, { type MiddlewareObj } from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionDeclaration } from '../wiring/declaration.js';
import { type LambdaHandler, type ObservabilityDeps, observability } from './observability.js';

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
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(
      observability(deps, options.declaration.name) as MiddlewareObj<
        DynamoDBStreamEvent,
        DynamoDBBatchResponse,
        Error,
        Context
      >,
    )
    .handler(async (event) => {
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
          return {
            batchItemFailures: records
              .slice(index)
              .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? r.eventID ?? '' })),
          };
        }
      }
      return { batchItemFailures: [] };
    }) as StreamLambdaHandler;
}
