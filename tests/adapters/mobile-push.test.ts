import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snsMobileMessage } from '../../functions/modules/notifications/adapters/sns-mobile-message.js';
import { SnsNotifier } from '../../functions/modules/notifications/adapters/sns-notifier.js';
import { SnsPushEndpoints } from '../../functions/modules/notifications/adapters/sns-push-endpoints.js';
import { OutboxNotifier } from '../../local/outbox/outbox-notifier.js';
import { type DeliveredPush, describeMobilePushContract } from '../contracts/push-endpoints.contract.js';
import { FixedClock } from '../support/fakes.js';

const ACCOUNT = '123456789012';
const APPLICATIONS = {
  fcm: `arn:aws:sns:eu-west-1:${ACCOUNT}:app/GCM/fleetops-test-fcm`,
  apns: `arn:aws:sns:eu-west-1:${ACCOUNT}:app/APNS_SANDBOX/fleetops-test-apns`,
};

/**
 * An SNS stand-in on 127.0.0.1 speaking its query protocol (form-encoded Action, XML answers) to
 * the real SDK client, for the four mobile push actions. Like SNS it keeps one endpoint per
 * application and token (CreatePlatformEndpoint answers the existing one, enabled or not), refuses
 * an APNs token that is not hexadecimal with InvalidParameter, answers Publish to a disabled
 * endpoint with EndpointDisabled and to an unknown one with NotFound, and requires
 * `MessageStructure=json` with a `default` and the endpoint's platform key.
 */
async function snsStandIn() {
  const endpoints = new Map<string, { token: string; enabled: boolean }>();
  const byToken = new Map<string, string>();
  const published: { arn: string; message: Record<string, string>; attributes: Record<string, string> }[] = [];
  const xml = (action: string, result: string) =>
    `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  const error = (code: string, message: string) =>
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  /** `Attributes.entry.N.key/value` or `MessageAttributes.entry.N.Name/Value.StringValue` as a record. */
  const entries = (form: URLSearchParams, prefix: string, key: string, value: string) => {
    const out: Record<string, string> = {};
    for (let n = 1; form.has(`${prefix}.entry.${n}.${key}`); n++) {
      out[form.get(`${prefix}.entry.${n}.${key}`) as string] = form.get(`${prefix}.entry.${n}.${value}`) ?? '';
    }
    return out;
  };
  const answer = (form: URLSearchParams): [number, string] => {
    const action = form.get('Action') ?? '';
    switch (action) {
      case 'CreatePlatformEndpoint': {
        const app = form.get('PlatformApplicationArn') ?? '';
        const token = form.get('Token') ?? '';
        const platform = /:app\/([A-Z_]+)\//.exec(app)?.[1];
        if (!platform) return [404, error('NotFound', 'PlatformApplication does not exist')];
        if (platform.startsWith('APNS') && !/^(?:[0-9a-fA-F]{2})+$/.test(token)) {
          return [
            400,
            error('InvalidParameter', 'Invalid parameter: Token Reason: iOS device tokens must be hexadecimal'),
          ];
        }
        let arn = byToken.get(`${app}\n${token}`);
        if (!arn) {
          arn = `${app.replace(':app/', ':endpoint/')}/${randomUUID()}`;
          byToken.set(`${app}\n${token}`, arn);
          endpoints.set(arn, { token, enabled: true });
        }
        return [200, xml(action, `<EndpointArn>${arn}</EndpointArn>`)];
      }
      case 'GetEndpointAttributes': {
        const endpoint = endpoints.get(form.get('EndpointArn') ?? '');
        if (!endpoint) return [404, error('NotFound', 'Endpoint does not exist')];
        return [
          200,
          xml(
            action,
            `<Attributes><entry><key>Enabled</key><value>${endpoint.enabled}</value></entry>` +
              `<entry><key>Token</key><value>${endpoint.token}</value></entry></Attributes>`,
          ),
        ];
      }
      case 'SetEndpointAttributes': {
        const endpoint = endpoints.get(form.get('EndpointArn') ?? '');
        if (!endpoint) return [404, error('NotFound', 'Endpoint does not exist')];
        const attributes = entries(form, 'Attributes', 'key', 'value');
        if (attributes.Token) endpoint.token = attributes.Token;
        if (attributes.Enabled) endpoint.enabled = attributes.Enabled === 'true';
        return [200, xml(action, '')];
      }
      case 'Publish': {
        const arn = form.get('TargetArn') ?? '';
        const endpoint = endpoints.get(arn);
        if (!endpoint) return [404, error('NotFound', 'Endpoint does not exist')];
        if (!endpoint.enabled) return [400, error('EndpointDisabled', 'Endpoint is disabled')];
        const message = JSON.parse(form.get('Message') ?? '{}') as Record<string, string>;
        const platform = /:endpoint\/([A-Z_]+)\//.exec(arn)?.[1] ?? '';
        if (form.get('MessageStructure') !== 'json' || !message.default || !message[platform]) {
          return [400, error('InvalidParameter', `Invalid parameter: Message Structure - no ${platform} key`)];
        }
        const attributes = entries(form, 'MessageAttributes', 'Name', 'Value.StringValue');
        published.push({ arn, message, attributes });
        return [200, xml(action, `<MessageId>${randomUUID()}</MessageId>`)];
      }
      default:
        return [400, error('InvalidAction', action)];
    }
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const [status, body] = answer(new URLSearchParams(Buffer.concat(chunks).toString()));
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    endpoints,
    published,
  };
}

/** What a device would show of an SNS publish: FCM v1's notification or APNs' alert. */
function shown(p: { arn: string; message: Record<string, string> }): DeliveredPush {
  const platform = /:endpoint\/([A-Z_]+)\//.exec(p.arn)?.[1] ?? '';
  const payload = JSON.parse(p.message[platform] ?? '{}');
  if (platform === 'GCM') {
    const { notification, data } = payload.fcmV1Message.message;
    return { endpoint: p.arn, title: notification.title, body: notification.body, alertId: data.alertId };
  }
  return { endpoint: p.arn, title: payload.aps.alert.title, body: payload.aps.alert.body, alertId: payload.alertId };
}

let sns: Awaited<ReturnType<typeof snsStandIn>>;
beforeAll(async () => {
  sns = await snsStandIn();
});
afterAll(async () => {
  await new Promise((resolve) => sns.server.close(resolve));
});

describeMobilePushContract('SNS platform endpoints (stand-in SNS, real SDK client)', async () => {
  const client = new SNSClient({
    endpoint: sns.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    endpoints: new SnsPushEndpoints(client, APPLICATIONS),
    notifier: new SnsNotifier(client),
    disable: (arn) => {
      const endpoint = sns.endpoints.get(arn);
      if (endpoint) endpoint.enabled = false;
    },
    delivered: () => sns.published.map(shown),
  };
});

describeMobilePushContract('local outbox', async () => {
  const outbox = new OutboxNotifier(new FixedClock());
  return {
    endpoints: outbox,
    notifier: outbox,
    disable: (arn) => outbox.disableEndpoint(arn),
    delivered: () =>
      outbox
        .list({ channel: 'push' })
        .reverse()
        .map((m) => ({
          endpoint: m.destination,
          title: m.subject ?? '',
          body: m.message,
          ...(m.metadata.alertId ? { alertId: m.metadata.alertId } : {}),
        })),
  };
});

describe('snsMobileMessage', () => {
  const base = {
    tenantId: 'acme',
    channel: 'push' as const,
    subject: 'HIGH OIL_PRESSURE on TRK-7',
    message: 'Oil pressure 9 psi',
    metadata: { alertId: 'A-9', url: '/alerts/A-9', severity: 'HIGH' },
  };

  it('gives a GCM endpoint an FCM v1 message: high priority, TTL, collapse key, the alert as data', () => {
    const { message, attributes } = snsMobileMessage({
      ...base,
      destination: `arn:aws:sns:eu-west-1:${ACCOUNT}:endpoint/GCM/fleetops-test-fcm/e1`,
      mobilePush: { platform: 'fcm', ttlSeconds: 3600, urgency: 'high' },
    });

    const parsed = JSON.parse(message);
    expect(parsed.default).toBe('Oil pressure 9 psi');
    expect(JSON.parse(parsed.GCM)).toEqual({
      fcmV1Message: {
        message: {
          notification: { title: 'HIGH OIL_PRESSURE on TRK-7', body: 'Oil pressure 9 psi' },
          data: { alertId: 'A-9', url: '/alerts/A-9', severity: 'HIGH' },
          android: { priority: 'high', ttl: '3600s', collapse_key: 'A-9' },
        },
      },
    });
    expect(attributes['AWS.SNS.MOBILE.FCM.TTL']?.StringValue).toBe('3600');
  });

  it('gives an APNS_SANDBOX endpoint an aps alert under its own key, priority 5 when it may wait', () => {
    const { message, attributes } = snsMobileMessage({
      ...base,
      destination: `arn:aws:sns:eu-west-1:${ACCOUNT}:endpoint/APNS_SANDBOX/fleetops-test-apns/e2`,
      mobilePush: { platform: 'apns', ttlSeconds: 3600, urgency: 'low' },
    });

    const parsed = JSON.parse(message);
    expect(Object.keys(parsed).sort()).toEqual(['APNS_SANDBOX', 'default']);
    expect(JSON.parse(parsed.APNS_SANDBOX)).toMatchObject({
      aps: { alert: { title: 'HIGH OIL_PRESSURE on TRK-7', body: 'Oil pressure 9 psi' }, 'thread-id': 'A-9' },
      alertId: 'A-9',
    });
    expect(attributes['AWS.SNS.MOBILE.APNS.PRIORITY']?.StringValue).toBe('5');
    expect(attributes['AWS.SNS.MOBILE.APNS.PUSH_TYPE']?.StringValue).toBe('alert');
  });
});
