import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbDeliveryThrottle } from '../../functions/modules/webhooks/adapters/dynamodb-delivery-throttle.js';
import type { DeliveryThrottle } from '../../functions/modules/webhooks/ports/delivery-throttle.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';

const T0 = Date.parse('2026-12-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

describe('the per-endpoint delivery throttle on DynamoDB Local', () => {
  let client: DynamoDBDocumentClient;
  let tableName: string;
  let writes = 0;
  const throttle = (): DeliveryThrottle =>
    dynamoDbDeliveryThrottle.create({ client, tableName, clock: new FixedClock(at(0)) });
  let endpoint = 0;
  const nextEndpoint = () => `ep_${++endpoint}`;

  beforeAll(async () => {
    const db = await createTestDatabase();
    tableName = db.tables.webhooks as string;
    // Every command of the adapter, failed conditional writes included (they cost a write in DynamoDB).
    client = new Proxy(db.documentClient, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: unknown) => {
          writes++;
          return target.send(command as never);
        };
      },
    });
  });

  it('admits at most perSecond attempts in one second, counted across containers, and frees the next second', async () => {
    const [a, b] = [throttle(), throttle()];
    const id = nextEndpoint();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).acquire('acme', id, 4, at(100 + i))),
    );
    expect(results.filter(Boolean)).toHaveLength(4);
    expect(await a.acquire('acme', id, 4, at(900))).toBe(false);
    expect(await b.acquire('acme', id, 4, at(1_000))).toBe(true);
  });

  it('counts an attempt whose clock reading is older than the stored second in that newer second (it was not throttled)', async () => {
    // Container b read its clock at 09:00:00.9, then waited on DynamoDB while a took a slot of 09:00:01.
    const [a, b] = [throttle(), throttle()];
    const id = nextEndpoint();
    expect(await a.acquire('acme', id, 2, at(1_100))).toBe(true);
    expect(await b.acquire('acme', id, 2, at(900))).toBe(true);
    // The newer second is now full: a third attempt, stale or not, waits.
    expect(await b.acquire('acme', id, 2, at(950))).toBe(false);
    expect(await a.acquire('acme', id, 2, at(1_200))).toBe(false);
  });

  it("keeps endpoints apart: one endpoint full does not take another endpoint's slots", async () => {
    const t = throttle();
    const [full, other] = [nextEndpoint(), nextEndpoint()];
    expect(await t.acquire('acme', full, 1, at(5_000))).toBe(true);
    expect(await t.acquire('acme', full, 1, at(5_001))).toBe(false);
    expect(await t.acquire('acme', other, 1, at(5_002))).toBe(true);
    expect(await t.acquire('globex', full, 1, at(5_003))).toBe(true);
  });

  it('costs one write for an attempt that opens a new second, as for one that joins the current second', async () => {
    const t = throttle();
    const id = nextEndpoint();
    await t.acquire('acme', id, 10, at(10_000));
    writes = 0;
    await t.acquire('acme', id, 10, at(11_000)); // a new second: a reset, not a failed increment first
    expect(writes).toBe(1);
    writes = 0;
    await t.acquire('acme', id, 10, at(11_100)); // the same second: an increment
    expect(writes).toBe(1);
  });
});
