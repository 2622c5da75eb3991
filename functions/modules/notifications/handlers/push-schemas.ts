import * as z from '../../../platform/zod.js';

/** `base64url` that decodes to `bytes` bytes (and to nothing else). */
function base64UrlOf(bytes: number, what: string) {
  return z.string().check(
    z.maxLength(200),
    z.refine((v) => /^[A-Za-z0-9_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64url').length === bytes, {
      error: `${what} is ${bytes} bytes, base64url`,
    }),
  );
}

/** A browser's `PushSubscription.toJSON()` (the PWA posts it as it is). */
export const webPushSubscriptionBody = z.strictObject({
  endpoint: z
    .url({ protocol: /^https$/, error: 'endpoint is the https URL of the push service' })
    .check(z.maxLength(2048)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.strictObject({
    p256dh: base64UrlOf(65, 'keys.p256dh').check(
      z.refine((v) => Buffer.from(v, 'base64url')[0] === 0x04, {
        error: 'keys.p256dh is an uncompressed P-256 point',
      }),
    ),
    auth: base64UrlOf(16, 'keys.auth'),
  }),
  label: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
});

/** A mobile device token (FCM registration token or APNs device token). */
export const mobilePushTokenBody = z.strictObject({
  platform: z.enum(['fcm', 'apns'], { error: 'platform is fcm or apns' }),
  token: z
    .string()
    .check(
      z.minLength(32),
      z.maxLength(4096),
      z.regex(/^[A-Za-z0-9_:.-]+$/, { error: 'token is the device token as the platform issued it' }),
    ),
  label: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
});

/** `POST /v1/me/push-subscriptions` (contract: a Web Push subscription, or `{platform, token}`). */
export const pushSubscriptionBody = z.union([webPushSubscriptionBody, mobilePushTokenBody], {
  error: 'a Web Push subscription {endpoint, keys:{p256dh, auth}} or {platform:"fcm"|"apns", token}',
});

/** `{subscriptionId}` of `DELETE /v1/me/push-subscriptions/{subscriptionId}`. */
export const pushSubscriptionPath = z.object({
  subscriptionId: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{22}$/, { error: 'subscriptionId is 22 base64url characters' })),
});
