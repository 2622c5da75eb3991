import {
  EndpointDisabledException,
  NotFoundException,
  PublishCommand,
  type PublishCommandInput,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { snsClient } from '../../../platform/clients/sns.js';
import type { NotifierBinding, NotifierChannel } from '../../../platform/wiring/bindings.js';
import { ENV } from '../../../platform/wiring/environment.js';
import { DestinationGone, type Notification, type NotificationReceipt, type Notifier } from '../ports/notifier.js';
import { snsMobileMessage } from './sns-mobile-message.js';

export interface SnsNotifierProps {
  /** Alphanumeric sender id shown on SMS where carriers support it (SMS_SENDER_ID). */
  readonly smsSenderId?: string;
}

/** The channel has no SNS transport (e-mail goes through SES, a later issue). */
export class UnsupportedChannel extends Error {
  override readonly name = 'UnsupportedChannel';
}

/**
 * SMS and mobile push through SNS. SMS are sent as Transactional: alerts must be delivered even
 * to numbers that opted out of promotional messages, and get the higher-reliability route. A
 * mobile push is published to the device's platform endpoint with the platform's JSON message
 * (ADR 0117); an endpoint FCM or APNs disabled (the token is no longer valid) or that is gone is
 * {@link DestinationGone}, like a 410 from a Web Push service.
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly props: SnsNotifierProps = {},
  ) {}

  async send(notification: Notification): Promise<NotificationReceipt> {
    try {
      const result = await this.client.send(new PublishCommand(this.publishInput(notification)));
      return { messageId: result.MessageId ?? '' };
    } catch (error) {
      if (
        notification.channel === 'push' &&
        (error instanceof EndpointDisabledException || error instanceof NotFoundException)
      ) {
        throw new DestinationGone(`SNS answered ${error.name}: device token no longer valid`, 410);
      }
      throw error;
    }
  }

  private publishInput(notification: Notification): PublishCommandInput {
    switch (notification.channel) {
      case 'sms':
        return {
          PhoneNumber: notification.destination,
          Message: notification.message,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.props.smsSenderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.props.smsSenderId } }
              : {}),
          },
        };
      case 'push': {
        const { message, attributes } = snsMobileMessage(notification);
        return {
          TargetArn: notification.destination,
          MessageStructure: 'json',
          Message: message,
          MessageAttributes: attributes,
        };
      }
      case 'email':
        throw new UnsupportedChannel('SNS notifier does not send e-mail');
    }
  }
}

/**
 * Binds SNS for the given channels through {@link SnsNotifier}. SMS needs no topic (a phone number
 * is the target); push publishes to device endpoints of the stage's platform application.
 */
export function snsNotifier(...channels: readonly NotifierChannel[]): NotifierBinding<Notifier> {
  if (channels.length === 0) throw new Error('snsNotifier: name at least one channel');
  return {
    kind: 'notifier',
    channels,
    env: channels.includes('push') ? [ENV.pushFcmApplicationArn, ENV.pushApnsApplicationArn] : [],
    fromEnvironment: ({ env, basics }) => {
      const smsSenderId = env[ENV.smsSenderId];
      return new SnsNotifier(snsClient(basics.tracer), smsSenderId ? { smsSenderId } : {});
    },
  };
}
