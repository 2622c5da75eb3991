import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import { isTimeZone, parseClockTime } from '../../../platform/time/zoned-time.js';
import { ROLES } from '../../../platform/wiring/roles.js';
import * as z from '../../../platform/zod.js';
import { CHANNELS, SEVERITIES } from '../domain/channels.js';
import { DIGEST_FREQUENCIES } from '../domain/digest.js';
import { MAX_ESCALATION_REPEAT } from '../domain/escalation.js';

const channelList = z.array(z.enum(CHANNELS, { error: `a channel is one of ${CHANNELS.join(', ')}` })).check(
  z.maxLength(CHANNELS.length),
  z.refine((list) => new Set(list).size === list.length, { error: 'a channel is listed once' }),
);

const clockTime = z
  .string()
  .check(z.refine((v) => parseClockTime(v) !== undefined, { error: 'a time is HH:MM (00:00–23:59)' }));

/** `PUT /v1/me/notification-preferences` (contract: Notifications). */
export const preferencesBody = z.strictObject({
  channels: z.strictObject(
    Object.fromEntries(SEVERITIES.map((s) => [s, channelList])) as Record<
      (typeof SEVERITIES)[number],
      typeof channelList
    >,
    { error: `channels names every severity: ${SEVERITIES.join(', ')}` },
  ),
  quietHours: z.optional(
    z.strictObject({
      start: clockTime,
      end: clockTime,
      timezone: z
        .string()
        .check(z.refine(isTimeZone, { error: 'timezone is an IANA time zone such as Europe/Berlin' })),
      allowCritical: z._default(z.boolean(), true),
    }),
  ),
  digest: z.optional(
    z.strictObject({
      frequency: z.enum(DIGEST_FREQUENCIES),
      severities: z.array(z.enum(SEVERITIES)).check(z.maxLength(SEVERITIES.length)),
    }),
  ),
});

/** `PUT /v1/escalation-policies/{severity}`. */
export const escalationPolicyBody = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        afterSeconds: z.number().check(z.int(), z.gte(0), z.lte(7 * 86_400)),
        notify: z
          .strictObject({
            roles: z.optional(z.array(z.enum(ROLES)).check(z.maxLength(ROLES.length))),
            userIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.maxLength(50))),
          })
          .check(
            z.refine((n) => (n.roles?.length ?? 0) + (n.userIds?.length ?? 0) > 0, {
              error: 'notify names at least one role or user',
            }),
          ),
        channels: channelList.check(z.minLength(1, { error: 'a level uses at least one channel' })),
      }),
    )
    .check(z.minLength(1, { error: 'a policy has at least one level' }), z.maxLength(10)),
  repeat: z.number().check(z.int(), z.gte(0), z.lte(MAX_ESCALATION_REPEAT)),
});

export const severityPath = z.object({
  severity: z.enum(SEVERITIES, { error: `severity is one of ${SEVERITIES.join(', ')}` }),
});

export const notificationPath = z.object({
  notificationId: z.string().check(z.regex(/^[0-9A-Z]{26}$/, { error: 'notificationId is a ULID' })),
});

/** `GET /v1/notifications?unread=&limit=&cursor=` */
export const inboxQuery = z.object({
  unread: z.optional(z.enum(['true', 'false'], { error: 'unread is true or false' })),
  limit: pageLimit(25, 100),
  cursor: pageCursor(),
});

/** `{notificationId}` of the inbox routes (absent on the list route the same handler serves). */
export const inboxItemPath = z.object({ notificationId: z.optional(z.string().check(z.maxLength(64))) });

const channelsBySeverity = (what: string) =>
  z.strictObject(
    Object.fromEntries(SEVERITIES.map((s) => [s, channelList])) as Record<
      (typeof SEVERITIES)[number],
      typeof channelList
    >,
    { error: `${what} names every severity: ${SEVERITIES.join(', ')}` },
  );

/** `PUT /v1/notification-policy` (admin): the tenant's defaults, required channels and CRITICAL rule. */
export const tenantPolicyBody = z.strictObject({
  defaults: channelsBySeverity('defaults'),
  required: channelsBySeverity('required'),
  criticalBreaksQuietHours: z.boolean(),
});
