import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbConversationStore } from '../../functions/modules/chat/adapters/dynamodb-conversation-store.js';
import { BOT_AUTHOR } from '../../functions/modules/chat/domain/conversation.js';
import type { ConversationStore } from '../../functions/modules/chat/ports/conversation-store.js';
import { createIndexMessagesHandler } from '../../functions/modules/search/handlers/index-messages.handler.js';
import type { SearchDocument } from '../../functions/modules/search/ports/search-index.js';
import { streamEvent } from '../support/api-gateway-events.js';
import { conversation, message, newId } from '../support/conversations.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { FakeSearchIndex, FixedClock, testBasics } from '../support/fakes.js';

/** Counts the bulk requests the handler sends and how many documents each carried. */
class CountingSearchIndex extends FakeSearchIndex {
  readonly upserts: number[] = [];

  override async upsert(documents: readonly SearchDocument[]): Promise<void> {
    this.upserts.push(documents.length);
    await super.upsert(documents);
  }
}

/** INSERT records of the chat table's stream, made from the items as stored (the stream's NewImage). */
async function insertRecords(db: TestDatabase, messageIds: readonly string[]): Promise<DynamoDBRecord[]> {
  const { Items = [] } = await db.documentClient.send(new ScanCommand({ TableName: db.tables.chat as string }));
  return messageIds.map((messageId, i) => {
    const item = Items.find((candidate) => candidate.entity === 'message' && candidate.messageId === messageId);
    if (!item) throw new Error(`no stored message ${messageId}`);
    return {
      eventID: `e${i}`,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: String(i + 1),
        NewImage: marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>,
      },
    };
  });
}

describe('indexMessages (chat table stream → search)', () => {
  let db: TestDatabase;
  let store: ConversationStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = dynamoDbConversationStore.create({
      client: db.documentClient,
      tableName: db.tables.chat as string,
      clock: new FixedClock(),
    });
  });

  /** The store, counting the conversations read through `get`. */
  function countingStore(): { conversations: ConversationStore; reads: string[] } {
    const reads: string[] = [];
    const conversations = Object.assign(Object.create(store) as ConversationStore, {
      get: async (tenantId: string, conversationId: string) => {
        reads.push(`${tenantId}/${conversationId}`);
        return store.get(tenantId, conversationId);
      },
    });
    return { conversations, reads };
  }

  it('indexes a batch in one bulk request, reading each conversation once, with its customer per tenant', async () => {
    // Prepare: two conversations of two tenants, three messages each, in one stream batch.
    const acme = conversation('acme', 'cust-a');
    const globex = conversation('globex', 'cust-g');
    const acmeMessages = [message(acme, 'TRK-101 overheats'), message(acme, 'Here is what I see', BOT_AUTHOR)];
    const globexMessages = [message(globex, 'invoice please'), message(globex, 'Billing article', BOT_AUTHOR)];
    await store.create(acme, acmeMessages);
    await store.create(globex, globexMessages);
    const later = message(acme, 'still hot');
    const records = await insertRecords(
      db,
      [acmeMessages[0], globexMessages[0], acmeMessages[1], globexMessages[1]].map((m) => m?.messageId as string),
    );
    const search = new CountingSearchIndex();
    const { conversations, reads } = countingStore();
    const handler = createIndexMessagesHandler({ ...testBasics(), search, conversations });

    // Act
    const response = await handler(streamEvent(records));

    // Assess
    expect(response?.batchItemFailures).toEqual([]);
    expect(search.upserts).toEqual([4]);
    expect(reads.sort()).toEqual([`acme/${acme.conversationId}`, `globex/${globex.conversationId}`].sort());
    const acmeHits = await search.search({ tenantId: 'acme', collections: ['messages'] });
    expect(acmeHits.hits.map((hit) => [hit.fields.title, hit.fields.ownerId])).toEqual(
      expect.arrayContaining([
        ['TRK-101 overheats', 'cust-a'],
        ['Here is what I see', 'cust-a'],
      ]),
    );
    expect(acmeHits.total).toBe(2);
    const globexHits = await search.search({ tenantId: 'globex', collections: ['messages'] });
    expect(globexHits.hits.map((hit) => hit.fields.ownerId)).toEqual(['cust-g', 'cust-g']);

    // Act: a later batch of the same conversation (its owner never changes) reads nothing.
    await store.recordTurn({
      conversation: acme,
      expectedRev: 1,
      userId: 'cust-a',
      clientMessageId: 'c-later',
      message: { ...later, clientMessageId: 'c-later' },
      replies: [],
    });
    await handler(streamEvent(await insertRecords(db, [later.messageId])));

    // Assess
    expect(reads).toHaveLength(2);
    expect(search.upserts).toEqual([4, 1]);
    expect((await search.search({ tenantId: 'acme', collections: ['messages'] })).total).toBe(3);
  });

  it('reports the whole batch for a retry when a message names a conversation that does not exist', async () => {
    // Prepare: a stored message whose conversation is not found under its tenant.
    const known = conversation('acme', 'cust-a');
    const first = message(known, 'hello');
    await store.create(known, [first]);
    const [record] = await insertRecords(db, [first.messageId]);
    const image = (record as DynamoDBRecord).dynamodb?.NewImage as Record<string, AttributeValue>;
    const orphan: DynamoDBRecord = {
      eventID: 'e-orphan',
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '9',
        NewImage: { ...image, tenantId: { S: 'globex' }, messageId: { S: newId() } } as Record<string, AttributeValue>,
      },
    };
    const search = new CountingSearchIndex();
    const { conversations } = countingStore();
    const handler = createIndexMessagesHandler({ ...testBasics(), search, conversations });

    // Act
    const response = await handler(streamEvent([record as DynamoDBRecord, orphan]));

    // Assess: nothing indexed, both records reported (Lambda retries the batch from the first).
    expect(response?.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['1', '9']);
    expect(search.upserts).toEqual([]);
  });

  it('sends no request for a batch without new messages (conversation items, modifications)', async () => {
    const search = new CountingSearchIndex();
    const { conversations, reads } = countingStore();
    const handler = createIndexMessagesHandler({ ...testBasics(), search, conversations });
    const conversationImage = marshall({ entity: 'conversation', tenantId: 'acme', conversationId: 'x' });

    const response = await handler(
      streamEvent([
        { eventID: 'a', eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: conversationImage } },
        { eventID: 'b', eventName: 'MODIFY', dynamodb: { SequenceNumber: '2', NewImage: conversationImage } },
      ] as DynamoDBRecord[]),
    );

    expect(response?.batchItemFailures).toEqual([]);
    expect(search.upserts).toEqual([]);
    expect(reads).toEqual([]);
  });
});
