import type { IndexableArticle, IndexableMessage, IndexableTicket } from '../events.js';
import type { SearchDocument } from '../ports/search-index.js';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A ticket's searchable projection: its subject as the title, what the customer wrote as `body`,
 * `ownerId` (its customer) so a customer's search is scoped to their own; versioned by its `rev`.
 */
export function ticketDocument(ticket: IndexableTicket): SearchDocument {
  return {
    tenantId: ticket.tenantId,
    collection: 'tickets',
    id: ticket.ticketId,
    ...(ticket.rev === undefined ? {} : { version: ticket.rev }),
    fields: {
      title: ticket.subject,
      snippet: `${ticket.status} · ${ticket.priority} · ${ticket.customerId}`,
      at: Date.parse(ticket.createdAt),
      body: ticket.text,
      status: ticket.status,
      priority: ticket.priority,
      ownerId: ticket.customerId,
      assigneeId: ticket.assigneeId,
    },
  };
}

/** A knowledge-base article: title, the start of its body, the whole body searchable. */
export function articleDocument(article: IndexableArticle): SearchDocument {
  const at = Date.parse(article.updatedAt);
  return {
    tenantId: article.tenantId,
    collection: 'articles',
    id: article.articleId,
    version: at,
    fields: { title: article.title, snippet: clip(article.body, 140), at, body: article.body },
  };
}

/**
 * A chat message: its text as the title, who wrote it, and `ownerId` — the conversation's customer,
 * so their search finds the messages of their conversations and no one else's. Messages never change.
 */
export function messageDocument(message: IndexableMessage, ownerId: string): SearchDocument {
  return {
    tenantId: message.tenantId,
    collection: 'messages',
    id: message.messageId,
    version: 1,
    fields: {
      title: clip(message.text, 200),
      snippet: `${message.author.type} · conversation ${message.conversationId}`,
      at: Date.parse(message.sentAt),
      conversationId: message.conversationId,
      authorType: message.author.type,
      ownerId,
    },
  };
}
