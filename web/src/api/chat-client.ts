import type { QueuedRequest } from '../offline/action-queue.js';
import { apiRequest } from './http.js';

/** Who wrote a message (contract "Support chat"). */
export interface ChatAuthor {
  readonly type: 'user' | 'bot' | 'agent';
  readonly id: string;
  readonly name?: string;
}

/** A message as `chat.message` frames and `GET …/messages` carry it. */
export interface ChatMessage {
  readonly conversationId: string;
  readonly messageId: string;
  readonly clientMessageId?: string;
  readonly author: ChatAuthor;
  readonly text: string;
  readonly sentAt: string;
  readonly nlu?: { readonly intent: string; readonly confidence: number; readonly sentiment: string };
  readonly quickReplies?: readonly string[];
}

/** A conversation of `GET /v1/conversations`. */
export interface Conversation {
  readonly conversationId: string;
  readonly ownerId: string;
  readonly subject?: string;
  readonly alertId?: string;
  /** `bot`: the assistant answers; `handoff`: a person has it (its ticket). */
  readonly status: 'bot' | 'handoff';
  readonly ticketId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** `GET /v1/conversations`: newest first. */
export function listConversations(): Promise<Page<Conversation>> {
  return apiRequest<Page<Conversation>>('/v1/conversations?limit=50');
}

/** `POST /v1/conversations` → `{conversationId}`. */
export function startConversation(subject?: string): Promise<{ conversationId: string }> {
  return apiRequest('/v1/conversations', { method: 'POST', body: subject ? { subject } : {} });
}

/** How the id of a conversation started offline begins until the server has given it its own. */
const LOCAL_PREFIX = 'local-';

/** A stand-in id for a conversation started offline (its queued messages name it). */
export function localConversationId(): string {
  return `${LOCAL_PREFIX}${crypto.randomUUID()}`;
}

/** Whether `conversationId` is a stand-in of {@link localConversationId}, not known to the server yet. */
export function isLocalConversation(conversationId: string): boolean {
  return conversationId.startsWith(LOCAL_PREFIX);
}

/**
 * `POST /v1/conversations` as a queued request, for a conversation started offline: sent on
 * reconnect before its messages (its Idempotency-Key makes a resend answer the same id), and the
 * id it answers replaces `placeholder` in the messages queued after it.
 */
export function startConversationRequest(placeholder: string, subject: string): QueuedRequest {
  return {
    kind: 'chat.start',
    subject: placeholder,
    method: 'POST',
    path: '/v1/conversations',
    body: subject ? { subject } : {},
    creates: { placeholder, field: 'conversationId' },
  };
}

/** `GET /v1/conversations/{id}/messages`: every page, oldest first. */
export async function listMessages(conversationId: string): Promise<ChatMessage[]> {
  const out: ChatMessage[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const page = await apiRequest<Page<ChatMessage>>(
      `/v1/conversations/${encodeURIComponent(conversationId)}/messages?${query}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < 1000);
  return out;
}

/**
 * `POST /v1/conversations/{id}/messages` as a queued request: sent now or on reconnect, in order;
 * one `clientMessageId` stores one message however often it is sent.
 */
export function sendMessageRequest(conversationId: string, clientMessageId: string, text: string): QueuedRequest {
  return {
    kind: 'chat.send',
    subject: conversationId,
    method: 'POST',
    path: `/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
    body: { clientMessageId, text },
  };
}

/** The customer's view of their ticket (`GET /v1/tickets/{id}`): where it stands and their rating. */
export interface OwnTicket {
  readonly ticketId: string;
  readonly status: 'open' | 'pending' | 'resolved' | 'closed';
  readonly csat?: { readonly score: number; readonly comment?: string };
}

/** `GET /v1/tickets/{ticketId}`, the customer's view. */
export async function ownTicket(ticketId: string): Promise<OwnTicket> {
  const body = await apiRequest<{ ticket: OwnTicket }>(`/v1/tickets/${encodeURIComponent(ticketId)}`);
  return body.ticket;
}

/** `POST /v1/tickets/{ticketId}/csat` `{score, comment?}`: once, after resolution. */
export function rateTicket(ticketId: string, score: number, comment?: string): Promise<unknown> {
  return apiRequest(`/v1/tickets/${encodeURIComponent(ticketId)}/csat`, {
    method: 'POST',
    body: { score, ...(comment ? { comment } : {}) },
  });
}
