import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import { InvalidCursor } from '../../../platform/errors.js';
import { IDEMPOTENCY_DEFAULTS } from '../../../platform/idempotency/idempotency-store.js';
import {
  type Conversation,
  type ConversationStatus,
  INITIAL_DIALOGUE,
  type StoredMessage,
} from '../domain/conversation.js';
import type { HeldReply, Ticket } from '../domain/ticket.js';
import type {
  ConversationCreation,
  ConversationPage,
  ConversationStore,
  MessagePage,
  ReadMark,
  SendRecord,
  TurnOutcome,
  TurnWrite,
  VersionedConversation,
} from '../ports/conversation-store.js';
import { CHAT_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const conversationCursor = tenantCursor('c', ULID);
/** A message cursor names its conversation too, so it cannot page another conversation. */
const messageCursor = tenantCursor('m', /^[0-7][0-9A-HJKMNP-TV-Z]{25}\/[0-7][0-9A-HJKMNP-TV-Z]{25}$/);

/**
 * The chat table (docs/adr/0100). A turn — the user's message, the bot's replies, the send record
 * of its `clientMessageId`, the conversation's new dialogue state and any hand-off ticket — is one
 * transaction: the send record's `attribute_not_exists` makes a resend store nothing, and the
 * conversation's `rev` condition makes two concurrent turns of one conversation serialise.
 */
export class DynamoDbConversationStore implements ConversationStore {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async create(
    conversation: Conversation,
    opening: readonly StoredMessage[],
    options: { readonly startKey?: string } = {},
  ): Promise<ConversationCreation> {
    const { tenantId, ownerId, conversationId, createdAt } = conversation;
    const createdSeconds = Math.floor(Date.parse(createdAt) / 1000);
    const startKey =
      options.startKey === undefined
        ? undefined
        : { pk: keys.tenant(tenantId), sk: keys.start(ownerId, options.startKey) };
    try {
      await this.props.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.props.tableName,
                Item: conversationItem(conversation, 1),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            // Second, so its cancellation reason says whether the key was used before.
            ...(startKey
              ? [
                  {
                    Put: {
                      TableName: this.props.tableName,
                      Item: {
                        ...startKey,
                        entity: ENTITY.start,
                        tenantId,
                        conversationId,
                        // As long as the idempotency record, so a key the records forgot is free again.
                        expiresAt: createdSeconds + IDEMPOTENCY_DEFAULTS.recordTtlSeconds,
                      },
                      // TTL deletes late: an expired record is overwritten, as if it were gone.
                      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                      ExpressionAttributeValues: { ':now': createdSeconds },
                      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                    },
                  },
                ]
              : []),
            ...opening.map((message) => ({
              Put: { TableName: this.props.tableName, Item: messageItem(tenantId, message) },
            })),
          ],
        }),
      );
      return { outcome: 'created' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const startReason = startKey ? error.CancellationReasons?.[1] : undefined;
      if (startKey && startReason?.Code === 'ConditionalCheckFailed') {
        const started =
          (startReason.Item ? unmarshall(startReason.Item as Record<string, AttributeValue>) : undefined) ??
          (
            await this.props.client.send(
              new GetCommand({ TableName: this.props.tableName, Key: startKey, ConsistentRead: true }),
            )
          ).Item;
        if (typeof started?.conversationId === 'string') {
          return { outcome: 'startedBefore', conversationId: started.conversationId };
        }
      }
      return { outcome: 'idTaken' };
    }
  }

  async get(tenantId: string, conversationId: string): Promise<VersionedConversation | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.conversation(conversationId) },
        ConsistentRead: true,
      }),
    );
    if (!Item || Item.tenantId !== tenantId) return undefined;
    const { rev, ...rest } = withoutStorageAttributes(Item);
    return { conversation: rest as unknown as Conversation, rev: Number(rev) };
  }

  async list(tenantId: string, ownerId: string | undefined, limit: number, cursor?: string): Promise<ConversationPage> {
    const after = cursor === undefined ? undefined : conversationCursor.decode(cursor, tenantId);
    const byOwner = ownerId !== undefined;
    const pk = byOwner ? keys.owner(tenantId, ownerId) : keys.tenant(tenantId);
    // Under the tenant partition CONV# sorts before SEND# and TICKET#: `sk < CONV#<after>` reads
    // only older conversations.
    const sortKey = byOwner ? 'gsi1sk' : 'sk';
    const { Items = [], LastEvaluatedKey } = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        ...(byOwner ? { IndexName: 'byOwner' } : {}),
        KeyConditionExpression: after
          ? `${byOwner ? 'gsi1pk' : 'pk'} = :pk AND ${sortKey} < :after`
          : `${byOwner ? 'gsi1pk' : 'pk'} = :pk AND begins_with(${sortKey}, :prefix)`,
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(after ? { ':after': keys.conversation(after) } : { ':prefix': keys.conversationsPrefix() }),
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const items = Items.filter((item) => item.entity === ENTITY.conversation).map(
      (item) => withoutRev(withoutStorageAttributes(item)) as unknown as Conversation,
    );
    const last = items[items.length - 1];
    return LastEvaluatedKey && last
      ? { items, nextCursor: conversationCursor.encode(tenantId, last.conversationId) }
      : { items };
  }

  async messages(tenantId: string, conversationId: string, limit: number, cursor?: string): Promise<MessagePage> {
    let after: string | undefined;
    if (cursor !== undefined) {
      const [cursorConversation, messageId] = messageCursor.decode(cursor, tenantId).split('/');
      if (cursorConversation !== conversationId) throw new InvalidCursor();
      after = messageId;
    }
    const { Items = [], LastEvaluatedKey } = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.messages(tenantId, conversationId),
          ...(after ? { ':after': keys.message(after) } : { ':prefix': keys.messagesPrefix() }),
        },
        Limit: limit,
      }),
    );
    // Read marks (READ#…) sort after every MSG# key: a page that reaches them ends the list.
    const items = Items.filter((item) => item.entity === ENTITY.message).map(messageOf);
    const last = items[items.length - 1];
    const more = LastEvaluatedKey && last && items.length === Items.length;
    return more
      ? { items, nextCursor: messageCursor.encode(tenantId, `${conversationId}/${last.messageId}`) }
      : { items };
  }

  async messagesById(
    tenantId: string,
    conversationId: string,
    messageIds: readonly string[],
  ): Promise<StoredMessage[]> {
    if (messageIds.length === 0) return [];
    const { Responses } = await this.props.client.send(
      new BatchGetCommand({
        RequestItems: {
          [this.props.tableName]: {
            Keys: [...new Set(messageIds)].map((id) => ({
              pk: keys.messages(tenantId, conversationId),
              sk: keys.message(id),
            })),
            ConsistentRead: true,
          },
        },
      }),
    );
    return (Responses?.[this.props.tableName] ?? [])
      .map(messageOf)
      .sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
  }

  async findSend(tenantId: string, userId: string, clientMessageId: string): Promise<SendRecord | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.send(userId, clientMessageId) },
        ConsistentRead: true,
      }),
    );
    return Item ? sendOf(Item) : undefined;
  }

  async recordTurn(turn: TurnWrite): Promise<TurnOutcome> {
    const { conversation, expectedRev } = turn;
    const tenantId = conversation.tenantId;
    const sendKey = { pk: keys.tenant(tenantId), sk: keys.send(turn.userId, turn.clientMessageId) };
    const send: SendRecord = {
      conversationId: conversation.conversationId,
      messageId: turn.message.messageId,
      replyIds: turn.replies.map((reply) => reply.messageId),
      ...(turn.ticket ? { ticketId: turn.ticket.ticketId } : {}),
    };
    try {
      await this.props.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.props.tableName,
                Item: { ...sendKey, entity: ENTITY.send, tenantId, ...send },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.props.tableName,
                Item: conversationItem(conversation, expectedRev + 1),
                ConditionExpression: expectedRev === 0 ? 'attribute_not_exists(pk)' : 'rev = :rev',
                ...(expectedRev === 0 ? {} : { ExpressionAttributeValues: { ':rev': expectedRev } }),
              },
            },
            ...[turn.message, ...turn.replies].map((message) => ({
              Put: {
                TableName: this.props.tableName,
                Item: {
                  ...messageItem(tenantId, message),
                  ...(turn.heldBy && message === turn.message ? { heldBy: turn.heldBy } : {}),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            ...(turn.ticket
              ? [
                  {
                    Put: {
                      TableName: this.props.tableName,
                      Item: ticketItem(turn.ticket),
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return { stored: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [sendReason, conversationReason] = error.CancellationReasons ?? [];
      if (sendReason?.Code === 'ConditionalCheckFailed') {
        const existing = await this.findSend(tenantId, turn.userId, turn.clientMessageId);
        if (existing) return { stored: false, reason: 'duplicate', existing };
      }
      if (
        conversationReason?.Code === 'ConditionalCheckFailed' ||
        error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')
      ) {
        return { stored: false, reason: 'conflict' };
      }
      throw error;
    }
  }

  async markRead(
    tenantId: string,
    conversationId: string,
    readerId: string,
    messageId: string,
    readAt: string,
  ): Promise<void> {
    // Only forward: an older receipt arriving late does not move the mark back.
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            pk: keys.messages(tenantId, conversationId),
            sk: keys.read(readerId),
            entity: ENTITY.read,
            tenantId,
            conversationId,
            readerId,
            messageId,
            readAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR messageId < :id',
          ExpressionAttributeValues: { ':id': messageId },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async readMarks(tenantId: string, conversationId: string): Promise<ReadMark[]> {
    const { Items = [] } = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.messages(tenantId, conversationId), ':prefix': keys.read('') },
      }),
    );
    return Items.map((item) => ({
      readerId: item.readerId as string,
      messageId: item.messageId as string,
      readAt: item.readAt as string,
    }));
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.ticket(ticketId) },
      }),
    );
    return Item && Item.tenantId === tenantId ? (withoutStorageAttributes(Item) as unknown as Ticket) : undefined;
  }

  async appendMessage(tenantId: string, message: StoredMessage): Promise<boolean> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: messageItem(tenantId, message),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async setHolder(
    tenantId: string,
    conversationId: string,
    ticketId: string,
    status: ConversationStatus,
  ): Promise<boolean> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(tenantId), sk: keys.conversation(conversationId) },
          // Back to the bot: a fresh dialogue, so an offer or streak from before the hand-off is gone.
          UpdateExpression:
            status === 'bot'
              ? 'SET #status = :status, dialogue = :dialogue, rev = rev + :one'
              : 'SET #status = :status, rev = rev + :one',
          ConditionExpression: 'ticketId = :ticketId AND tenantId = :tenantId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':ticketId': ticketId,
            ':tenantId': tenantId,
            ':one': 1,
            ...(status === 'bot' ? { ':dialogue': INITIAL_DIALOGUE } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/**
 * The hand-off a stream record of the chat table carries, if it is one: how the tickets module
 * learns of a new ticket without knowing chat's keys (docs/adr/0101).
 */
export function handoffOf(item: Record<string, unknown>): Ticket | undefined {
  if (item.entity !== ENTITY.ticket) return undefined;
  return withoutStorageAttributes(item) as unknown as Ticket;
}

/**
 * The customer's reply a stream record of the chat table carries, if it is one: a user's message
 * stored while a ticket held the conversation. How tickets learn that a customer answered without
 * knowing chat's keys (docs/adr/0056).
 */
export function heldReplyOf(item: Record<string, unknown>): HeldReply | undefined {
  if (item.entity !== ENTITY.message || typeof item.heldBy !== 'string') return undefined;
  const author = item.author as { type?: unknown; id?: unknown } | undefined;
  if (author?.type !== 'user' || typeof author.id !== 'string') return undefined;
  return {
    tenantId: item.tenantId as string,
    ticketId: item.heldBy,
    conversationId: item.conversationId as string,
    messageId: item.messageId as string,
    customerId: author.id,
    sentAt: item.sentAt as string,
  };
}

function conversationItem(conversation: Conversation, rev: number): Record<string, unknown> {
  return {
    pk: keys.tenant(conversation.tenantId),
    sk: keys.conversation(conversation.conversationId),
    gsi1pk: keys.owner(conversation.tenantId, conversation.ownerId),
    gsi1sk: keys.conversation(conversation.conversationId),
    entity: ENTITY.conversation,
    ...conversation,
    rev,
  };
}

function messageItem(tenantId: string, message: StoredMessage): Record<string, unknown> {
  return {
    pk: keys.messages(tenantId, message.conversationId),
    sk: keys.message(message.messageId),
    entity: ENTITY.message,
    tenantId,
    ...message,
  };
}

function ticketItem(ticket: Ticket): Record<string, unknown> {
  return { pk: keys.tenant(ticket.tenantId), sk: keys.ticket(ticket.ticketId), entity: ENTITY.ticket, ...ticket };
}

function messageOf(item: Record<string, unknown>): StoredMessage {
  const { tenantId: _tenant, heldBy: _heldBy, ...message } = withoutStorageAttributes(item);
  return message as unknown as StoredMessage;
}

function sendOf(item: Record<string, unknown>): SendRecord {
  return {
    conversationId: item.conversationId as string,
    messageId: item.messageId as string,
    replyIds: (item.replyIds as string[] | undefined) ?? [],
    ...(typeof item.ticketId === 'string' ? { ticketId: item.ticketId } : {}),
  };
}

function withoutRev(item: Record<string, unknown>): Record<string, unknown> {
  const { rev: _rev, ...rest } = item;
  return rest;
}

/** Binds the chat table through {@link DynamoDbConversationStore}. */
export const dynamoDbConversationStore = tableAdapter<ConversationStore>(
  CHAT_TABLE,
  ({ client, tableName }) => new DynamoDbConversationStore({ client, tableName }),
);
