import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbRuleStore } from '../../functions/modules/alerts/adapters/dynamodb-rule-store.js';
import { dynamoDbConversationStore } from '../../functions/modules/chat/adapters/dynamodb-conversation-store.js';
import { createCreateConversationHandler } from '../../functions/modules/chat/handlers/create-conversation.handler.js';
import { createReadConversationsHandler } from '../../functions/modules/chat/handlers/read-conversations.handler.js';
import { dynamoDbVehicleRegistry } from '../../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import type { IdempotencyStore } from '../../functions/platform/idempotency/idempotency-store.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock, testBasics } from '../support/fakes.js';
import { testRepositories } from '../support/repositories.js';

const priya: TestCaller = { tenantId: 'acme', userId: 'acme-driver-2', roles: ['driver'] };
const diego: TestCaller = { tenantId: 'acme', userId: 'acme-driver-1', roles: ['driver'] };
const HOUR_MS = 3_600_000;

/**
 * `POST /v1/conversations` with an `Idempotency-Key` whose first attempt died after its write
 * (docs/adr/0128): the key's in-progress claim runs out, the PWA's queue sends the start again, and
 * the replay must answer the conversation the first attempt made. Before the start was recorded with
 * the conversation, the replay ran the use case again and made a second conversation.
 */
describe('a conversation start replayed after its first attempt died', () => {
  let clock: FixedClock;
  let dying: ReturnType<typeof createCreateConversationHandler>;
  let healthy: ReturnType<typeof createCreateConversationHandler>;
  let read: ReturnType<typeof createReadConversationsHandler>;

  const startWith = async (handler: typeof healthy, who: TestCaller, key: string) => {
    const event = httpEvent({ method: 'POST', path: '/v1/conversations', caller: who, body: { subject: 'Offline' } });
    const response = await handler({ ...event, headers: { ...event.headers, 'idempotency-key': key } });
    return { status: response.statusCode, id: jsonBody<{ conversationId: string }>(response).conversationId };
  };
  const conversationsOf = async (who: TestCaller) =>
    jsonBody<{ items: { conversationId: string }[] }>(
      await read(httpEvent({ method: 'GET', path: '/v1/conversations', caller: who })),
    ).items.map((c) => c.conversationId);

  beforeAll(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-03T09:00:00.000Z'));
    const repos = testRepositories(db.documentClient, db.tables, { clock });
    const parts = (table: string) => ({ client: db.documentClient, tableName: db.tables[table] as string, clock });
    const deps = {
      ...testBasics(clock),
      conversations: dynamoDbConversationStore.create(parts('chat')),
      vehicles: dynamoDbVehicleRegistry.create(parts('fleet')),
      alerts: repos.alerts,
      rules: dynamoDbRuleStore.create(parts('alerts')),
      idempotency: repos.idempotency,
    };
    // The container dies after the conversation is written and before the key's record is
    // completed: the claim stays in progress until its time runs out.
    const diesBeforeCompleting: IdempotencyStore = {
      claim: (request, inProgressMs) => repos.idempotency.claim(request, inProgressMs),
      complete: async () => {
        throw new Error('the container died before the idempotency record was completed');
      },
      release: (request) => repos.idempotency.release(request),
    };
    dying = createCreateConversationHandler({ ...deps, idempotency: diesBeforeCompleting });
    healthy = createCreateConversationHandler(deps);
    read = createReadConversationsHandler(deps);
  });

  it('answers the conversation the dead attempt made, and makes no second one', async () => {
    // Prepare
    const first = await startWith(dying, priya, 'queued-start-1');
    clock.advance(HOUR_MS); // the in-progress claim has run out: the key is free for a retry

    // Act
    const replay = await startWith(healthy, priya, 'queued-start-1');

    // Assess
    expect(first.status).toBe(201);
    expect(replay).toEqual({ status: 201, id: first.id });
    expect(await conversationsOf(priya)).toEqual([first.id]);
  });

  it('keeps keys per user: the same key from another user starts their own conversation', async () => {
    // Act
    const mine = await startWith(dying, diego, 'queued-start-1');
    clock.advance(HOUR_MS);
    const again = await startWith(healthy, diego, 'queued-start-1');

    // Assess
    expect(again.id).toBe(mine.id);
    expect(await conversationsOf(diego)).toEqual([mine.id]);
    expect(await conversationsOf(priya)).not.toContain(mine.id);
  });

  it('forgets the start with the key: a day later the key starts a new conversation', async () => {
    // Prepare
    const before = await conversationsOf(priya);
    const first = await startWith(dying, priya, 'queued-start-2');
    clock.advance(25 * HOUR_MS); // past the idempotency record's 24 h, and so past the start's record

    // Act
    const later = await startWith(healthy, priya, 'queued-start-2');

    // Assess
    expect(later.status).toBe(201);
    expect(later.id).not.toBe(first.id);
    expect(await conversationsOf(priya)).toEqual([later.id, first.id, ...before]);
  });
});
