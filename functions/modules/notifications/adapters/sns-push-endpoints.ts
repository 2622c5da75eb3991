import {
  CreatePlatformEndpointCommand,
  GetEndpointAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SetEndpointAttributesCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { snsClient } from '../../../platform/clients/sns.js';
import type { NotifierBinding } from '../../../platform/wiring/bindings.js';
import { ENV } from '../../../platform/wiring/environment.js';
import type { MobilePlatform } from '../domain/push-subscription.js';
import { InvalidDeviceToken, type PushEndpoints } from '../ports/push-endpoints.js';

/**
 * Device tokens as endpoints of the stage's SNS platform applications (one for FCM, one for
 * APNs). AWS's recommended registration: CreatePlatformEndpoint is idempotent for a token and
 * answers the existing endpoint even when FCM/APNs had it disabled, so the endpoint is read and,
 * when disabled or holding another token, enabled again with this one.
 */
export class SnsPushEndpoints implements PushEndpoints {
  constructor(
    private readonly client: SNSClient,
    private readonly applications: Readonly<Record<MobilePlatform, string>>,
  ) {}

  async register(platform: MobilePlatform, token: string): Promise<string> {
    const endpointArn = await this.create(platform, token);
    try {
      const { Attributes = {} } = await this.client.send(
        new GetEndpointAttributesCommand({ EndpointArn: endpointArn }),
      );
      if (Attributes.Enabled === 'true' && Attributes.Token === token) return endpointArn;
    } catch (error) {
      // Deleted between the two calls: create it again.
      if (error instanceof NotFoundException) return this.create(platform, token);
      throw error;
    }
    await this.client.send(
      new SetEndpointAttributesCommand({ EndpointArn: endpointArn, Attributes: { Token: token, Enabled: 'true' } }),
    );
    return endpointArn;
  }

  private async create(platform: MobilePlatform, token: string): Promise<string> {
    try {
      const result = await this.client.send(
        new CreatePlatformEndpointCommand({ PlatformApplicationArn: this.applications[platform], Token: token }),
      );
      if (!result.EndpointArn) throw new Error('CreatePlatformEndpoint answered no EndpointArn');
      return result.EndpointArn;
    } catch (error) {
      if (error instanceof InvalidParameterException) throw new InvalidDeviceToken(error.message);
      throw error;
    }
  }
}

/**
 * Registers device tokens with SNS (sns:CreatePlatformEndpoint on the stage's two platform
 * applications, granted because it binds the `push` channel). Locally: the outbox, which keeps
 * the endpoints it made.
 */
export const snsPushEndpoints: NotifierBinding<PushEndpoints> = {
  kind: 'notifier',
  channels: ['push'],
  env: [ENV.pushFcmApplicationArn, ENV.pushApnsApplicationArn],
  fromEnvironment: ({ env, basics }) =>
    new SnsPushEndpoints(snsClient(basics.tracer), {
      fcm: env[ENV.pushFcmApplicationArn] as string,
      apns: env[ENV.pushApnsApplicationArn] as string,
    }),
};
