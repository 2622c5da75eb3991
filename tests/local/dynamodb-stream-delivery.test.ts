import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb/dynamodb-local.js';
import type { LocalStack } from '../../local/stack.js';
import { fakeRecords } from './fixtures/fake-handlers.js';
import { startFakeStack } from './fixtures/fake-stack.js';

describe('DynamoDB stream delivery (local event source mapping)', () => {
  let stack: LocalStack;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    stack = await startFakeStack();
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    );
  });
  afterAll(async () => {
    documents?.destroy();
    await stack?.stop();
  });
  beforeEach(() => {
    fakeRecords().streams.length = 0;
    fakeRecords().streamMode = 'ok';
  });

  const put = (sk: string, extra: Record<string, unknown> = {}) =>
    documents.send(new PutCommand({ TableName: stack.tables.alerts, Item: { pk: 'T#acme', sk, ...extra } }));
  const deliveredKeys = () =>
    (fakeRecords().streams as DynamoDBStreamEvent[]).flatMap((event) =>
      event.Records.map((record) => record.dynamodb?.Keys?.sk?.S),
    );

  it('delivers new writes to the declared handler as DynamoDBStreamEvent records', async () => {
    // Act
    await put('A#1', { status: 'open', bytes: new Uint8Array([1, 2]) });
    await put('A#1', { status: 'acknowledged' });
    await stack.idle();

    // Assess
    const records = (fakeRecords().streams as DynamoDBStreamEvent[]).flatMap((e) => e.Records);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(records[0]).toMatchObject({
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: expect.stringContaining(stack.tables.alerts as string),
      dynamodb: {
        Keys: { pk: { S: 'T#acme' }, sk: { S: 'A#1' } },
        NewImage: { status: { S: 'open' }, bytes: { B: 'AQI=' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        SequenceNumber: expect.any(String),
        ApproximateCreationDateTime: expect.any(Number),
      },
    });
    expect(records[1]?.dynamodb?.OldImage?.status).toEqual({ S: 'open' });
  });

  it('retries from the first reported batchItemFailure, as Lambda checkpoints', async () => {
    // Prepare: the handler reports B#2 as failed the first time it sees it.
    fakeRecords().streamMode = 'partial';
    await put('B#1');
    await put('B#2');
    await put('B#3');

    // Act
    await stack.idle();

    // Assess: the failed record (and any after it in its batch) is delivered again, B#1 only once.
    const keys = deliveredKeys();
    expect(keys.filter((k) => k === 'B#1')).toHaveLength(1);
    expect(keys.filter((k) => k === 'B#2')).toHaveLength(2);
    expect(keys.filter((k) => k === 'B#3').length).toBeGreaterThanOrEqual(1);
  });

  it('retries a throwing batch retryAttempts times, then sends it to the DLQ', async () => {
    fakeRecords().streamMode = 'throw';
    await put('C#1');

    await stack.idle();

    // retryAttempts: 1 → two attempts in all.
    expect(deliveredKeys()).toEqual(['C#1', 'C#1']);
    const [dead] = (await (await fetch(`${stack.url}/dev/dlq`)).json()) as {
      kind: string;
      functionName: string;
      payload: DynamoDBStreamEvent;
    }[];
    expect(dead).toMatchObject({ kind: 'stream', functionName: 'recordAlertStream' });
    expect(dead?.payload.Records[0]?.dynamodb?.Keys?.sk).toEqual({ S: 'C#1' });
  });
});
