import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import * as z from '../../../platform/zod.js';
import { CHAT_ROLES } from '../domain/access.js';
import { clientMessageIdSchema, conversationIdSchema, messageTextSchema } from '../events.js';

/** Who may chat: every role that asks for help or gives it, not partners' machine clients. */
export const CHAT_ROUTE_ROLES = [...CHAT_ROLES];

/** `{id}` of the conversation routes. */
export const conversationPath = z.object({ id: conversationIdSchema });

/** `limit` and `cursor` of the lists. */
export const pageQuery = z.object({
  limit: pageLimit(50, 100),
  cursor: pageCursor(),
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
