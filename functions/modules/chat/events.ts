import * as z from '../../platform/zod.js';

/** The chat context's events on the bus; `ticket.created` is also an outbound webhook type. */
export const CHAT_EVENTS = {
  source: 'fleetops.chat',
  ticketCreated: 'ticket.created',
} as const;

/** Server-to-client frames of the support chat (contract "Support chat", "Tickets and live agents"). */
export const CHAT_FRAMES = {
  message: 'chat.message',
  typing: 'chat.typing',
  read: 'chat.read',
  handoff: 'conversation.handoff',
  ticketCreated: 'ticket.created',
  error: 'error',
} as const;

/** The detail of `ticket.created`: the ticket without its transcript (fetch it by id). */
export const ticketCreatedSchema = z.object({
  tenantId: z.string().check(z.minLength(1)),
  ticketId: z.string().check(z.minLength(1)),
  conversationId: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
  status: z.literal('open'),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  reason: z.enum(['asked', 'frustration', 'fallbacks']),
  subject: z.string(),
  alertId: z.optional(z.string()),
  createdAt: z.string().check(z.minLength(1)),
});
export type TicketCreated = z.infer<typeof ticketCreatedSchema>;

/** A conversation or message id; one that matches nothing is not found, whatever its shape. */
const ulid = z
  .string({ error: 'an id is required' })
  .check(z.regex(/^[A-Za-z0-9]{1,64}$/, { error: 'ids are 1-64 letters and digits' }));

/** `clientMessageId`: the client's key of one message, so a resend stores nothing new. */
export const clientMessageIdSchema = z
  .string({ error: 'clientMessageId is required' })
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { error: 'clientMessageId is 1-64 letters, digits, _ . : -' }));

/** A user's message text. */
export const messageTextSchema = z
  .string({ error: 'text is required' })
  .check(
    z.trim(),
    z.minLength(1, { error: 'text must not be empty' }),
    z.maxLength(2000, { error: 'text is at most 2000 characters' }),
  );

/** Client frames of the chat (contract "Support chat"). */
export const chatSendFrame = z.object({
  action: z.literal('chat.send'),
  conversationId: z.optional(ulid),
  clientMessageId: clientMessageIdSchema,
  text: messageTextSchema,
});
export const chatTypingFrame = z.object({ action: z.literal('chat.typing'), conversationId: ulid });
export const chatReadFrame = z.object({ action: z.literal('chat.read'), conversationId: ulid, messageId: ulid });

export const conversationIdSchema = ulid;
