import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { alertItem as storedAlertItem } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { createIndexAlertsHandler } from '../../functions/modules/search/handlers/index-alerts.handler.js';
import { streamEvent } from '../support/api-gateway-events.js';
import { FakeSearchIndex, testBasics } from '../support/fakes.js';

const ts = '2026-11-22T13:59:00.000Z';

/**
 * The alerts table's stored form of an alert of either shape: the one before the lifecycle
 * (`reading`) and the lifecycle's (`readings` + `history`). The stream hands search whichever the
 * alerts module writes, so these fixtures are not tied to one version of its `Alert` type.
 */
function alertItem(alert: Record<string, unknown>): Record<string, unknown> {
  return storedAlertItem(alert as unknown as Alert);
}

/** An alert as stored before the lifecycle: a single `reading`, no history. */
function alert(alertId: string, tenantId = 'acme'): Record<string, unknown> {
  return {
    tenantId,
    alertId,
    vehicleId: 'TRK-101',
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    status: 'open',
    message: 'Engine failure',
    readings: [{ vehicleId: 'TRK-101', ts, engineTemp: 120 }],
    history: [],
    raisedAt: ts,
  };
}

/** The alert of the lifecycle (contract of issue #9): `readings` and `history` instead of `reading`. */
function lifecycleItem(alertId: string, status: string, actions: string[]): Record<string, unknown> {
  const { reading, ...rest } = alert(alertId);
  return alertItem({
    ...rest,
    status,
    readings: [reading],
    history: actions.map((action, i) => ({ at: `2026-11-22T14:0${i}:00.000Z`, by: 'u-1', action })),
  });
}

function record(
  sequence: string,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
): DynamoDBRecord {
  const image = marshall(item, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
  return {
    eventID: `e-${sequence}`,
    eventName,
    dynamodb: {
      SequenceNumber: sequence,
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
    },
  };
}

const statuses = async (search: FakeSearchIndex, tenantId = 'acme') =>
  (await search.search({ tenantId, collections: ['alerts'], facets: ['status'] })).facets.status;

describe('indexAlerts', () => {
  it('upserts alert items, removes deleted ones and ignores locks and deliveries', async () => {
    // Prepare
    const search = new FakeSearchIndex();
    const handler = createIndexAlertsHandler({ ...testBasics(), search });
    const lock = { pk: 'TENANT#acme', sk: 'OPEN#TRK-101#ENGINE_FAILURE', entity: 'openLock', alertId: 'A1' };

    // Act
    const result = await handler(
      streamEvent([
        record('1', 'INSERT', alertItem(alert('A1'))),
        record('2', 'INSERT', lock),
        record('3', 'INSERT', alertItem(alert('A2'))),
        record('4', 'MODIFY', alertItem({ ...alert('A1'), status: 'acknowledged' })),
        record('5', 'REMOVE', alertItem(alert('A2'))),
      ]),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const found = await search.search({ tenantId: 'acme', collections: ['alerts'], text: 'engine failure' });
    expect(found.hits).toEqual([
      {
        collection: 'alerts',
        id: 'A1',
        score: expect.any(Number),
        fields: {
          title: 'Engine failure',
          snippet: 'CRITICAL ENGINE_FAILURE on TRK-101 · acknowledged',
          at: Date.parse(ts),
          alertId: 'A1',
          vehicleId: 'TRK-101',
          alertType: 'ENGINE_FAILURE',
          severity: 'CRITICAL',
          status: 'acknowledged',
        },
      },
    ]);
  });

  it('follows every lifecycle change of the new alert shape, and a replayed older image changes nothing', async () => {
    const search = new FakeSearchIndex();
    const handler = createIndexAlertsHandler({ ...testBasics(), search });
    const raised = lifecycleItem('L1', 'open', ['raised']);
    const assigned = {
      ...lifecycleItem('L1', 'acknowledged', ['raised', 'acknowledged', 'assigned']),
      assigneeId: 'u-7',
    };
    const resolved = lifecycleItem('L1', 'resolved', ['raised', 'acknowledged', 'assigned', 'auto-resolved']);

    await handler(streamEvent([record('1', 'INSERT', raised), record('2', 'MODIFY', assigned)]));
    const afterAssign = await search.search({
      tenantId: 'acme',
      collections: ['alerts'],
      filters: { assigneeId: 'u-7' },
    });
    await handler(streamEvent([record('3', 'MODIFY', resolved)]));
    // A redrive from the dead-letter queue hands over the older images again.
    await handler(streamEvent([record('1', 'INSERT', raised), record('2', 'MODIFY', assigned)]));

    expect(afterAssign.hits.map((h) => h.fields.status)).toEqual(['acknowledged']);
    expect(await statuses(search)).toEqual({ resolved: 1 });
  });

  it('a lifecycle image outranks the same alert indexed before it had history', async () => {
    const search = new FakeSearchIndex();
    const handler = createIndexAlertsHandler({ ...testBasics(), search });

    await handler(streamEvent([record('1', 'INSERT', alertItem({ ...alert('M1'), status: 'acknowledged' }))]));
    await handler(
      streamEvent([record('2', 'MODIFY', lifecycleItem('M1', 'resolved', ['raised', 'acknowledged', 'resolved']))]),
    );
    await handler(streamEvent([record('1', 'INSERT', alertItem({ ...alert('M1'), status: 'acknowledged' }))]));

    expect(await statuses(search)).toEqual({ resolved: 1 });
  });

  it('fails a malformed alert item instead of indexing half of it', async () => {
    const search = new FakeSearchIndex();
    const handler = createIndexAlertsHandler({ ...testBasics(), search });
    const { message: _message, ...broken } = alertItem(alert('X1')) as Record<string, unknown>;

    const result = await handler(streamEvent([record('7', 'INSERT', broken)]));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
    expect((await search.search({ tenantId: 'acme', collections: ['alerts'] })).total).toBe(0);
  });

  it('reports the failed record and every later one, in order', async () => {
    const search = new FakeSearchIndex();
    search.failOn.add('B2');
    const handler = createIndexAlertsHandler({ ...testBasics(), search });

    const result = await handler(
      streamEvent([
        record('10', 'INSERT', alertItem(alert('B1'))),
        record('11', 'INSERT', alertItem(alert('B2'))),
        record('12', 'INSERT', alertItem(alert('B3'))),
      ]),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '11' }, { itemIdentifier: '12' }] });
    expect((await search.search({ tenantId: 'acme', collections: ['alerts'] })).hits.map((h) => h.id)).toEqual(['B1']);
  });
});
