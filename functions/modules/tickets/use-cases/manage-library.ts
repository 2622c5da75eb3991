import type { Identity } from '../../../platform/auth/identity.js';
import { ValidationFailed } from '../../../platform/errors.js';
import type { KbArticle } from '../domain/article.js';
import {
  type CannedResponse,
  type PlaceholderValues,
  renderCanned,
  unknownPlaceholders,
} from '../domain/canned-response.js';
import { ArticleNotFound, CannedResponseNotFound } from '../errors.js';
import type { ConversationChannel } from '../ports/conversation-channel.js';
import type { ArticleStore, CannedResponseStore } from '../ports/library-store.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { UserNames } from '../ports/user-names.js';
import { visibleTicket } from './read-tickets.js';

/** A canned response as written by an agent. */
export interface CannedInput {
  readonly title: string;
  readonly text: string;
  readonly shortcut?: string;
}

function checkPlaceholders(text: string): void {
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) {
    throw new ValidationFailed(unknown.map((name) => ({ path: 'text', message: `unknown placeholder {{${name}}}` })));
  }
}

/** `POST /v1/canned-responses`: a new canned response of the tenant (400 for an unknown placeholder). */
export async function createCanned(
  ports: { readonly canned: CannedResponseStore; readonly newId: () => string; readonly now: () => Date },
  caller: Identity,
  input: CannedInput,
): Promise<CannedResponse> {
  checkPlaceholders(input.text);
  const canned: CannedResponse = {
    tenantId: caller.tenantId,
    id: ports.newId(),
    ...input,
    updatedBy: caller.userId,
    updatedAt: ports.now().toISOString(),
  };
  await ports.canned.put(canned, canned.id, 'create');
  return canned;
}

/** `PUT /v1/canned-responses/{id}`: replaces one of the tenant's (404 for any other id). */
export async function replaceCanned(
  ports: { readonly canned: CannedResponseStore; readonly now: () => Date },
  caller: Identity,
  id: string,
  input: CannedInput,
): Promise<CannedResponse> {
  checkPlaceholders(input.text);
  const canned: CannedResponse = {
    tenantId: caller.tenantId,
    id,
    ...input,
    updatedBy: caller.userId,
    updatedAt: ports.now().toISOString(),
  };
  if (!(await ports.canned.put(canned, id, 'replace'))) throw new CannedResponseNotFound(id);
  return canned;
}

/** `DELETE /v1/canned-responses/{id}` */
export async function deleteCanned(ports: { readonly canned: CannedResponseStore }, caller: Identity, id: string) {
  if (!(await ports.canned.delete(caller.tenantId, id))) throw new CannedResponseNotFound(id);
}

/** A canned response filled for one ticket. */
export type RenderedCanned = CannedResponse & { readonly rendered?: { text: string; missing: string[] } };

/**
 * `GET /v1/canned-responses?ticketId=`: the tenant's canned responses; with a ticket each carries
 * `rendered`, its text with the placeholders filled from that ticket (customer, the vehicle the
 * conversation is about, the agent) and what could not be filled.
 */
export async function listCanned(
  ports: {
    readonly canned: CannedResponseStore;
    readonly tickets: Pick<TicketStore, 'get'>;
    readonly chat: Pick<ConversationChannel, 'conversation'>;
    readonly people: UserNames;
  },
  caller: Identity,
  page: { readonly limit: number; readonly cursor?: string; readonly ticketId?: string },
): Promise<{ items: RenderedCanned[]; nextCursor?: string }> {
  const values = page.ticketId ? await placeholderValues(ports, caller, page.ticketId) : undefined;
  const found = await ports.canned.list(caller.tenantId, page.limit, page.cursor);
  const items = found.items.map((c) => (values ? { ...c, rendered: renderCanned(c.text, values) } : c));
  return found.nextCursor ? { items, nextCursor: found.nextCursor } : { items };
}

async function placeholderValues(
  ports: {
    readonly tickets: Pick<TicketStore, 'get'>;
    readonly chat: Pick<ConversationChannel, 'conversation'>;
    readonly people: UserNames;
  },
  caller: Identity,
  ticketId: string,
): Promise<PlaceholderValues> {
  const { ticket } = await visibleTicket(ports, caller, ticketId);
  const [conversation, names] = await Promise.all([
    ports.chat.conversation(ticket.tenantId, ticket.conversationId),
    ports.people.names(ticket.tenantId, [ticket.customerId]),
  ]);
  const customerName = names.get(ticket.customerId);
  return {
    'customer.id': ticket.customerId,
    ...(customerName ? { 'customer.name': customerName } : {}),
    ...(conversation?.vehicleId ? { 'vehicle.id': conversation.vehicleId } : {}),
    'ticket.id': ticket.ticketId,
    'agent.id': caller.userId,
  };
}

/** An article as written by an agent or admin. */
export interface ArticleInput {
  readonly title: string;
  readonly body: string;
  readonly intents: readonly string[];
  readonly keywords: readonly string[];
  readonly steps?: readonly string[];
}

/** `POST /v1/kb/articles` */
export async function createArticle(
  ports: { readonly articles: ArticleStore; readonly newId: () => string; readonly now: () => Date },
  caller: Identity,
  input: ArticleInput,
): Promise<KbArticle> {
  const article: KbArticle = {
    tenantId: caller.tenantId,
    articleId: ports.newId(),
    ...input,
    updatedBy: caller.userId,
    updatedAt: ports.now().toISOString(),
  };
  await ports.articles.put(article, article.articleId, 'create');
  return article;
}

/** `PUT /v1/kb/articles/{id}` */
export async function replaceArticle(
  ports: { readonly articles: ArticleStore; readonly now: () => Date },
  caller: Identity,
  id: string,
  input: ArticleInput,
): Promise<KbArticle> {
  const article: KbArticle = {
    tenantId: caller.tenantId,
    articleId: id,
    ...input,
    updatedBy: caller.userId,
    updatedAt: ports.now().toISOString(),
  };
  if (!(await ports.articles.put(article, id, 'replace'))) throw new ArticleNotFound(id);
  return article;
}

/** `GET /v1/kb/articles/{id}` */
export async function readArticle(ports: { readonly articles: ArticleStore }, caller: Identity, id: string) {
  const article = await ports.articles.get(caller.tenantId, id);
  if (!article) throw new ArticleNotFound(id);
  return article;
}

/** `DELETE /v1/kb/articles/{id}` */
export async function deleteArticle(ports: { readonly articles: ArticleStore }, caller: Identity, id: string) {
  if (!(await ports.articles.delete(caller.tenantId, id))) throw new ArticleNotFound(id);
}
