import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbAttemptLog } from '../../functions/modules/notifications/adapters/dynamodb-attempt-log.js';
import { dynamoDbHeldMessages } from '../../functions/modules/notifications/adapters/dynamodb-held-messages.js';
import { dynamoDbInbox } from '../../functions/modules/notifications/adapters/dynamodb-inbox.js';
import { dynamoDbNotificationSettings } from '../../functions/modules/notifications/adapters/dynamodb-notification-settings.js';
import type { InboxNotification } from '../../functions/modules/notifications/ports/inbox.js';
import type { RepositoryAdapter } from '../../functions/platform/dynamodb/table-adapter.js';
import { InvalidCursor } from '../../functions/platform/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';

let db: TestDatabase;
const build = <P>(adapter: RepositoryAdapter<P>): P =>
  adapter.create({
    client: db.documentClient,
    tableName: db.tables.notifications as string,
    clock: { now: () => new Date() },
  });

beforeAll(async () => {
  db = await createTestDatabase();
});

function entry(tenantId: string, userId: string, n: number): InboxNotification {
  return {
    notificationId: ulid(Date.parse('2026-12-01T00:00:00Z') + n * 1000),
    tenantId,
    userId,
    alertId: `A${n}`,
    severity: 'HIGH',
    title: `t${n}`,
    body: 'b',
    kind: 'alert',
    createdAt: new Date().toISOString(),
  };
}

describe('DynamoDbInbox on DynamoDB Local', () => {
  it('lists one user newest first with a cursor, counts unread, and keeps users and tenants apart', async () => {
    const inbox = build(dynamoDbInbox);
    const mine = [1, 2, 3, 4, 5].map((n) => entry('acme', 'dana', n));
    for (const item of mine) await inbox.add(item);
    await inbox.add(entry('acme', 'marcus', 9));
    await inbox.add(entry('globex', 'dana', 8));
    await inbox.add(mine[0] as InboxNotification); // a repeat changes nothing

    const first = await inbox.list('acme', 'dana', { limit: 3 });
    expect(first.items.map((i) => i.title)).toEqual(['t5', 't4', 't3']);
    const second = await inbox.list('acme', 'dana', { limit: 3, cursor: first.nextCursor as string });
    expect(second.items.map((i) => i.title)).toEqual(['t2', 't1']);
    await expect(inbox.list('globex', 'dana', { limit: 3, cursor: first.nextCursor as string })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    expect(await inbox.unreadCount('acme', 'dana')).toBe(5);

    const id = (mine[1] as InboxNotification).notificationId;
    expect(await inbox.markRead('acme', 'dana', id, '2026-12-02T00:00:00Z')).toMatchObject({
      readAt: '2026-12-02T00:00:00Z',
    });
    expect(await inbox.markRead('acme', 'marcus', id, '2026-12-02T00:00:00Z')).toBeUndefined();
    expect(await inbox.archive('globex', 'dana', id, '2026-12-02T00:00:00Z')).toBeUndefined();
    expect(await inbox.unreadCount('acme', 'dana')).toBe(4);
    expect((await inbox.list('acme', 'dana', { limit: 10, unread: true })).items.map((i) => i.title)).not.toContain(
      't2',
    );
    await inbox.archive('acme', 'dana', id, '2026-12-02T00:01:00Z');
    expect((await inbox.list('acme', 'dana', { limit: 10 })).items.map((i) => i.title)).toEqual([
      't5',
      't4',
      't3',
      't1',
    ]);
  });
});

describe('DynamoDbAttemptLog on DynamoDB Local', () => {
  const base = {
    tenantId: 'acme',
    alertId: 'AL1',
    userId: 'dana',
    channel: 'sms',
    step: 'L0',
    at: '2026-12-02T00:00:00Z',
  } as const;

  it('lets one claim through, again after a dead lease, never after a send or a dead letter', async () => {
    const log = build(dynamoDbAttemptLog);
    const k1 = 'AL1#dana#sms#L0';
    const k2 = 'AL1#dana#email#L0';
    expect(await log.claim('acme', k1)).toBe(true);
    expect(await log.claim('acme', k1)).toBe(false);
    expect(await log.claim('globex', k1)).toBe(true); // another tenant's key is another claim
    await log.record(k1, { ...base, status: 'sent', attempt: 1 });
    expect(await log.claim('acme', k1)).toBe(false);

    expect(await log.claim('acme', k2, -1)).toBe(true); // a lease already over: a crashed sender
    expect(await log.claim('acme', k2)).toBe(true);
    await log.record(k2, { ...base, channel: 'email', status: 'failed', reason: 'dead_lettered', attempt: 3 });
    expect(await log.claim('acme', k2)).toBe(false);

    expect((await log.list('acme', 'AL1')).map((a) => a.status)).toEqual(['sent', 'failed']);
    expect(await log.list('globex', 'AL1')).toEqual([]);
  });

  it("keeps a crashed sender's attempts when its successor takes the claim, oldest first", async () => {
    const log = build(dynamoDbAttemptLog);
    const key = 'AL2#dana#sms#L0';
    const attempt = { ...base, alertId: 'AL2' };
    expect(await log.claim('acme', key, -1)).toBe(true);
    await log.record(key, { ...attempt, status: 'failed', reason: 'provider_error', attempt: 1 });
    // the sender dies before its retry: the claim stays pending under a lease that is over
    expect(await log.claim('acme', key, -1)).toBe(true);
    await log.record(key, { ...attempt, status: 'sent', attempt: 2, at: '2026-12-02T00:00:05Z' });

    expect((await log.list('acme', 'AL2')).map((a) => `${a.status} ${a.attempt}`)).toEqual(['failed 1', 'sent 2']);
    expect(await log.list('acme', 'AL')).toEqual([]); // a prefix of another alert id is not that alert
  });

  it('claims and settles a suppressed delivery in one write, once', async () => {
    const log = build(dynamoDbAttemptLog);
    const key = 'AL3#dana#sms#L0';
    const suppressed = { ...base, alertId: 'AL3', status: 'suppressed', reason: 'quiet_hours', attempt: 0 } as const;

    expect(await log.settle(key, suppressed)).toBe(true);
    expect(await log.settle(key, suppressed)).toBe(false);
    expect(await log.claim('acme', key)).toBe(false);

    expect(await log.list('acme', 'AL3')).toEqual([suppressed]);
  });
});

describe('held messages and settings on DynamoDB Local', () => {
  it('returns what is due by the release time and forgets it once released', async () => {
    const held = build(dynamoDbHeldMessages);
    const message = {
      tenantId: 'acme',
      userId: 'dana',
      channel: 'sms',
      severity: 'HIGH',
      text: 'x',
      reason: 'quiet_hours',
    } as const;
    await held.hold({ ...message, alertId: 'A1', until: '2026-12-02T06:00:00.000Z' });
    await held.hold({ ...message, alertId: 'A2', until: '2026-12-03T06:00:00.000Z' });
    const due = await held.due('acme', 'dana', '2026-12-02T06:00:00.000Z');
    expect(due.map((m) => m.alertId)).toEqual(['A1']);
    await held.release(due);
    expect(await held.due('acme', 'dana', '2026-12-02T06:00:00.000Z')).toEqual([]);
    expect(await held.due('globex', 'dana', '2026-12-09T06:00:00.000Z')).toEqual([]);
  });

  it('reads many users preferences at once, within the tenant', async () => {
    const settings = build(dynamoDbNotificationSettings);
    const prefs = { channels: { CRITICAL: ['in_app'], HIGH: [], MEDIUM: [], LOW: [], INFO: [] } } as const;
    await settings.putPreferences('acme', 'dana', prefs);
    await settings.putPreferences('globex', 'marcus', prefs);
    const found = await settings.preferencesOf('acme', ['dana', 'marcus', 'dana']);
    expect([...found.keys()]).toEqual(['dana']);
    expect((await settings.getTenantPolicy('acme')).required.CRITICAL).toEqual(['in_app']);
  });
});
