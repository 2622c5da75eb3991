import { CHANNELS, type Channel, normaliseChannels, type Severity } from './channels.js';
import { digestWindowEnd, isDigested } from './digest.js';
import {
  type NotificationPreferences,
  requiredChannels,
  resolveChannels,
  type TenantNotificationPolicy,
} from './preferences.js';
import { quietHoursEnd } from './quiet-hours.js';

/** Why a channel was not used at once; kept in the delivery record (contract: `reason`). */
export type SuppressionReason = 'preference' | 'quiet_hours' | 'digest' | 'no_destination' | 'duplicate';

/** What to do on one channel for one person. */
export type ChannelDecision =
  | { readonly channel: Channel; readonly action: 'send' }
  /** Held back and sent in a summary at `until` (end of quiet hours, close of the digest window). */
  | {
      readonly channel: Channel;
      readonly action: 'hold';
      readonly reason: 'quiet_hours' | 'digest';
      readonly until: Date;
    }
  | { readonly channel: Channel; readonly action: 'suppress'; readonly reason: 'preference' };

/** The channels quiet hours never hold: the inbox makes no sound. */
const SILENT_CHANNELS: readonly Channel[] = ['in_app'];

/**
 * What happens on each channel when an alert of `severity` reaches a user at `now`:
 * - a channel the user (or the tenant default) does not want is suppressed (`preference`), unless
 *   the tenant requires it;
 * - a severity the user chose for a digest is held on e-mail and in-app until the window closes
 *   (`digest`), and not sent on the other channels unless required; CRITICAL is never digested;
 * - in quiet hours, the audible channels (push, SMS, e-mail) are held until the quiet hours end
 *   (`quiet_hours`), except CRITICAL when both the tenant and the user let it break through;
 *   in-app is always delivered at once.
 * `channels`, when given (an escalation level's), narrows the user's channels further, never widens.
 */
export function planDelivery(input: {
  readonly severity: Severity;
  readonly preferences: NotificationPreferences | undefined;
  readonly policy: TenantNotificationPolicy;
  readonly now: Date;
  readonly channels?: readonly Channel[];
}): ChannelDecision[] {
  const { severity, preferences, policy, now } = input;
  const wanted = resolveChannels(preferences, policy, severity);
  const required = new Set(requiredChannels(policy, severity));
  // A level's channels narrow the user's; what the tenant requires is always considered.
  const considered = normaliseChannels([...(input.channels ?? CHANNELS), ...required]);
  const timeZone = preferences?.quietHours?.timezone ?? 'UTC';

  if (severity !== 'CRITICAL' && isDigested(severity, preferences?.digest)) {
    const frequency = preferences?.digest?.frequency as 'hourly' | 'daily';
    const until = digestWindowEnd(now, frequency, timeZone);
    return considered.map((channel): ChannelDecision => {
      if (channel === 'in_app' || channel === 'email') return { channel, action: 'hold', reason: 'digest', until };
      return required.has(channel)
        ? { channel, action: 'send' }
        : { channel, action: 'suppress', reason: 'preference' };
    });
  }

  const quietEnd = preferences?.quietHours ? quietHoursEnd(now, preferences.quietHours) : undefined;
  const breaksThrough =
    severity === 'CRITICAL' && policy.criticalBreaksQuietHours && (preferences?.quietHours?.allowCritical ?? false);
  return considered.map((channel): ChannelDecision => {
    if (!wanted.includes(channel) && !required.has(channel))
      return { channel, action: 'suppress', reason: 'preference' };
    if (quietEnd && !breaksThrough && !SILENT_CHANNELS.includes(channel)) {
      return { channel, action: 'hold', reason: 'quiet_hours', until: quietEnd };
    }
    return { channel, action: 'send' };
  });
}
