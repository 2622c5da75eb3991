import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbNotificationSettings } from '../adapters/dynamodb-notification-settings.js';
import { type ChannelsBySeverity, normaliseChannels, SEVERITIES } from '../domain/channels.js';
import {
  ALWAYS_REQUIRED,
  type RequiredChannelOff,
  requiredChannels,
  type TenantNotificationPolicy,
} from '../domain/preferences.js';
import { PolicyDefaultsMissRequired } from '../errors.js';
import { tenantPolicyBody } from './notification-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, settings: dynamoDbNotificationSettings.readWrite };
export type NotificationPolicyDeps = DepsOf<typeof bindings>;

const bySeverity = (pick: (severity: (typeof SEVERITIES)[number]) => ChannelsBySeverity[keyof ChannelsBySeverity]) =>
  Object.fromEntries(SEVERITIES.map((s) => [s, pick(s)])) as unknown as ChannelsBySeverity;

/** The policy as the API shows it: required with the platform floor, and the floor itself (`locked`). */
function view(policy: TenantNotificationPolicy, isDefault: boolean) {
  return {
    ...policy,
    required: bySeverity((s) => requiredChannels(policy, s)),
    locked: ALWAYS_REQUIRED,
    isDefault,
  };
}

/**
 * `GET|PUT /v1/notification-policy` (admin; ADR 0077): the tenant's notification policy — the
 * channels a user starts from (`defaults`), those no user may turn off (`required`; CRITICAL
 * in-app always, shown as `locked`, added if left out) and whether a CRITICAL alert breaks through
 * quiet hours for users who allow it. A default that leaves out a required channel is 422
 * DEFAULTS_MISS_REQUIRED. Saved preferences that predate a stricter policy are not rewritten: the
 * required channels are added when notifying (`resolveChannels`), and the next PUT of the user's
 * preferences must include them.
 */
export function createNotificationPolicyHandler(deps: NotificationPolicyDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: notificationPolicy, deps, body: z.unknown() },
    async ({ event, identity, body }) => {
      if (event.requestContext.http.method === 'PUT') {
        const input = parseOrThrow(tenantPolicyBody, body, 'body');
        const policy: TenantNotificationPolicy = {
          defaults: bySeverity((s) => normaliseChannels(input.defaults[s])),
          required: bySeverity((s) => normaliseChannels([...input.required[s], ...ALWAYS_REQUIRED[s]])),
          criticalBreaksQuietHours: input.criticalBreaksQuietHours,
        };
        const missing: RequiredChannelOff[] = SEVERITIES.flatMap((severity) =>
          policy.required[severity]
            .filter((channel) => !policy.defaults[severity].includes(channel))
            .map((channel) => ({ severity, channel })),
        );
        if (missing.length > 0) throw new PolicyDefaultsMissRequired(missing);
        await deps.settings.putTenantPolicy(identity.tenantId, policy);
        deps.logger.info('Tenant notification policy saved', { by: identity.userId });
        return { statusCode: 200, body: view(policy, false) };
      }
      const [policy, saved] = await Promise.all([
        deps.settings.getTenantPolicy(identity.tenantId),
        deps.settings.hasTenantPolicy(identity.tenantId),
      ]);
      return { statusCode: 200, body: view(policy, !saved) };
    },
  );
}

export const notificationPolicy = defineFunction({
  name: 'notificationPolicy',
  description: 'GET|PUT /v1/notification-policy: tenant defaults, required channels, CRITICAL and quiet hours (admin)',
  entry: 'functions/modules/notifications/handlers/notification-policy.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/notification-policy', roles: ['admin'] },
    { kind: 'http', method: 'PUT', path: '/v1/notification-policy', roles: ['admin'] },
  ],
  bindings,
  factory: createNotificationPolicyHandler,
});
