import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAlertStreamLog } from '../../functions/modules/realtime/adapters/dynamodb-alert-stream-log.js';
import { streamAlerts } from '../../functions/modules/realtime/use-cases/stream-alerts.js';
import { systemClock } from '../../functions/platform/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';

/** Collects what the stream writes; `events()` parses the SSE events out of it. */
function collector() {
  let text = '';
  return {
    sink: {
      write: async (chunk: string) => {
        text += chunk;
      },
    },
    text: () => text,
    events: () =>
      text
        .split('\n\n')
        .filter((block) => block.includes('data: '))
        .map((block) => {
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          return { id: field('id'), event: field('event'), data: JSON.parse(field('data') ?? 'null') };
        }),
  };
}

describe('streamAlerts over the DynamoDB alert stream log', () => {
  let db: TestDatabase;
  let log: DynamoDbAlertStreamLog;

  beforeAll(async () => {
    db = await createTestDatabase();
    log = new DynamoDbAlertStreamLog({
      client: db.documentClient,
      tableName: db.tables.alertStream as string,
      clock: systemClock,
    });
  });

  it('resumes after Last-Event-ID, in order, only the tenant’s own entries', async () => {
    const first = await log.append({ tenantId: 'acme', sourceEventId: 'e1', type: 'alert.raised', data: { n: 1 } });
    await log.append({ tenantId: 'globex', sourceEventId: 'e2', type: 'alert.raised', data: { n: 2 } });
    await log.append({ tenantId: 'acme', sourceEventId: 'e3', type: 'alert.updated', data: { n: 3 } });
    await log.append({ tenantId: 'acme', sourceEventId: 'e4', type: 'alert.updated', data: { n: 4 } });
    const out = collector();

    const sent = await streamAlerts({ log, clock: systemClock }, out.sink, {
      tenantId: 'acme',
      lastEventId: first.eventId,
      until: Date.now() + 300,
      signal: new AbortController().signal,
      pollIntervalMs: 50,
    });

    expect(sent).toBe(2);
    expect(out.events().map((e) => [e.event, e.data.n])).toEqual([
      ['alert.updated', 3],
      ['alert.updated', 4],
    ]);
    expect(out.text().startsWith('retry: 1000\n\n: connected\n\n')).toBe(true);
  });

  it('still sends an entry that became visible after a later one (look-back), once', async () => {
    const out = collector();
    const abort = new AbortController();
    const streaming = streamAlerts({ log, clock: systemClock }, out.sink, {
      tenantId: 'late',
      lastEventId: `${encodeTime(Date.now() - 1500, 10)}${'0'.repeat(16)}`,
      until: Date.now() + 5000,
      signal: abort.signal,
      pollIntervalMs: 40,
    });
    // Act: a later entry is seen first; then one with an earlier id commits
    const later = await log.append({ tenantId: 'late', sourceEventId: 'l2', type: 'alert.updated', data: { n: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const earlierId = `${encodeTime(Date.now() - 500, 10)}${'0'.repeat(15)}1`;
    await db.documentClient.send(
      new PutCommand({
        TableName: db.tables.alertStream,
        Item: { pk: 'events#late', sk: earlierId, tenantId: 'late', type: 'alert.updated', data: { n: 1 } },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    abort.abort();
    await streaming;

    expect(out.events().map((e) => [e.id, e.data.n])).toEqual([
      [later.eventId, 2],
      [earlierId, 1],
    ]);
  });

  it('writes a heartbeat comment when nothing happens', async () => {
    const out = collector();

    await streamAlerts({ log, clock: systemClock }, out.sink, {
      tenantId: 'quiet',
      until: Date.now() + 250,
      signal: new AbortController().signal,
      pollIntervalMs: 20,
      heartbeatMs: 100,
    });

    expect(out.text()).toContain(': heartbeat\n\n');
    expect(out.events()).toEqual([]);
  });
});
