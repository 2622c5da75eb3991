import type { InboundMessage, InboundOutcome } from '../domain/inbound-message.js';

/** Received messages, one per (partner, message id). */
export interface InboundMessageStore {
  /** Stores the message unless one with its id is kept already: `duplicate` then, and nothing is written. */
  record(message: InboundMessage): Promise<'accepted' | 'duplicate'>;
  /** Records what normalising the message came to (idempotent: the last outcome wins). */
  markOutcome(message: Pick<InboundMessage, 'partnerId' | 'messageId'>, outcome: InboundOutcome): Promise<void>;
}
