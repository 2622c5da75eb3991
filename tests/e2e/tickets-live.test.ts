import { randomBytes } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCEPT_HUMAN } from '../../functions/modules/chat/domain/dialogue-policy.js';
import { TICKET_EVENTS } from '../../functions/modules/tickets/events.js';
import type { EventTrigger } from '../../functions/platform/wiring/declaration.js';
import { defineFunction } from '../../functions/platform/wiring/declaration.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { type Frame, openSocket, type SocketClient } from './support/realtime-clients.js';

/**
 * Hand-off to a live agent on the whole local stack with real WebSocket clients (issue #10, C8):
 * a driver of acme asks for a person, the chat table's stream opens the ticket and acme's agent is
 * told; the agent's internal note stays among agents, the public reply reaches the driver; the bot
 * stays silent until the ticket is resolved; the driver rates it once. globex's agent sees nothing,
 * another acme driver can read neither the ticket nor the conversation.
 */
describe('tickets and live agents on the local stack', () => {
  let stack: LocalStack;
  const tokens: Record<string, string> = {};
  const sockets: SocketClient[] = [];
  const ticketEvents: EventBridgeEvent<string, Record<string, unknown>>[] = [];

  const api = async (path: string, bearer: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${stack.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const socket = async (bearer: string) => {
    const client = await openSocket(`${stack.wsUrl}?token=${bearer}`);
    sockets.push(client);
    return client;
  };

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: `tix${randomBytes(3).toString('hex')}`,
      simulator: false,
      logLevel: 'SILENT',
      retryBaseDelayMs: 5,
      streamPollIntervalMs: 50,
    });
    const trigger: EventTrigger = { kind: 'event', pattern: { source: [TICKET_EVENTS.source] } };
    stack.bus.addTarget({
      declaration: defineFunction({
        name: 'testTicketObserver',
        description: 'test: records ticket events',
        entry: 'tests/infra/fixtures/noop.lambda.ts',
        triggers: [trigger],
        bindings: {},
        factory: () => async () => undefined,
      }),
      trigger,
      invoke: async (event) => void ticketEvents.push(event as EventBridgeEvent<string, Record<string, unknown>>),
    });
    const issue = (tenantId: string, userId: string, roles: string[]) =>
      stack.issuer.issue({ tenantId, userId, roles: roles as never });
    tokens.diego = await issue('acme', 'acme-driver-1', ['driver']);
    tokens.priya = await issue('acme', 'acme-driver-2', ['driver']);
    tokens.agent = await issue('acme', 'acme-agent', ['agent']);
    tokens.globex = await issue('globex', 'globex-agent', ['agent']);
    tokens.dana = await issue('acme', 'acme-dispatcher', ['dispatcher']);
    tokens.marcus = await issue('acme', 'acme-manager', ['fleet_manager']);
  }, 180_000);

  afterAll(async () => {
    for (const client of sockets) client.close();
    await stack?.stop();
  });

  it('hands a driver over to an agent whose reply reaches the driver live, and whose note does not', async () => {
    const diego = await socket(tokens.diego as string);
    const agent = await socket(tokens.agent as string);
    const globex = await socket(tokens.globex as string);
    const priya = await socket(tokens.priya as string);
    await stack.idle();

    // Hand-off: the driver asks for a person and accepts the offer
    diego.send({ action: 'chat.send', clientMessageId: 'h-1', text: 'I want to talk to a person' });
    const offer = await diego.waitFor((f) => f.type === 'chat.message' && author(f) === 'bot');
    const conversationId = offer.data.conversationId as string;
    diego.send({ action: 'chat.send', conversationId, clientMessageId: 'h-2', text: ACCEPT_HUMAN });
    const handoff = await diego.waitFor((f) => f.type === 'conversation.handoff');
    const ticketId = handoff.data.ticketId as string;
    const created = await agent.waitFor((f) => f.type === 'ticket.created' && f.data.ticketId === ticketId);

    expect(created.data).toMatchObject({ conversationId, customerId: 'acme-driver-1', status: 'open' });
    expect((created.data.sla as { firstResponse: { state: string } }).firstResponse.state).toBe('running');

    // Nobody outside: globex's agent, another acme driver
    expect((await api(`/v1/tickets/${ticketId}`, tokens.globex as string)).status).toBe(404);
    expect((await api('/v1/tickets', tokens.globex as string)).body.items).toEqual([]);
    expect((await api(`/v1/tickets/${ticketId}`, tokens.priya as string)).status).toBe(404);
    expect((await api(`/v1/conversations/${conversationId}/messages`, tokens.priya as string)).status).toBe(404);
    expect((await api('/v1/tickets', tokens.priya as string)).body.items).toEqual([]);

    // Claim, internal note, public reply
    const claimed = await api(`/v1/tickets/${ticketId}`, tokens.agent as string, {
      method: 'PATCH',
      body: { assigneeId: 'acme-agent' },
    });
    const note = await api(`/v1/tickets/${ticketId}/replies`, tokens.agent as string, {
      method: 'POST',
      body: { text: 'Second breakdown this month; check the warranty', internal: true },
    });
    await agent.waitFor((f) => f.type === 'ticket.note');
    const reply = await api(`/v1/tickets/${ticketId}/replies`, tokens.agent as string, {
      method: 'POST',
      body: { text: 'Hi Diego, I have your ticket. Where are you parked?' },
    });
    const delivered = await diego.waitFor((f) => f.type === 'chat.message' && author(f) === 'agent');

    expect(claimed).toMatchObject({ status: 200, body: { assigneeId: 'acme-agent' } });
    expect(note.status).toBe(201);
    expect(reply.status).toBe(201);
    expect(delivered.data).toMatchObject({
      conversationId,
      author: { type: 'agent', id: 'acme-agent' },
      text: 'Hi Diego, I have your ticket. Where are you parked?',
    });
    await Promise.all([diego.barrier(), priya.barrier(), globex.barrier()]);
    for (const client of [diego, priya, globex]) expect(JSON.stringify(client.frames)).not.toContain('warranty');
    expect(JSON.stringify(globex.frames)).not.toContain(conversationId);
    const customerView = await api(`/v1/tickets/${ticketId}`, tokens.diego as string);
    expect(customerView.status).toBe(200);
    expect(JSON.stringify(customerView.body)).not.toContain('warranty');
    const messages = await api(`/v1/conversations/${conversationId}/messages`, tokens.diego as string);
    expect((messages.body.items as { author: { type: string } }[]).map((m) => m.author.type)).toContain('agent');

    // After the hand-off the bot stays silent: five more messages, one it could answer
    const before = diego.frames.length;
    for (const [i, text] of ['hello?', 'where is my truck?', 'are you there', 'TRK-101', 'ok'].entries()) {
      diego.send({ action: 'chat.send', conversationId, clientMessageId: `s-${i}`, text });
      await diego.waitFor((f) => f.type === 'chat.message' && f.data.clientMessageId === `s-${i}`);
    }
    await stack.idle();
    await diego.barrier();
    const since = diego.frames.slice(before);
    expect(since.filter((f) => f.type === 'chat.message').map(author)).toEqual([
      'user',
      'user',
      'user',
      'user',
      'user',
    ]);
    expect(since.some((f) => f.type === 'chat.typing')).toBe(false);

    // Resolve: the driver is told, rates it once; the bot answers again
    const resolved = await api(`/v1/tickets/${ticketId}`, tokens.agent as string, {
      method: 'PATCH',
      body: { status: 'resolved' },
    });
    await diego.waitFor((f) => f.type === 'ticket.updated' && f.data.status === 'resolved');
    const rated = await api(`/v1/tickets/${ticketId}/csat`, tokens.diego as string, {
      method: 'POST',
      body: { score: 5, comment: 'Fast help' },
    });
    const again = await api(`/v1/tickets/${ticketId}/csat`, tokens.diego as string, {
      method: 'POST',
      body: { score: 1 },
    });
    diego.send({ action: 'chat.send', conversationId, clientMessageId: 'after-1', text: 'hello' });
    const botAgain = await diego.waitFor(
      (f) => f.type === 'chat.message' && author(f) === 'bot' && diego.frames.indexOf(f) > before,
    );
    await stack.idle();

    expect(resolved).toMatchObject({ status: 200, body: { status: 'resolved' } });
    expect(rated).toMatchObject({ status: 201, body: { score: 5, comment: 'Fast help' } });
    expect(again).toMatchObject({ status: 409, body: { code: 'CSAT_ALREADY_GIVEN' } });
    expect(botAgain.data.conversationId).toBe(conversationId);
    const types = ticketEvents.filter((e) => e.detail.ticketId === ticketId).map((e) => e['detail-type']);
    expect(types).toEqual(expect.arrayContaining(['ticket.updated', 'ticket.resolved', 'ticket.csat_submitted']));
    await globex.barrier();
    expect(globex.frames.filter((f) => f.type.startsWith('ticket.') || f.type.startsWith('chat.'))).toEqual([]);
  });

  it('finds tickets, messages and articles of the tenant; a customer only their own messages', async () => {
    const say = async (bearer: string, text: string) => {
      const { body } = await api('/v1/conversations', bearer, { method: 'POST', body: {} });
      const conversationId = body.conversationId as string;
      await api(`/v1/conversations/${conversationId}/messages`, bearer, {
        method: 'POST',
        body: { clientMessageId: `q-${conversationId}`, text },
      });
      return conversationId;
    };
    await say(tokens.dana as string, 'The tachograph in my cab shows an error');
    await say(tokens.marcus as string, 'Tachograph download failed for the whole fleet');
    const article = await api('/v1/kb/articles', tokens.agent as string, {
      method: 'POST',
      body: {
        title: 'Tachograph calibration',
        body: 'Tachographs are calibrated every two years at a certified workshop.',
      },
    });
    await stack.idle();
    const search = async (bearer: string, q: string, types = 'ticket,message,article') =>
      (await api(`/v1/search?q=${encodeURIComponent(q)}&types=${types}`, bearer)).body as {
        items: { type: string; id: string; title: string }[];
        facets: { type: Record<string, number> };
      };

    const asAgent = await search(tokens.agent as string, 'tachograph');
    const asDana = await search(tokens.dana as string, 'tachograph');
    const asGlobex = await search(tokens.globex as string, 'tachograph');
    const notes = await search(tokens.agent as string, 'warranty', 'ticket,message');
    const ticketsOfAgent = await search(tokens.agent as string, 'person', 'ticket');
    const ticketsOfDana = await search(tokens.dana as string, 'person', 'ticket');
    const suggestions = (await api('/v1/search/suggest?q=tacho', tokens.dana as string)).body.suggestions as string[];

    expect(article.status).toBe(201);
    expect(
      asAgent.items
        .filter((i) => i.type === 'message')
        .map((i) => i.title)
        .sort(),
    ).toEqual(['Tachograph download failed for the whole fleet', 'The tachograph in my cab shows an error']);
    expect(asAgent.items.some((i) => i.type === 'article' && i.id === article.body.articleId)).toBe(true);
    expect(asDana.items.filter((i) => i.type === 'message').map((i) => i.title)).toEqual([
      'The tachograph in my cab shows an error',
    ]);
    expect(asDana.items.some((i) => i.type === 'article')).toBe(true);
    expect(asGlobex.items).toEqual([]);
    expect(notes.items).toEqual([]); // an internal note is neither a message nor a ticket's text
    expect(ticketsOfAgent.items.map((i) => i.title)).toEqual(['I want to talk to a person']);
    expect(ticketsOfDana.items).toEqual([]);
    expect(suggestions.every((s) => !s.includes('download failed'))).toBe(true);
  });
});

function author(frame: Frame): unknown {
  return (frame.data.author as { type?: string } | undefined)?.type;
}
