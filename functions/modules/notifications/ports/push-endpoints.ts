import type { MobilePlatform } from '../domain/push-subscription.js';

/**
 * The device token is not one the platform accepts (SNS answered InvalidParameter on
 * CreatePlatformEndpoint): the subscription is refused, not stored.
 */
export class InvalidDeviceToken extends Error {
  override readonly name = 'InvalidDeviceToken';
}

/**
 * Mobile push endpoints: a device token registered with the stage's platform application of its
 * platform becomes an endpoint that {@link Notifier} sends to (`destination` = the endpoint).
 * SNS in AWS (CreatePlatformEndpoint), the outbox locally, which records sends to it.
 */
export interface PushEndpoints {
  /**
   * Registers the token and answers its endpoint. Idempotent: the same token answers the same
   * endpoint, enabled again if the platform had disabled it. Throws {@link InvalidDeviceToken}.
   */
  register(platform: MobilePlatform, token: string): Promise<string>;
}
