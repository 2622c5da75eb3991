import type { DeliveryAttempt } from '../domain/delivery-attempt.js';
import type { Message } from '../domain/message.js';

export interface AttemptPage {
  readonly items: DeliveryAttempt[];
  readonly nextCursor?: string;
}

/** Messages per endpoint and the log of their attempts. */
export interface MessageStore {
  /** Stores a new message; false when one with that id exists (a redelivered event). */
  create(message: Message): Promise<boolean>;
  get(tenantId: string, endpointId: string, messageId: string): Promise<Message | undefined>;
  /**
   * Claims the message for attempt `attempts + 1` if it is pending, has made exactly
   * `expectedAttempts` attempts and no unexpired lease holds it; the message after, or undefined.
   */
  claim(
    message: Message,
    options: { readonly expectedAttempts: number; readonly now: string; readonly leaseUntil: string },
  ): Promise<Message | undefined>;
  /** Moves a pending message's next attempt (a throttled one waits); no attempt is counted. */
  postpone(message: Message, nextAttemptAt: string): Promise<void>;
  /** After an attempt: the next one is due at `nextAttemptAt`. */
  retryAt(message: Message, nextAttemptAt: string, responseStatus?: number): Promise<void>;
  /** After an attempt, or without one: delivered, or given up on with a reason. */
  finish(
    message: Message,
    outcome: {
      readonly status: 'succeeded' | 'failed';
      readonly at: string;
      readonly responseStatus?: number;
      readonly failure?: string;
    },
  ): Promise<void>;
  /** Makes a finished message pending again with its next attempt due at `at` (replay, recover). */
  reopen(message: Message, at: string): Promise<Message | undefined>;
  /** Failed messages of the endpoint created at or after `since`, oldest first. */
  failedSince(tenantId: string, endpointId: string, since: Date): Promise<Message[]>;
  /** Writes (or overwrites) one attempt's record. */
  putAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** The endpoint's attempts, newest first. */
  attempts(
    tenantId: string,
    endpointId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<AttemptPage>;
}
