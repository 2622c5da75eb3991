import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbPushSubscriptions } from '../adapters/dynamodb-push-subscriptions.js';
import { dynamoDbVapidKeys } from '../adapters/dynamodb-vapid-keys.js';
import { snsPushEndpoints } from '../adapters/sns-push-endpoints.js';
import { maskDestination } from '../domain/mask.js';
import {
  type MobilePlatform,
  type PushSubscription,
  type PushTarget,
  pushDestination,
  subscriptionIdFor,
} from '../domain/push-subscription.js';
import { InvalidPushToken, PushSubscriptionNotFound } from '../errors.js';
import { InvalidDeviceToken } from '../ports/push-endpoints.js';
import { vapidKeyPair } from '../use-cases/vapid-keys.js';
import { NOTIFIED_ROLES } from './notification-preferences.handler.js';
import { pushSubscriptionBody, pushSubscriptionPath } from './push-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  push: dynamoDbPushSubscriptions.readWrite,
  vapid: dynamoDbVapidKeys.readWrite,
  cipher: fieldCipher,
  /** Device tokens become SNS platform endpoints on subscribe (ADR 0117). */
  endpoints: snsPushEndpoints,
};
export type PushSubscriptionsDeps = DepsOf<typeof bindings>;

/** A stored target as the API shows it: never the keys, the endpoint or token only masked. */
function view(subscription: PushSubscription) {
  return {
    subscriptionId: subscription.subscriptionId,
    kind: subscription.kind,
    to: maskDestination(pushDestination(subscription)),
    createdAt: subscription.createdAt,
    ...(subscription.label ? { label: subscription.label } : {}),
  };
}

/**
 * The caller's push targets (contract: Notifications; ADR 0076):
 * - `GET /v1/push/vapid-public-key` → `{publicKey}`: the `applicationServerKey` the PWA subscribes
 *   with (the stage's one VAPID pair, made on first use);
 * - `POST /v1/me/push-subscriptions` a browser's `PushSubscription.toJSON()` or `{platform, token}`
 *   → 201 with `subscriptionId` (the same browser again replaces its entry, 200); a device token is
 *   registered as an SNS platform endpoint first (422 INVALID_PUSH_TOKEN when refused);
 * - `GET /v1/me/push-subscriptions` → `{items}`; `DELETE /v1/me/push-subscriptions/{id}` → 204, and
 *   404 PUSH_SUBSCRIPTION_NOT_FOUND for an id that is not the caller's.
 * User and tenant come from the token only.
 */
export function createPushSubscriptionsHandler(deps: PushSubscriptionsDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: pushSubscriptions, deps, body: z.unknown(), path: z.record(z.string(), z.string()) },
    async ({ event, identity, body, path }) => {
      const { tenantId, userId } = identity;
      switch (event.routeKey) {
        case 'GET /v1/push/vapid-public-key': {
          const { publicKey } = await vapidKeyPair(deps);
          return { statusCode: 200, body: { publicKey }, headers: { 'cache-control': 'private, max-age=3600' } };
        }
        case 'GET /v1/me/push-subscriptions':
          return { statusCode: 200, body: { items: (await deps.push.listByUser(tenantId, userId)).map(view) } };
        case 'POST /v1/me/push-subscriptions': {
          const input = parseOrThrow(pushSubscriptionBody, body, 'body');
          const target: PushTarget =
            'endpoint' in input
              ? { kind: 'web', endpoint: input.endpoint, keys: input.keys }
              : { kind: input.platform, token: input.token };
          const subscriptionId = subscriptionIdFor(target);
          const existing = (await deps.push.listByUser(tenantId, userId)).find(
            (s) => s.subscriptionId === subscriptionId,
          );
          // Registered before it is stored: a stored token always has an endpoint to publish to,
          // and registering again re-enables one FCM/APNs had disabled.
          const registered =
            target.kind === 'web'
              ? target
              : { ...target, endpointArn: await registerToken(deps, target.kind, target.token) };
          const subscription: PushSubscription = {
            ...registered,
            tenantId,
            userId,
            subscriptionId,
            createdAt: existing?.createdAt ?? deps.clock.now().toISOString(),
            ...(input.label ? { label: input.label } : existing?.label ? { label: existing.label } : {}),
          };
          await deps.push.save(subscription);
          deps.logger.info('Push target saved', { subscriptionId, kind: target.kind, replaced: !!existing });
          return { statusCode: existing ? 200 : 201, body: view(subscription) };
        }
        default: {
          const { subscriptionId } = parseOrThrow(pushSubscriptionPath, path, 'path');
          if (!(await deps.push.remove(tenantId, userId, subscriptionId))) {
            throw new PushSubscriptionNotFound(subscriptionId);
          }
          return { statusCode: 204 };
        }
      }
    },
  );
}

/** The token's SNS endpoint; a token the platform refuses is 422 INVALID_PUSH_TOKEN. */
async function registerToken(deps: PushSubscriptionsDeps, platform: MobilePlatform, token: string): Promise<string> {
  try {
    return await deps.endpoints.register(platform, token);
  } catch (error) {
    if (error instanceof InvalidDeviceToken) throw new InvalidPushToken(platform);
    throw error;
  }
}

export const pushSubscriptions = defineFunction({
  name: 'pushSubscriptions',
  description:
    'POST|GET /v1/me/push-subscriptions, DELETE …/{id}, GET /v1/push/vapid-public-key: Web and mobile push opt-in',
  entry: 'functions/modules/notifications/handlers/push-subscriptions.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/push/vapid-public-key', roles: [...NOTIFIED_ROLES] },
    { kind: 'http', method: 'GET', path: '/v1/me/push-subscriptions', roles: [...NOTIFIED_ROLES] },
    { kind: 'http', method: 'POST', path: '/v1/me/push-subscriptions', roles: [...NOTIFIED_ROLES] },
    {
      kind: 'http',
      method: 'DELETE',
      path: '/v1/me/push-subscriptions/{subscriptionId}',
      roles: [...NOTIFIED_ROLES],
    },
  ],
  bindings,
  factory: createPushSubscriptionsHandler,
});
