import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import { IDEMPOTENCY_DEFAULTS } from '../../../platform/idempotency/idempotency-store.js';
import { nextDue } from '../domain/sla.js';
import type { Ticket, TicketNote } from '../domain/ticket.js';
import type {
  DueTicket,
  ReplyRecord,
  TicketFilter,
  TicketPage,
  TicketStore,
  VersionedTicket,
} from '../ports/ticket-store.js';
import { TICKETS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const ticketCursor = tenantCursor('k', ULID);

/**
 * The tickets table (docs/adr/0101). A ticket is one item under its tenant, written with a `rev`
 * condition so two agents changing it at once cannot lose either change; its SLA due time is kept
 * in the sparse `bySlaDue` index only while a clock runs towards a breach not yet recorded.
 */
export class DynamoDbTicketStore implements TicketStore {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async create(ticket: Ticket): Promise<boolean> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: ticketItem(ticket, 1),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async get(tenantId: string, ticketId: string): Promise<VersionedTicket | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.ticket(ticketId) },
        ConsistentRead: true,
      }),
    );
    if (!Item || Item.tenantId !== tenantId || Item.entity !== ENTITY.ticket) return undefined;
    return { ticket: ticketOf(Item), rev: Number(Item.rev) };
  }

  async list(tenantId: string, filter: TicketFilter, limit: number, cursor?: string): Promise<TicketPage> {
    const after = cursor === undefined ? undefined : ticketCursor.decode(cursor, tenantId);
    const byCustomer = filter.customerId !== undefined;
    const [pkName, skName] = byCustomer ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':pk': byCustomer ? keys.customer(tenantId, filter.customerId as string) : keys.tenant(tenantId),
      ':prefix': keys.ticketsPrefix(),
    };
    if (after) values[':after'] = keys.ticket(after);
    for (const field of ['status', 'priority', 'assigneeId'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      conditions.push(`#${field} = :${field}`);
    }
    (filter.words ?? []).forEach((word, i) => {
      names['#text'] = 'text';
      values[`:w${i}`] = word;
      conditions.push(`contains(#text, :w${i})`);
    });
    const items: Ticket[] = [];
    let start: Record<string, unknown> | undefined;
    // A filter may drop most of a page: read on (bounded) until the page is full or the list ends.
    for (let round = 0; round < 10 && items.length < limit; round++) {
      const { Items = [], LastEvaluatedKey } = await this.props.client.send(
        new QueryCommand({
          TableName: this.props.tableName,
          ...(byCustomer ? { IndexName: 'byCustomer' } : {}),
          KeyConditionExpression: after
            ? `${pkName} = :pk AND ${skName} BETWEEN :prefix AND :after`
            : `${pkName} = :pk AND begins_with(${skName}, :prefix)`,
          ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: Math.max(limit * 2, 20),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of Items) {
        if (item.entity !== ENTITY.ticket || item.sk === values[':after']) continue;
        if (items.length < limit) items.push(ticketOf(item));
        else return { items, nextCursor: ticketCursor.encode(tenantId, (items.at(-1) as Ticket).ticketId) };
      }
      if (!LastEvaluatedKey) return { items };
      start = LastEvaluatedKey;
    }
    const last = items.at(-1);
    return last ? { items, nextCursor: ticketCursor.encode(tenantId, last.ticketId) } : { items };
  }

  async update(ticket: Ticket, expectedRev: number): Promise<boolean> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: ticketItem(ticket, expectedRev + 1),
          ConditionExpression: 'rev = :rev',
          ExpressionAttributeValues: { ':rev': expectedRev },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async addNote(tenantId: string, note: TicketNote): Promise<void> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            pk: keys.notes(tenantId, note.ticketId),
            sk: keys.note(note.noteId),
            entity: ENTITY.note,
            tenantId,
            ...note,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Stored by an earlier attempt of the same reply (its id comes from the reply record).
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async claimReply(
    tenantId: string,
    ticketId: string,
    userId: string,
    key: string,
    draft: ReplyRecord,
    now: Date,
  ): Promise<ReplyRecord> {
    const Key = { pk: keys.notes(tenantId, ticketId), sk: keys.reply(userId, key) };
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            ...Key,
            entity: ENTITY.reply,
            tenantId,
            ...draft,
            expiresAt: epochSeconds(now) + IDEMPOTENCY_DEFAULTS.recordTtlSeconds,
          },
          // DynamoDB's TTL deletes late (or, in tests, never): an expired record is gone here.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
        }),
      );
      return draft;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key, ConsistentRead: true }),
    );
    if (!Item) throw new Error(`Reply record ${key} of ticket ${ticketId} vanished`);
    return {
      replyId: Item.replyId as string,
      at: Item.at as string,
      internal: Item.internal === true,
      payloadHash: Item.payloadHash as string,
    };
  }

  async notes(tenantId: string, ticketId: string): Promise<TicketNote[]> {
    const notes: TicketNote[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.props.client.send(
        new QueryCommand({
          TableName: this.props.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.notes(tenantId, ticketId), ':prefix': keys.note('') },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of Items) {
        const { tenantId: _t, ...note } = withoutStorageAttributes(item);
        notes.push(note as unknown as TicketNote);
      }
      start = LastEvaluatedKey;
    } while (start);
    return notes;
  }

  async due(now: string, limit: number): Promise<DueTicket[]> {
    const { Items = [] } = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        IndexName: 'bySlaDue',
        // '#' sorts after every digit of an ISO time at the same length: `<= now#~` takes all due at now.
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.slaDue(), ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({
      tenantId: item.tenantId as string,
      ticketId: item.ticketId as string,
      dueAt: String(item.gsi2sk).split('#')[0] as string,
    }));
  }
}

function ticketItem(ticket: Ticket, rev: number): Record<string, unknown> {
  const dueAt = nextDue(ticket.sla);
  return {
    pk: keys.tenant(ticket.tenantId),
    sk: keys.ticket(ticket.ticketId),
    gsi1pk: keys.customer(ticket.tenantId, ticket.customerId),
    gsi1sk: keys.ticket(ticket.ticketId),
    ...(dueAt ? { gsi2pk: keys.slaDue(), gsi2sk: keys.slaDueSort(dueAt, ticket.tenantId, ticket.ticketId) } : {}),
    entity: ENTITY.ticket,
    ...ticket,
    rev,
  };
}

function ticketOf(item: Record<string, unknown>): Ticket {
  const { rev: _rev, ...ticket } = withoutStorageAttributes(item);
  return ticket as unknown as Ticket;
}

/** Binds the tickets table through {@link DynamoDbTicketStore}. */
export const dynamoDbTicketStore = tableAdapter<TicketStore>(
  TICKETS_TABLE,
  ({ client, tableName }) => new DynamoDbTicketStore({ client, tableName }),
);
