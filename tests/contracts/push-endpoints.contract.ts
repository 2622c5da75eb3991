import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DestinationGone,
  type Notification,
  type Notifier,
} from '../../functions/modules/notifications/ports/notifier.js';
import { InvalidDeviceToken, type PushEndpoints } from '../../functions/modules/notifications/ports/push-endpoints.js';

/** One push as the device would see it. */
export interface DeliveredPush {
  readonly endpoint: string;
  readonly title: string;
  readonly body: string;
  readonly alertId?: string;
}

/** A mobile push provider under test: it registers tokens, sends, and can disable an endpoint as FCM/APNs do. */
export interface MobilePushHarness {
  readonly endpoints: PushEndpoints;
  readonly notifier: Notifier;
  /** What FCM or APNs do when they stop accepting the endpoint's token. */
  disable(endpointArn: string): void;
  /** The pushes that left so far, oldest first. */
  delivered(): readonly DeliveredPush[];
}

const fcmToken = () => `${randomBytes(11).toString('base64url')}:APA91b${randomBytes(60).toString('base64url')}`;
const apnsToken = () => randomBytes(32).toString('hex');

function push(endpoint: string, alertId: string): Notification {
  return {
    tenantId: 'acme',
    channel: 'push',
    destination: endpoint,
    subject: 'CRITICAL ENGINE_FAILURE on TRK-101',
    message: 'Engine temperature 121 °C',
    metadata: { alertId, url: `/alerts/${alertId}`, severity: 'CRITICAL' },
    mobilePush: { platform: 'fcm', ttlSeconds: 86_400, urgency: 'high' },
  };
}

/**
 * What every mobile push provider must do (docs/adr/0117): the local outbox runs it, and so do
 * the SNS adapters against a stand-in of the SNS query API driven by the real SDK client.
 */
export function describeMobilePushContract(name: string, create: () => Promise<MobilePushHarness>): void {
  describe(`Mobile push contract: ${name}`, () => {
    it('registers a token once: the same token answers the same endpoint, another token another', async () => {
      const { endpoints } = await create();
      const token = fcmToken();

      const first = await endpoints.register('fcm', token);
      const again = await endpoints.register('fcm', token);
      const other = await endpoints.register('fcm', fcmToken());
      const apns = await endpoints.register('apns', apnsToken());

      expect(again).toBe(first);
      expect(new Set([first, other, apns]).size).toBe(3);
      expect(first).toMatch(/^arn:aws:sns:[^:]+:\d{12}:endpoint\/GCM\//);
      expect(apns).toMatch(/^arn:aws:sns:[^:]+:\d{12}:endpoint\/APNS(_SANDBOX)?\//);
    });

    it('sends to the endpoint with title, text and the alert', async () => {
      const { endpoints, notifier, delivered } = await create();
      const endpoint = await endpoints.register('fcm', fcmToken());

      const receipt = await notifier.send(push(endpoint, 'A-1'));

      expect(receipt.messageId).not.toBe('');
      expect(delivered().at(-1)).toEqual({
        endpoint,
        title: 'CRITICAL ENGINE_FAILURE on TRK-101',
        body: 'Engine temperature 121 °C',
        alertId: 'A-1',
      });
    });

    it('a disabled endpoint is DestinationGone, and registering its token again enables it', async () => {
      const { endpoints, notifier, disable, delivered } = await create();
      const token = apnsToken();
      const endpoint = await endpoints.register('apns', token);
      disable(endpoint);
      const before = delivered().length;

      const refused = await notifier.send(push(endpoint, 'A-2')).catch((error: unknown) => error);
      const registeredAgain = await endpoints.register('apns', token);
      await notifier.send(push(endpoint, 'A-3'));

      expect(refused).toBeInstanceOf(DestinationGone);
      expect(registeredAgain).toBe(endpoint);
      expect(
        delivered()
          .slice(before)
          .map((d) => d.alertId),
      ).toEqual(['A-3']);
    });

    it('refuses an APNs token that is not hexadecimal as InvalidDeviceToken', async () => {
      const { endpoints } = await create();

      await expect(endpoints.register('apns', `not-a-device-token-${fcmToken()}`)).rejects.toBeInstanceOf(
        InvalidDeviceToken,
      );
    });
  });
}
