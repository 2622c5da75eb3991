import * as z from 'zod';
import { isTimeZone, parseClockTime } from '../../../platform/time/zoned-time.js';
import { ROLES } from '../../../platform/wiring/roles.js';
import { CHANNELS, SEVERITIES } from '../domain/channels.js';
import { DIGEST_FREQUENCIES } from '../domain/digest.js';
import { MAX_ESCALATION_REPEAT } from '../domain/escalation.js';

const channelList = z
  .array(z.enum(CHANNELS, { error: `a channel is one of ${CHANNELS.join(', ')}` }))
  .max(CHANNELS.length)
  .refine((list) => new Set(list).size === list.length, { error: 'a channel is listed once' });

const clockTime = z.string().refine((v) => parseClockTime(v) !== undefined, { error: 'a time is HH:MM (00:00–23:59)' });

/** `PUT /v1/me/notification-preferences` (contract: Notifications). */
export const preferencesBody = z.strictObject({
  channels: z.strictObject(
    Object.fromEntries(SEVERITIES.map((s) => [s, channelList])) as Record<
      (typeof SEVERITIES)[number],
      typeof channelList
    >,
    { error: `channels names every severity: ${SEVERITIES.join(', ')}` },
  ),
  quietHours: z
    .strictObject({
      start: clockTime,
      end: clockTime,
      timezone: z.string().refine(isTimeZone, { error: 'timezone is an IANA time zone such as Europe/Berlin' }),
      allowCritical: z.boolean().default(true),
    })
    .optional(),
  digest: z
    .strictObject({
      frequency: z.enum(DIGEST_FREQUENCIES),
      severities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length),
    })
    .optional(),
});

/** `PUT /v1/escalation-policies/{severity}`. */
export const escalationPolicyBody = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        afterSeconds: z
          .number()
          .int()
          .min(0)
          .max(7 * 86_400),
        notify: z
          .strictObject({
            roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
            userIds: z.array(z.string().min(1).max(128)).max(50).optional(),
          })
          .refine((n) => (n.roles?.length ?? 0) + (n.userIds?.length ?? 0) > 0, {
            error: 'notify names at least one role or user',
          }),
        channels: channelList.min(1, { error: 'a level uses at least one channel' }),
      }),
    )
    .min(1, { error: 'a policy has at least one level' })
    .max(10),
  repeat: z.number().int().min(0).max(MAX_ESCALATION_REPEAT),
});

export const severityPath = z.object({
  severity: z.enum(SEVERITIES, { error: `severity is one of ${SEVERITIES.join(', ')}` }),
});

export const notificationPath = z.object({
  notificationId: z.string().regex(/^[0-9A-Z]{26}$/, { error: 'notificationId is a ULID' }),
});

/** `GET /v1/notifications?unread=&limit=&cursor=` */
export const inboxQuery = z.object({
  unread: z.enum(['true', 'false'], { error: 'unread is true or false' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(512).optional(),
});

/** `{notificationId}` of the inbox routes (absent on the list route the same handler serves). */
export const inboxItemPath = z.object({ notificationId: z.string().max(64).optional() });

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
