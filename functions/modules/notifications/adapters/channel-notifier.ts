import type { Tracer } from '@aws-lambda-powertools/tracer';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { snsClient } from '../../../platform/clients/sns.js';
import type { NotifierBinding, NotifierChannel } from '../../../platform/wiring/bindings.js';
import { ENV } from '../../../platform/wiring/environment.js';
import type { Notification, NotificationReceipt, Notifier } from '../ports/notifier.js';
import { SesEmailNotifier } from './ses-email-notifier.js';
import { SnsNotifier, UnsupportedChannel } from './sns-notifier.js';
import { WebPushNotifier } from './web-push-notifier.js';

/**
 * Sends each notification through the transport of its channel; a push with Web Push keys goes
 * to the Web Push transport, one to a device endpoint to SNS.
 */
export class ChannelNotifier implements Notifier {
  constructor(private readonly transports: Partial<Record<NotifierChannel, Notifier>>) {}

  send(notification: Notification): Promise<NotificationReceipt> {
    const transport =
      this.transports[notification.channel === 'push' && notification.webPush ? 'webpush' : notification.channel];
    if (!transport) throw new UnsupportedChannel(`No transport bound for ${notification.channel}`);
    return transport.send(notification);
  }
}

let sesClient: SESv2Client | undefined;
function sesV2Client(tracer: Tracer): SESv2Client {
  sesClient ??= tracer.captureAWSv3Client(new SESv2Client({}));
  return sesClient;
}

/**
 * Binds the notification channels a function sends on: SMS and mobile push through SNS, e-mail
 * through SES v2 from the stage's sender address (EMAIL_FROM_ADDRESS), Web Push with the `web-push`
 * library signed for VAPID_SUBJECT (ADR 0076). Locally: the outbox.
 */
export function channelNotifier(...channels: readonly NotifierChannel[]): NotifierBinding<Notifier> {
  if (channels.length === 0) throw new Error('channelNotifier: name at least one channel');
  return {
    kind: 'notifier',
    channels,
    env: [
      ...(channels.includes('push') ? [ENV.pushFcmApplicationArn, ENV.pushApnsApplicationArn] : []),
      ...(channels.includes('email') ? [ENV.emailFromAddress] : []),
      ...(channels.includes('webpush') ? [ENV.vapidSubject] : []),
    ],
    fromEnvironment: ({ env, basics }) => {
      const smsSenderId = env[ENV.smsSenderId];
      const sns = new SnsNotifier(snsClient(basics.tracer), smsSenderId ? { smsSenderId } : {});
      return new ChannelNotifier({
        ...(channels.includes('sms') ? { sms: sns } : {}),
        ...(channels.includes('push') ? { push: sns } : {}),
        ...(channels.includes('email')
          ? { email: new SesEmailNotifier(sesV2Client(basics.tracer), env[ENV.emailFromAddress] as string) }
          : {}),
        ...(channels.includes('webpush') ? { webpush: new WebPushNotifier(env[ENV.vapidSubject] as string) } : {}),
      });
    },
  };
}
