import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbFleetRepository } from '../../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { dynamoDbInbox } from '../../functions/modules/notifications/adapters/dynamodb-inbox.js';
import { notifyEndpointDisabled } from '../../functions/modules/notifications/use-cases/notify-endpoint-disabled.js';
import type { EndpointDisabledEvent } from '../../functions/modules/webhooks/events.js';
import type { RepositoryAdapter } from '../../functions/platform/dynamodb/table-adapter.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { FixedClock } from '../support/fakes.js';

/** `endpoint.disabled` → the tenant's admins' inboxes (ADR 0115), on DynamoDB Local. */
describe('notifyEndpointDisabled', () => {
  let db: TestDatabase;
  const clock = new FixedClock(new Date('2026-12-02T10:00:00.000Z'));
  const build = <P>(adapter: RepositoryAdapter<P>): P =>
    adapter.create({ client: db.documentClient, tableName: db.tables[adapter.table.id] as string, clock });
  const event: EndpointDisabledEvent = {
    tenantId: 'initech',
    endpointId: 'ep_abc',
    url: 'https://hooks.initech.example/in',
    reason: 'failing',
    disabledAt: '2026-12-02T09:59:00.000Z',
    failingSince: '2026-11-27T09:00:00.000Z',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const fleet = build(dynamoDbFleetRepository);
    await fleet.putUser({ tenantId: 'initech', userId: 'ada', name: 'Ada', roles: ['admin'] });
    await fleet.putUser({ tenantId: 'initech', userId: 'bob', name: 'Bob', roles: ['dispatcher', 'admin'] });
    await fleet.putUser({ tenantId: 'initech', userId: 'cy', name: 'Cy', roles: ['dispatcher'] });
    await fleet.putUser({ tenantId: 'umbrella', userId: 'eve', name: 'Eve', roles: ['admin'] });
  });

  it('adds one notice per admin of the tenant, once however often the event comes, and posts it to their sockets', async () => {
    const posted: string[] = [];
    const ports = {
      fleet: build(dynamoDbFleetRepository),
      inbox: build(dynamoDbInbox),
      connections: {
        // As the byUser index answers: only the sockets of the people asked for.
        listByUsers: async (_tenantId: string, userIds: readonly string[]) =>
          [
            { tenantId: 'initech', userId: 'ada', connectionId: 'c-ada' },
            { tenantId: 'initech', userId: 'cy', connectionId: 'c-cy' },
          ].filter((c) => userIds.includes(c.userId)),
      },
      gateway: {
        post: async (connectionId: string) => {
          posted.push(connectionId);
          if (connectionId === 'c-ada') throw new Error('gone'); // best effort: the inbox has it
        },
      },
      logger: new Logger({ logLevel: 'SILENT' }),
    };

    await notifyEndpointDisabled(ports as never, event);
    await notifyEndpointDisabled(ports as never, event); // the redelivered event

    const inbox = build(dynamoDbInbox);
    const of = async (tenantId: string, userId: string) => (await inbox.list(tenantId, userId, { limit: 10 })).items;
    for (const userId of ['ada', 'bob']) {
      const items = await of('initech', userId);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        kind: 'system',
        severity: 'HIGH',
        title: 'Webhook endpoint disabled',
        createdAt: event.disabledAt,
      });
      expect(items[0]?.body).toContain('https://hooks.initech.example/in');
      expect(items[0]?.body).toContain('since 2026-11-27T09:00:00.000Z');
    }
    expect(await of('initech', 'cy')).toEqual([]);
    expect(await of('umbrella', 'eve')).toEqual([]);
    expect(posted).toEqual(['c-ada', 'c-ada']);
  });
});
