import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { alertItem } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { createIndexAlertsHandler } from '../../functions/modules/search/handlers/index-alerts.handler.js';
import { streamEvent } from '../support/api-gateway-events.js';
import { FakeSearchIndex, testBasics } from '../support/fakes.js';

function alert(alertId: string, tenantId = 'acme'): Alert {
  const ts = '2026-11-22T13:59:00.000Z';
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
    expect([...search.documents.keys()]).toEqual(['acme/alerts/A1']);
    expect(search.documents.get('acme/alerts/A1')?.fields).toMatchObject({
      status: 'acknowledged',
      severity: 'CRITICAL',
    });
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
    expect([...search.documents.keys()]).toEqual(['acme/alerts/B1']);
  });
});
