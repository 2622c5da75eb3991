import type { Channel, Severity } from '../domain/channels.js';

/** A notification quiet hours or a digest held back, sent in a summary at `until`. */
export interface HeldMessage {
  readonly tenantId: string;
  readonly userId: string;
  readonly channel: Channel;
  readonly alertId: string;
  readonly severity: Severity;
  readonly text: string;
  readonly reason: 'quiet_hours' | 'digest';
  readonly until: string;
}

/** What is held per user until a release time. */
export interface HeldMessages {
  /** One per (user, until, alert, channel): a repeat changes nothing. */
  hold(message: HeldMessage): Promise<void>;
  /** Everything held for the user until `until` or earlier; removed once `release` is called. */
  due(tenantId: string, userId: string, until: string): Promise<HeldMessage[]>;
  release(messages: readonly HeldMessage[]): Promise<void>;
}
