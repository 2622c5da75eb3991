/**
 * Key formats of the tickets table (docs/adr/0101). Every partition key starts with the tenant
 * except the SLA sweep's sparse index, whose sort key carries the tenant.
 */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  ticket: (ticketId: string) => `TICKET#${ticketId}`,
  ticketsPrefix: () => 'TICKET#',
  customer: (tenantId: string, customerId: string) => `TENANT#${tenantId}#CUSTOMER#${customerId}`,
  notes: (tenantId: string, ticketId: string) => `TENANT#${tenantId}#TICKET#${ticketId}`,
  note: (noteId: string) => `NOTE#${noteId}`,
  /** In the ticket's notes partition: one per (agent, Idempotency-Key) of a reply. */
  reply: (userId: string, key: string) => `REPLY#${userId}#${key}`,
  /** The one partition of `bySlaDue`; sort key `<dueAt>#<tenant>#<ticket>`. */
  slaDue: () => 'SLA_DUE',
  slaDueSort: (dueAt: string, tenantId: string, ticketId: string) => `${dueAt}#${tenantId}#${ticketId}`,
  canned: (id: string) => `CANNED#${id}`,
  cannedPrefix: () => 'CANNED#',
  article: (id: string) => `ARTICLE#${id}`,
  articlesPrefix: () => 'ARTICLE#',
  policy: () => 'SLA_POLICY',
} as const;

/** Item discriminator stored on every tickets item. */
export const ENTITY = {
  ticket: 'ticket',
  note: 'note',
  reply: 'reply',
  canned: 'canned',
  article: 'article',
  policy: 'slaPolicy',
} as const;
