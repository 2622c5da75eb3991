import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { Role } from '../../../platform/wiring/roles.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbNotificationSettings } from '../adapters/dynamodb-notification-settings.js';
import { normaliseChannels, SEVERITIES } from '../domain/channels.js';
import { defaultPreferences, type NotificationPreferences, requiredChannelsOff } from '../domain/preferences.js';
import { RequiredChannelOffError } from '../errors.js';
import { preferencesBody } from './notification-schemas.js';

/** Everyone who signs in to the PWA has preferences (partners are machines). */
export const NOTIFIED_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'driver', 'agent'];

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, settings: dynamoDbNotificationSettings.readWrite };
export type NotificationPreferencesDeps = DepsOf<typeof bindings>;

/**
 * `GET|PUT /v1/me/notification-preferences`: the caller's own preferences (user and tenant from the
 * token only), the tenant's defaults until they save any, and what the tenant requires (`required`,
 * so the PWA shows those switches locked). A PUT that turns a required channel off is 422
 * CHANNEL_REQUIRED naming each; otherwise it replaces the preferences.
 */
export function createNotificationPreferencesHandler(deps: NotificationPreferencesDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: notificationPreferences, deps, body: z.unknown() },
    async ({ event, identity, body }) => {
      const policy = await deps.settings.getTenantPolicy(identity.tenantId);
      const required = Object.fromEntries(
        SEVERITIES.map((s) => [
          s,
          normaliseChannels([...policy.required[s], ...(s === 'CRITICAL' ? ['in_app' as const] : [])]),
        ]),
      );
      if (event.requestContext.http.method === 'PUT') {
        const parsed = parseOrThrow(preferencesBody, body, 'body');
        const preferences: NotificationPreferences = {
          channels: Object.fromEntries(
            SEVERITIES.map((s) => [s, normaliseChannels(parsed.channels[s])]),
          ) as unknown as NotificationPreferences['channels'],
          ...(parsed.quietHours ? { quietHours: parsed.quietHours } : {}),
          ...(parsed.digest ? { digest: parsed.digest } : {}),
        };
        const off = requiredChannelsOff(preferences, policy);
        if (off.length > 0) throw new RequiredChannelOffError(off);
        await deps.settings.putPreferences(identity.tenantId, identity.userId, preferences);
        return { statusCode: 200, body: { ...preferences, required } };
      }
      const saved = await deps.settings.getPreferences(identity.tenantId, identity.userId);
      return { statusCode: 200, body: { ...(saved ?? defaultPreferences(policy)), required, isDefault: !saved } };
    },
  );
}

export const notificationPreferences = defineFunction({
  name: 'notificationPreferences',
  description: 'GET|PUT /v1/me/notification-preferences: channels per severity, quiet hours, digest',
  entry: 'functions/modules/notifications/handlers/notification-preferences.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/me/notification-preferences', roles: [...NOTIFIED_ROLES] },
    { kind: 'http', method: 'PUT', path: '/v1/me/notification-preferences', roles: [...NOTIFIED_ROLES] },
  ],
  bindings,
  factory: createNotificationPreferencesHandler,
});
