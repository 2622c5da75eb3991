import { SEVERITIES, type Severity } from '../../alerts/domain/alert.js';

/** The delivery channels a person can choose per severity (the Notifications routes; docs/adr/0111). */
export const CHANNELS = ['in_app', 'push', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels per severity: what a user (or a tenant default) is told on. */
export type ChannelsBySeverity = Readonly<Record<Severity, readonly Channel[]>>;

export { SEVERITIES, type Severity };

/** `channels` in contract order without repeats, so two equal sets compare equal. */
export function normaliseChannels(channels: readonly Channel[]): Channel[] {
  return CHANNELS.filter((channel) => channels.includes(channel));
}
