import * as z from '../../../platform/zod.js';
import { CHAT_ROLES } from '../domain/access.js';
import { clientMessageIdSchema, conversationIdSchema, messageTextSchema } from '../events.js';

/** Who may chat: every role that asks for help or gives it, not partners' machine clients. */
export const CHAT_ROUTE_ROLES = [...CHAT_ROLES];

/** `{id}` of the conversation routes. */
export const conversationPath = z.object({ id: conversationIdSchema });

/** `limit` and `cursor` of the lists. */
export const pageQuery = z.object({
  limit: z._default(
    z.coerce
      .number({ error: 'limit must be a number' })
      .check(
        z.int({ error: 'limit must be a whole number' }),
        z.gte(1, { error: 'limit must be at least 1' }),
        z.lte(100, { error: 'limit must be at most 100' }),
      ),
    50,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});

/** `POST /v1/conversations` */
export const startConversationBody = z.optional(
  z.strictObject({
    subject: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    alertId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  }),
);

/** `POST /v1/conversations/{id}/messages` */
export const postMessageBody = z.strictObject({ clientMessageId: clientMessageIdSchema, text: messageTextSchema });
