import * as z from 'zod';
import { CHAT_ROLES } from '../domain/access.js';
import { clientMessageIdSchema, conversationIdSchema, messageTextSchema } from '../events.js';

/** Who may chat: every role that asks for help or gives it, not partners' machine clients. */
export const CHAT_ROUTE_ROLES = [...CHAT_ROLES];

/** `{id}` of the conversation routes. */
export const conversationPath = z.object({ id: conversationIdSchema });

/** `limit` and `cursor` of the lists. */
export const pageQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(50),
  cursor: z.string().min(1).max(512).optional(),
});

/** `POST /v1/conversations` */
export const startConversationBody = z
  .strictObject({
    subject: z.string().trim().min(1).max(200).optional(),
    alertId: z.string().min(1).max(64).optional(),
  })
  .optional();

/** `POST /v1/conversations/{id}/messages` */
export const postMessageBody = z.strictObject({ clientMessageId: clientMessageIdSchema, text: messageTextSchema });
