/**
 * Key formats of the chat table (docs/adr/0100). Every partition key starts with the tenant, so
 * no query can read another tenant's items; a conversation's messages have a partition of their own.
 */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  conversation: (conversationId: string) => `CONV#${conversationId}`,
  conversationsPrefix: () => 'CONV#',
  owner: (tenantId: string, ownerId: string) => `TENANT#${tenantId}#OWNER#${ownerId}`,
  messages: (tenantId: string, conversationId: string) => `TENANT#${tenantId}#CONV#${conversationId}`,
  message: (messageId: string) => `MSG#${messageId}`,
  messagesPrefix: () => 'MSG#',
  read: (readerId: string) => `READ#${readerId}`,
  /** One per (user, clientMessageId): the conditional write that makes a resend store nothing. */
  send: (userId: string, clientMessageId: string) => `SEND#${userId}#${clientMessageId}`,
  ticket: (ticketId: string) => `TICKET#${ticketId}`,
  /** One per (user, Idempotency-Key) of a start: written with the conversation, it names it for a replay (ADR 0128). */
  start: (userId: string, idempotencyKey: string) => `START#${userId}#${idempotencyKey}`,
} as const;

/** Item discriminator stored on every chat item. */
export const ENTITY = {
  conversation: 'conversation',
  message: 'message',
  read: 'read',
  send: 'send',
  ticket: 'ticket',
  start: 'start',
} as const;
