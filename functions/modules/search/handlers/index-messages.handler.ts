import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
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

/**
 * Chat table stream → search: every stored message (user, bot and agent replies; internal notes are
 * never chat messages), with its conversation's customer as `ownerId`, read through chat's store.
 */
export function createIndexMessagesHandler(deps: IndexMessagesDeps): StreamLambdaHandler {
  return streamHandler({ declaration: indexMessages, deps }, async (record) => {
    if (record.eventName !== 'INSERT') return;
    const image = imageOf(record.dynamodb?.NewImage);
    if (image?.entity !== 'message') return;
    const message = parseOrThrow(indexableMessageSchema, image, 'message');
    const found = await deps.conversations.get(message.tenantId, message.conversationId);
    if (!found) throw new Error(`Message ${message.messageId} of an unknown conversation ${message.conversationId}`);
    await deps.search.upsert([messageDocument(message, found.conversation.ownerId)]);
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
