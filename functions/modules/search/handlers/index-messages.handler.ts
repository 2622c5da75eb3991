import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamLambdaHandler, streamBatchHandler } from '../../../platform/events/stream-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbConversationStore } from '../../chat/adapters/dynamodb-conversation-store.js';
import { CHAT_TABLE } from '../../chat/tables.js';
import { openSearchIndex } from '../adapters/opensearch-search-index.js';
import { messageDocument } from '../domain/support-documents.js';
import { indexableMessageSchema } from '../events.js';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const imageOf = (image: Image | undefined) =>
  image ? unmarshall(image as unknown as Record<string, AttributeValue>) : undefined;

const messageBindings = { search: openSearchIndex, conversations: dynamoDbConversationStore.read };
export type IndexMessagesDeps = DepsOf<typeof messageBindings>;

/** Conversations whose customer a container remembers; past this it starts again (a miss costs one read). */
const MAX_REMEMBERED_OWNERS = 10_000;

/**
 * Chat table stream → search: every stored message (user, bot and agent replies; internal notes are
 * never chat messages), with its conversation's customer as `ownerId`, read through chat's store.
 * A stream batch is one `upsert` (one bulk request), and each conversation's customer is read once
 * per container: a conversation never changes owner, so the answer cannot go stale. Before, every
 * message was a GetItem and a bulk request of its own, about three per chat turn.
 */
export function createIndexMessagesHandler(deps: IndexMessagesDeps): StreamLambdaHandler {
  // Per conversation, its customer (or the read that finds it, so a batch's messages share one).
  const owners = new Map<string, Promise<string>>();
  const ownerOf = (tenantId: string, conversationId: string, messageId: string): Promise<string> => {
    const key = `${tenantId}\u0000${conversationId}`;
    const known = owners.get(key);
    if (known) return known;
    if (owners.size >= MAX_REMEMBERED_OWNERS) owners.clear();
    const owner = deps.conversations.get(tenantId, conversationId).then((found) => {
      if (!found) throw new Error(`Message ${messageId} of an unknown conversation ${conversationId}`);
      return found.conversation.ownerId;
    });
    owners.set(key, owner);
    // A failed read is not remembered: the batch's retry reads again.
    owner.catch(() => {
      if (owners.get(key) === owner) owners.delete(key);
    });
    return owner;
  };
  return streamBatchHandler({ declaration: indexMessages, deps }, async (records) => {
    const messages = records.flatMap((record) => {
      if (record.eventName !== 'INSERT') return [];
      const image = imageOf(record.dynamodb?.NewImage);
      return image?.entity === 'message' ? [parseOrThrow(indexableMessageSchema, image, 'message')] : [];
    });
    if (messages.length === 0) return;
    const documents = await Promise.all(
      messages.map(async (message) =>
        messageDocument(message, await ownerOf(message.tenantId, message.conversationId, message.messageId)),
      ),
    );
    await deps.search.upsert(documents);
  });
}

export const indexMessages = defineFunction({
  name: 'indexMessages',
  description: 'Indexes chat messages for search, scoped to their conversation customer (DynamoDB stream)',
  entry: 'functions/modules/search/handlers/index-messages.lambda.ts',
  triggers: [
    { kind: 'stream', table: CHAT_TABLE, batchSize: 100, startingPosition: 'TRIM_HORIZON', eventNames: ['INSERT'] },
  ],
  timeoutSeconds: 30,
  bindings: messageBindings,
  factory: createIndexMessagesHandler,
});
