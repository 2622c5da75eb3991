import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIdempotencyStore } from '../../functions/platform/idempotency/dynamodb-idempotency-store.js';
import type { IdempotentRequest } from '../../functions/platform/idempotency/idempotency-store.js';
import { IDEMPOTENCY_TABLE } from '../../functions/platform/idempotency/tables.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';

/** The idempotency records on DynamoDB Local: claim, replay, mismatch, in-progress expiry, TTL, scoping. */
describe('DynamoDbIdempotencyStore', () => {
  let db: TestDatabase;
  let store: DynamoDbIdempotencyStore;
  const clock = new FixedClock();
  let seq = 0;
  const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
    tenantId: 'acme',
    userId: 'd1',
    route: 'POST /v1/alerts/{alertId}/acknowledge',
    key: `key-${seq++}`,
    payloadHash: 'hash-a',
    ...overrides,
  });
  const response = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new DynamoDbIdempotencyStore({
      client: db.documentClient,
      tableName: db.tables[IDEMPOTENCY_TABLE.id] as string,
      clock,
    });
  });

  it('claims a new key, then answers the completed response for the same payload', async () => {
    // Prepare
    const first = request();

    // Act
    const claim = await store.claim(first, 5000);
    await store.complete(first, response);
    const repeat = await store.claim({ ...first }, 5000);

    // Assess
    expect(claim).toEqual({ outcome: 'claimed' });
    expect(repeat).toEqual({ outcome: 'completed', response });
  });

  it('refuses the same key with another payload, completed or in progress', async () => {
    const done = request();
    await store.claim(done, 5000);
    await store.complete(done, response);
    const running = request();
    await store.claim(running, 5000);

    expect(await store.claim({ ...done, payloadHash: 'hash-b' }, 5000)).toEqual({ outcome: 'payloadMismatch' });
    expect(await store.claim({ ...running, payloadHash: 'hash-b' }, 5000)).toEqual({ outcome: 'payloadMismatch' });
  });

  it('answers in progress with the seconds left, and frees the key once the claimer’s time ran out', async () => {
    // Prepare
    const first = request();
    await store.claim(first, 2500);

    // Act
    const meanwhile = await store.claim(first, 2500);
    clock.advance(2501);
    const afterwards = await store.claim(first, 2500);

    // Assess
    expect(meanwhile).toEqual({ outcome: 'inProgress', retryAfterSeconds: 3 });
    expect(afterwards).toEqual({ outcome: 'claimed' });
  });

  it('release frees the key for a retry; a released key is claimed afresh', async () => {
    const first = request();
    await store.claim(first, 5000);

    await store.release(first);

    expect(await store.claim(first, 5000)).toEqual({ outcome: 'claimed' });
  });

  it('release never deletes a completed record', async () => {
    const first = request();
    await store.claim(first, 5000);
    await store.complete(first, response);

    await store.release(first);

    expect(await store.claim(first, 5000)).toEqual({ outcome: 'completed', response });
  });

  it('keeps a record 24 h (TTL attribute in epoch seconds), then the key is new again', async () => {
    // Prepare
    const first = request();
    await store.claim(first, 5000);
    const completedAt = clock.now().getTime();
    await store.complete(first, response);
    const { Item } = await db.documentClient.send(
      new GetCommand({
        TableName: db.tables[IDEMPOTENCY_TABLE.id],
        Key: { pk: 'TENANT#acme#USER#d1', sk: `ROUTE#${first.route}#KEY#${first.key}` },
      }),
    );

    // Act: DynamoDB's TTL deletes lazily, so a record past its expiry must not count
    clock.advance(24 * 60 * 60 * 1000 + 1000);
    const later = await store.claim(first, 5000);

    // Assess
    expect(Item?.expiresAt).toBe(Math.floor(completedAt / 1000) + 24 * 60 * 60);
    expect(later).toEqual({ outcome: 'claimed' });
  });

  it('scopes a key by tenant, user and route: the same key elsewhere is independent', async () => {
    const first = request();
    await store.claim(first, 5000);
    await store.complete(first, response);

    const elsewhere = await Promise.all([
      store.claim({ ...first, tenantId: 'globex', payloadHash: 'hash-b' }, 5000),
      store.claim({ ...first, userId: 'd2', payloadHash: 'hash-b' }, 5000),
      store.claim({ ...first, route: 'POST /v1/alerts/{alertId}/resolve', payloadHash: 'hash-b' }, 5000),
    ]);

    expect(elsewhere).toEqual([{ outcome: 'claimed' }, { outcome: 'claimed' }, { outcome: 'claimed' }]);
  });

  it('of concurrent claims of one key, exactly one wins', async () => {
    const first = request();

    const claims = await Promise.all(Array.from({ length: 8 }, () => store.claim({ ...first }, 5000)));

    expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'inProgress')).toHaveLength(7);
  });
});
