import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { DynamoDbAlertRepository } from '../../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import { listAlerts } from '../../functions/modules/alerts/handlers/list-alerts.handler.js';
import { SnsNotifier, UnsupportedChannel } from '../../functions/modules/notifications/adapters/sns-notifier.js';
import { ApiGatewayConnectionGateway } from '../../functions/modules/realtime/adapters/apigateway-connection-gateway.js';
import { pushAlertUpdates } from '../../functions/modules/realtime/handlers/push-alert-updates.handler.js';
import { ConnectionGone } from '../../functions/modules/realtime/ports/connection-gateway.js';
import {
  EventBridgeEventPublisher,
  EventPublishFailed,
} from '../../functions/platform/events/eventbridge-event-publisher.js';
import { lambdaDeps } from '../../functions/platform/runtime/lambda-deps.js';

/** A hand-written stand-in for an SDK client: records commands, answers with the given function. */
function fakeClient<TClient>(answer: (input: Record<string, unknown>) => unknown) {
  const inputs: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      inputs.push(command.input);
      return answer(command.input);
    },
  };
  return { client: client as unknown as TClient, inputs };
}

describe('EventBridgeEventPublisher', () => {
  it('publishes in chunks of 10 to the bound bus', async () => {
    // Prepare
    const { client, inputs } = fakeClient<EventBridgeClient>(() => ({ FailedEntryCount: 0, Entries: [] }));
    const publisher = new EventBridgeEventPublisher(client, 'fleetops-bus');
    const events = Array.from({ length: 23 }, (_, i) => ({ source: 's', detailType: 'd', detail: { i } }));

    // Act
    await publisher.publish(events);

    // Assess
    const entries = inputs.map((input) => (input as unknown as PutEventsCommand['input']).Entries ?? []);
    expect(entries.map((e) => e.length)).toEqual([10, 10, 3]);
    expect(entries[0]?.[0]).toEqual({ EventBusName: 'fleetops-bus', Source: 's', DetailType: 'd', Detail: '{"i":0}' });
  });

  it('throws when EventBridge refuses an entry', async () => {
    const { client } = fakeClient<EventBridgeClient>(() => ({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    }));

    await expect(
      new EventBridgeEventPublisher(client, 'bus').publish([{ source: 's', detailType: 'd', detail: {} }]),
    ).rejects.toBeInstanceOf(EventPublishFailed);
  });
});

describe('SnsNotifier', () => {
  it('sends transactional SMS to the phone number and push to the endpoint ARN', async () => {
    const { client, inputs } = fakeClient<SNSClient>(() => ({ MessageId: 'm-1' }));
    const notifier = new SnsNotifier(client, { smsSenderId: 'FLEETOPS' });

    const receipt = await notifier.send({ tenantId: 'acme', channel: 'sms', destination: '+15550100', message: 'hi' });
    await notifier.send({ tenantId: 'acme', channel: 'push', destination: 'arn:aws:sns:endpoint', message: 'hi' });

    expect(receipt).toEqual({ messageId: 'm-1' });
    const [sms, push] = inputs as unknown as PublishCommand['input'][];
    expect(sms).toEqual({
      PhoneNumber: '+15550100',
      Message: 'hi',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'FLEETOPS' },
      },
    });
    expect(push).toMatchObject({ TargetArn: 'arn:aws:sns:endpoint', MessageStructure: 'json' });
    expect(JSON.parse(push?.Message ?? '{}').default).toBe('hi');
    await expect(
      notifier.send({ tenantId: 'acme', channel: 'email', destination: 'a@b.c', message: 'hi' }),
    ).rejects.toBeInstanceOf(UnsupportedChannel);
  });
});

describe('ApiGatewayConnectionGateway', () => {
  const gone = () => {
    throw Object.assign(new Error('Gone'), { name: 'GoneException', $metadata: { httpStatusCode: 410 } });
  };

  it('posts the frame as JSON', async () => {
    const { client, inputs } = fakeClient<ApiGatewayManagementApiClient>(() => ({}));

    await new ApiGatewayConnectionGateway(client).post('c1', { type: 'pong', data: {} });

    expect(inputs[0]?.ConnectionId).toBe('c1');
    expect(Buffer.from(inputs[0]?.Data as Uint8Array).toString()).toBe('{"type":"pong","data":{}}');
  });

  it('maps 410 Gone to ConnectionGone, undefined and a quiet disconnect', async () => {
    const { client } = fakeClient<ApiGatewayManagementApiClient>(gone);
    const gateway = new ApiGatewayConnectionGateway(client);

    await expect(gateway.post('c1', {})).rejects.toBeInstanceOf(ConnectionGone);
    await expect(gateway.describe('c1')).resolves.toBeUndefined();
    await expect(gateway.disconnect('c1')).resolves.toBeUndefined();
  });

  it('lets other failures through', async () => {
    const { client } = fakeClient<ApiGatewayManagementApiClient>(() => {
      throw Object.assign(new Error('Throttled'), {
        name: 'LimitExceededException',
        $metadata: { httpStatusCode: 429 },
      });
    });

    await expect(new ApiGatewayConnectionGateway(client).post('c1', {})).rejects.toThrow('Throttled');
  });
});

describe('lambdaDeps', () => {
  it('fails at init naming every missing variable and the binding that needs it', () => {
    // Act + Assess: nothing is built before the check, so the error is the only effect.
    expect(() => lambdaDeps(pushAlertUpdates, { AWS_REGION: 'eu-west-1', FLEET_TABLE: 'fleet' })).toThrow(
      "pushAlertUpdates: missing required environment variable(s) CONNECTIONS_TABLE (binding 'connections'), " +
        "WEBSOCKET_ENDPOINT (binding 'gateway')",
    );
  });

  it('builds exactly one member per binding, plus the basics', () => {
    // Act
    const deps = lambdaDeps(listAlerts, {
      AWS_REGION: 'eu-west-1',
      ALERTS_TABLE: 'fleetops-dev-alerts',
      RATE_LIMIT_TABLE: 'fleetops-dev-rateLimits',
    });

    // Assess: every HTTP function binds the rate limiter (ADR 0114).
    expect(Object.keys(deps).sort()).toEqual(['alerts', 'clock', 'logger', 'metrics', 'rateLimits', 'tracer']);
    expect(deps.alerts).toBeInstanceOf(DynamoDbAlertRepository);
    expect(deps.clock.now()).toBeInstanceOf(Date);
  });
});
