import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbConversationStore } from '../../functions/modules/chat/adapters/dynamodb-conversation-store.js';
import { BOT_AUTHOR, type Conversation } from '../../functions/modules/chat/domain/conversation.js';
import type { ConversationStore, TurnWrite } from '../../functions/modules/chat/ports/conversation-store.js';
import { InvalidCursor } from '../../functions/platform/errors.js';
import { conversation, FIXTURE_AT, message } from '../support/conversations.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';

const at = FIXTURE_AT;

function turn(of: Conversation, expectedRev: number, clientMessageId: string, text = 'hello'): TurnWrite {
  return {
    conversation: { ...of, dialogue: { ...of.dialogue, fallbacks: of.dialogue.fallbacks + 1 } },
    expectedRev,
    userId: of.ownerId,
    clientMessageId,
    message: { ...message(of, text), clientMessageId },
    replies: [message(of, `re: ${text}`, BOT_AUTHOR)],
  };
}

/** The chat table's repository on DynamoDB Local (docs/adr/0100). */
describe('DynamoDbConversationStore', () => {
  let store: ConversationStore;

  beforeAll(async () => {
    const db = await createTestDatabase();
    store = dynamoDbConversationStore.create({
      client: db.documentClient,
      tableName: db.tables.chat as string,
      clock: new FixedClock(),
    });
  });

  it('creates a conversation once, with its opening messages; reads it back with revision 1', async () => {
    const created = conversation('acme', 'u1');
    const opening = message(created, 'About your alert', BOT_AUTHOR);

    expect(await store.create(created, [opening])).toEqual({ outcome: 'created' });
    expect(await store.create(created, [])).toEqual({ outcome: 'idTaken' });
    expect(await store.get('acme', created.conversationId)).toEqual({ conversation: created, rev: 1 });
    expect((await store.messages('acme', created.conversationId, 10)).items).toEqual([opening]);
    expect(await store.get('globex', created.conversationId)).toBeUndefined();
  });

  it('records a start under its owner and key: the same key names the first conversation until it expires', async () => {
    // Prepare: three starts by u5 with one key, one by u6 with the same key.
    const first = conversation('acme', 'u5');
    const second = conversation('acme', 'u5');
    const byOther = conversation('acme', 'u6');
    const dayLater = { ...conversation('acme', 'u5'), createdAt: '2026-11-23T14:00:01.000Z' };

    // Act
    const created = await store.create(first, [], { startKey: 'k-1' });
    const replayed = await store.create(second, [message(second, 'lost', BOT_AUTHOR)], { startKey: 'k-1' });
    const otherOwner = await store.create(byOther, [], { startKey: 'k-1' });
    const afterExpiry = await store.create(dayLater, [], { startKey: 'k-1' });

    // Assess: the replay wrote nothing (no conversation, no message); past the record's 24 h the key is free.
    expect(created).toEqual({ outcome: 'created' });
    expect(replayed).toEqual({ outcome: 'startedBefore', conversationId: first.conversationId });
    expect(await store.get('acme', second.conversationId)).toBeUndefined();
    expect((await store.messages('acme', second.conversationId, 10)).items).toEqual([]);
    expect(otherOwner).toEqual({ outcome: 'created' });
    expect(afterExpiry).toEqual({ outcome: 'created' });
  });

  it('stores a turn once per (user, clientMessageId): a second write is a duplicate naming the first', async () => {
    // Prepare
    const started = conversation('acme', 'u2');
    const first = turn(started, 0, 'cm-1');

    // Act
    const stored = await store.recordTurn(first);
    const again = await store.recordTurn({ ...turn(started, 1, 'cm-1'), conversation: first.conversation });

    // Assess
    expect(stored).toEqual({ stored: true });
    expect(again).toEqual({
      stored: false,
      reason: 'duplicate',
      existing: {
        conversationId: started.conversationId,
        messageId: first.message.messageId,
        replyIds: [first.replies[0]?.messageId],
      },
    });
    expect((await store.messages('acme', started.conversationId, 10)).items).toHaveLength(2);
    expect(await store.findSend('acme', 'u2', 'cm-1')).toMatchObject({ messageId: first.message.messageId });
    expect(await store.findSend('acme', 'someone-else', 'cm-1')).toBeUndefined();
    expect(await store.findSend('globex', 'u2', 'cm-1')).toBeUndefined();
  });

  it('refuses a turn decided on a stale revision (conflict) and stores nothing of it', async () => {
    // Prepare: two turns read the conversation at revision 1
    const started = conversation('acme', 'u3');
    await store.recordTurn(turn(started, 0, 'a'));
    const { conversation: read, rev } = (await store.get('acme', started.conversationId)) as {
      conversation: Conversation;
      rev: number;
    };

    // Act
    const winner = await store.recordTurn(turn(read, rev, 'b'));
    const loser = await store.recordTurn(turn(read, rev, 'c'));

    // Assess
    expect(winner).toEqual({ stored: true });
    expect(loser).toEqual({ stored: false, reason: 'conflict' });
    expect(await store.findSend('acme', 'u3', 'c')).toBeUndefined();
    expect((await store.messages('acme', started.conversationId, 10)).items).toHaveLength(4);
    expect((await store.get('acme', started.conversationId))?.rev).toBe(2);
  });

  it('lists newest first, per owner or per tenant, with cursors bound to the tenant', async () => {
    // Prepare
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = conversation('paging', 'owner-a');
      await store.create(c, []);
      ids.push(c.conversationId);
    }
    const others = conversation('paging', 'owner-b');
    await store.create(others, []);
    await store.recordTurn(turn(conversation('paging', 'owner-b'), 0, 'x')); // send records live in the same partition

    // Act
    const first = await store.list('paging', 'owner-a', 2);
    const second = await store.list('paging', 'owner-a', 2, first.nextCursor);
    const tenant = await store.list('paging', undefined, 10);

    // Assess
    expect(first.items.map((c) => c.conversationId)).toEqual([ids[2], ids[1]]);
    expect(second.items.map((c) => c.conversationId)).toEqual([ids[0]]);
    expect(tenant.items).toHaveLength(5);
    expect(tenant.items.every((c) => c.tenantId === 'paging')).toBe(true);
    await expect(store.list('globex', 'owner-a', 2, first.nextCursor)).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('moves a read mark forward only, and keeps it out of the message list', async () => {
    const started = conversation('acme', 'u4');
    await store.recordTurn(turn(started, 0, 'r'));
    const [, reply] = (await store.messages('acme', started.conversationId, 10)).items;

    await store.markRead('acme', started.conversationId, 'u4', reply?.messageId as string, at);
    await store.markRead('acme', started.conversationId, 'u4', '00000000000000000000000000', at);

    expect(await store.readMarks('acme', started.conversationId)).toEqual([
      { readerId: 'u4', messageId: reply?.messageId, readAt: at },
    ]);
    expect((await store.messages('acme', started.conversationId, 10)).items).toHaveLength(2);
    expect(await store.readMarks('globex', started.conversationId)).toEqual([]);
  });
});
