import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import { type Channel, SEVERITIES } from '../domain/channels.js';
import { deliveryKey } from '../domain/dedup.js';
import { maskDestination } from '../domain/mask.js';
import type { HeldMessage, HeldMessages } from '../ports/held-messages.js';
import { summaryEmail } from '../templates/email-templates.js';
import { deliverInApp, type NotifyPorts, pushToPerson, sendWithRetries } from './notify-people.js';

/** The step tag of summary deliveries. */
export const SUMMARY_STEP = 'summary';

/**
 * A user's quiet hours ended or their digest window closed: what was held for them until then is
 * sent as one summary per channel (in-app entry, SMS, push, e-mail from the template), and each
 * alert in it gets a delivery attempt with step `summary`. Then the held messages are removed. A
 * redelivered timer finds nothing left, or claims already taken.
 */
export async function releaseHeld(
  ports: Omit<NotifyPorts, 'held'> & {
    readonly held: HeldMessages;
    readonly fleet: Pick<FleetRepository, 'listUsers'>;
  },
  due: { readonly tenantId: string; readonly userId: string; readonly until: string },
): Promise<number> {
  const messages = await ports.held.due(due.tenantId, due.userId, due.until);
  if (messages.length === 0) return 0;
  const user = (await ports.fleet.listUsers(due.tenantId)).find((u) => u.userId === due.userId);
  const byChannel = new Map<Channel, HeldMessage[]>();
  for (const message of messages) byChannel.set(message.channel, [...(byChannel.get(message.channel) ?? []), message]);
  const connections = await ports.connections.listByUsers(due.tenantId, [due.userId]);
  for (const [channel, held] of byChannel) {
    const reason = held.some((m) => m.reason === 'digest') ? 'digest' : 'quiet_hours';
    const severity = SEVERITIES.find((s) => held.some((m) => m.severity === s)) ?? 'INFO';
    const key = deliveryKey({
      tenantId: due.tenantId,
      alertId: `summary-${due.until}`,
      userId: due.userId,
      channel,
      step: SUMMARY_STEP,
    });
    if (!(await ports.attempts.claim(due.tenantId, key))) continue;
    const pushTargets = channel === 'push' && user ? await ports.push.listByUser(due.tenantId, user.userId) : [];
    const destination = user
      ? {
          in_app: user.userId,
          sms: user.phone,
          email: user.email,
          push: pushTargets.length > 0 ? `${pushTargets.length} push target(s)` : undefined,
        }[channel]
      : undefined;
    const base = (alertId: string) => ({
      tenantId: due.tenantId,
      alertId,
      userId: due.userId,
      channel,
      step: SUMMARY_STEP,
      ...(destination && channel !== 'in_app' && channel !== 'push' ? { to: maskDestination(destination) } : {}),
    });
    const at = ports.clock.now().toISOString();
    const email = summaryEmail({ reason, items: held });
    let status: 'sent' | 'failed' | 'suppressed' = 'sent';
    if (!user || !destination) status = 'suppressed';
    else if (channel === 'in_app') {
      await deliverInApp(
        ports,
        undefined,
        user,
        { tag: SUMMARY_STEP },
        connections.filter((c) => c.userId === user.userId).map((c) => c.connectionId),
        {
          severity,
          title: email.subject,
          body: held.map((m) => m.text).join('\n'),
        },
      );
    } else if (channel === 'push') {
      const sent = await pushToPerson(ports, key, base(held[0]?.alertId as string), user, pushTargets, {
        title: email.subject,
        text: held
          .map((m) => m.text)
          .join(' | ')
          .slice(0, 600),
        severity,
      });
      status = sent ? 'sent' : 'failed';
    } else {
      const sent = await sendWithRetries(ports, key, base(held[0]?.alertId as string), {
        tenantId: due.tenantId,
        channel,
        destination,
        message:
          channel === 'email' ? email.text : `${email.subject}. ${held.map((m) => m.text).join(' | ')}`.slice(0, 600),
        ...(channel === 'email' ? { subject: email.subject, metadata: { html: email.html } } : {}),
      });
      status = sent ? 'sent' : 'failed';
    }
    // One attempt per alert the summary carried, under that alert's own key: an alert's record is
    // read by its id (docs/adr/0084); the send's own attempts stay on the summary's claim.
    for (const message of held) {
      const alertKey = deliveryKey({
        tenantId: due.tenantId,
        alertId: message.alertId,
        userId: due.userId,
        channel,
        step: SUMMARY_STEP,
      });
      await ports.attempts.record(alertKey, {
        ...base(message.alertId),
        status,
        ...(status === 'suppressed' ? { reason: 'no_destination' as const } : {}),
        attempt: status === 'suppressed' ? 0 : 1,
        at,
      });
    }
  }
  await ports.held.release(messages);
  return messages.length;
}
