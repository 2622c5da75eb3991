import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxLanguageUnderstanding } from '../../functions/ml/onnx-language-understanding.js';
import { dynamoDbRuleStore } from '../../functions/modules/alerts/adapters/dynamodb-rule-store.js';
import { dynamoDbConversationStore } from '../../functions/modules/chat/adapters/dynamodb-conversation-store.js';
import type { ChatMessage } from '../../functions/modules/chat/domain/conversation.js';
import { ACCEPT_HUMAN } from '../../functions/modules/chat/domain/dialogue-policy.js';
import { createCreateConversationHandler } from '../../functions/modules/chat/handlers/create-conversation.handler.js';
import { createPostMessageHandler } from '../../functions/modules/chat/handlers/post-message.handler.js';
import { dynamoDbVehicleRegistry } from '../../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import {
  dynamoDbArticles,
  dynamoDbCannedResponses,
} from '../../functions/modules/tickets/adapters/dynamodb-library-store.js';
import { dynamoDbSlaPolicyStore } from '../../functions/modules/tickets/adapters/dynamodb-sla-policy-store.js';
import { dynamoDbTicketStore } from '../../functions/modules/tickets/adapters/dynamodb-ticket-store.js';
import { createCannedResponsesHandler } from '../../functions/modules/tickets/handlers/canned-responses.handler.js';
import { createChangeTicketHandler } from '../../functions/modules/tickets/handlers/change-ticket.handler.js';
import { createKbArticlesHandler } from '../../functions/modules/tickets/handlers/kb-articles.handler.js';
import { createOpenTicketsHandler } from '../../functions/modules/tickets/handlers/open-tickets.handler.js';
import { createReadTicketsHandler } from '../../functions/modules/tickets/handlers/read-tickets.handler.js';
import { createSlaPolicyHandler } from '../../functions/modules/tickets/handlers/sla-policy.handler.js';
import { createSweepSlaHandler } from '../../functions/modules/tickets/handlers/sweep-sla.handler.js';
import { httpEvent, jsonBody, streamEvent, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { FakeConnectionGateway, FakeEventPublisher, FixedClock, testBasics } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const caller = (tenantId: string, userId: string, role: string): TestCaller => ({ tenantId, userId, roles: [role] });
const diego = caller('acme', 'acme-driver-1', 'driver');
const priya = caller('acme', 'acme-driver-2', 'driver');
const agent = caller('acme', 'acme-agent', 'agent');
const admin = caller('acme', 'acme-admin', 'admin');
const globexAgent = caller('globex', 'globex-agent', 'agent');

interface Frame {
  type: string;
  data: Record<string, unknown>;
}
interface TicketBody {
  ticketId: string;
  status: string;
  priority: string;
  customerId: string;
  assigneeId?: string;
  firstRespondedAt?: string;
  csat?: unknown;
  sla?: { firstResponse: { state: string; dueAt?: string }; resolution: { state: string; breachedAt?: string } };
  history?: { action: string; from?: string; to?: string; by: string }[];
  code?: string;
}

/**
 * The tickets routes (issue #10, C8) on DynamoDB Local with the chat module's real hand-off: the
 * bot hands Diego's conversation over, the chat table's INSERT opens the ticket, acme's agent
 * works it (claim, internal note, public reply, pending, resolve), Diego rates it, and neither
 * another acme customer nor globex finds any of it.
 */
describe('tickets over HTTP', () => {
  let db: TestDatabase;
  let repos: TestRepositories;
  let clock: FixedClock;
  let gateway: FakeConnectionGateway;
  let events: FakeEventPublisher;
  let h: {
    start: ReturnType<typeof createCreateConversationHandler>;
    post: ReturnType<typeof createPostMessageHandler>;
    open: ReturnType<typeof createOpenTicketsHandler>;
    read: ReturnType<typeof createReadTicketsHandler>;
    change: ReturnType<typeof createChangeTicketHandler>;
    sweep: ReturnType<typeof createSweepSlaHandler>;
    canned: ReturnType<typeof createCannedResponsesHandler>;
    kb: ReturnType<typeof createKbArticlesHandler>;
    policy: ReturnType<typeof createSlaPolicyHandler>;
  };
  let counter = 0;

  const send = async (who: TestCaller, id: string, text: string) => {
    const response = await h.post({
      ...httpEvent({
        method: 'POST',
        path: '/v1/conversations/{id}/messages',
        caller: who,
        body: { clientMessageId: `t-${++counter}`, text },
      }),
      pathParameters: { id },
    });
    return jsonBody<{ message: ChatMessage; replies: ChatMessage[] }>(response);
  };
  /** The chat table's INSERT of the hand-off, as its stream delivers it. */
  const handoffRecord = async (tenantId: string, ticketId: string): Promise<DynamoDBRecord> => {
    const { Item } = await db.documentClient.send(
      new GetCommand({ TableName: db.tables.chat, Key: { pk: `TENANT#${tenantId}`, sk: `TICKET#${ticketId}` } }),
    );
    return {
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall(Item, { removeUndefinedValues: true }) as never },
    } as DynamoDBRecord;
  };
  /** A conversation of `who` handed over to a ticket the stream has opened. */
  const handOff = async (who: TestCaller, firstText: string) => {
    const started = jsonBody<{ conversationId: string }>(
      await h.start(httpEvent({ method: 'POST', path: '/v1/conversations', caller: who })),
    );
    const conversationId = started.conversationId;
    let ticketId: string | undefined;
    // The bot may offer a person on the first message already (a breakdown); accept whichever offer comes.
    for (const text of [firstText, 'I want to talk to a person', ACCEPT_HUMAN]) {
      const turn = await send(who, conversationId, text);
      ticketId ??= /opened ticket ([0-9A-Z]{26})/.exec(turn.replies[0]?.text ?? '')?.[1];
      if (ticketId) break;
    }
    if (!ticketId) throw new Error('the bot did not hand the conversation over');
    const opened = await h.open(streamEvent([await handoffRecord(who.tenantId, ticketId)]));
    if (opened.batchItemFailures.length > 0) throw new Error('the hand-off did not open a ticket');
    return { conversationId, ticketId };
  };
  const get = async (who: TestCaller, path: string, query: Record<string, string> = {}, params = {}) => {
    const response = await h.read({
      ...httpEvent({ method: 'GET', path, caller: who, query }),
      pathParameters: params,
    });
    return { status: response.statusCode, body: jsonBody<Record<string, unknown>>(response) };
  };
  const ticket = (who: TestCaller, ticketId: string) =>
    get(who, '/v1/tickets/{ticketId}', {}, { ticketId }) as Promise<{
      status: number;
      body: {
        ticket: TicketBody;
        transcript: Record<string, unknown>[];
        customer?: Record<string, unknown>;
        code?: string;
      };
    }>;
  const write = async (who: TestCaller, method: 'PATCH' | 'POST', path: string, ticketId: string, body: unknown) => {
    const response = await h.change({
      ...httpEvent({ method, path, caller: who, body }),
      pathParameters: { ticketId },
    });
    return { status: response.statusCode, body: jsonBody<TicketBody & Record<string, unknown>>(response) };
  };
  const patch = (who: TestCaller, ticketId: string, body: unknown) =>
    write(who, 'PATCH', '/v1/tickets/{ticketId}', ticketId, body);
  const reply = (who: TestCaller, ticketId: string, body: unknown) =>
    write(who, 'POST', '/v1/tickets/{ticketId}/replies', ticketId, body);
  const csat = (who: TestCaller, ticketId: string, body: unknown) =>
    write(who, 'POST', '/v1/tickets/{ticketId}/csat', ticketId, body);
  const online = async (connectionId: string, who: TestCaller) =>
    repos.connections.put({
      connectionId,
      tenantId: who.tenantId,
      userId: who.userId as string,
      roles: who.roles as never,
      connectedAt: clock.now().toISOString(),
    });
  const frames = (connectionId: string) => gateway.framesFor(connectionId) as Frame[];

  beforeAll(async () => {
    db = await createTestDatabase();
    clock = new FixedClock(NOW);
    repos = testRepositories(db.documentClient, db.tables, { clock });
    const parts = (table: string) => ({ client: db.documentClient, tableName: db.tables[table] as string, clock });
    const vehicles = dynamoDbVehicleRegistry.create(parts('fleet'));
    gateway = new FakeConnectionGateway();
    events = new FakeEventPublisher();
    const deps = {
      ...testBasics(clock),
      conversations: dynamoDbConversationStore.create(parts('chat')),
      vehicles,
      alerts: repos.alerts,
      rules: dynamoDbRuleStore.create(parts('alerts')),
      articles: dynamoDbArticles.create(parts('tickets')),
      nlu: new OnnxLanguageUnderstanding(),
      events,
      connections: repos.connections,
      gateway,
      tickets: dynamoDbTicketStore.create(parts('tickets')),
      policies: dynamoDbSlaPolicyStore.create(parts('tickets')),
      idempotency: repos.idempotency,
    };
    h = {
      start: createCreateConversationHandler(deps),
      post: createPostMessageHandler(deps),
      open: createOpenTicketsHandler(deps),
      read: createReadTicketsHandler(deps),
      change: createChangeTicketHandler(deps),
      sweep: createSweepSlaHandler(deps),
      canned: createCannedResponsesHandler({
        ...deps,
        canned: dynamoDbCannedResponses.create(parts('tickets')),
        fleet: repos.fleet,
      }),
      kb: createKbArticlesHandler(deps),
      policy: createSlaPolicyHandler(deps),
    };
    await repos.fleet.putUser({ tenantId: 'acme', userId: 'acme-driver-2', name: 'Priya Shah', roles: ['driver'] });
    for (const [id, name, driverId] of [
      ['TRK-101', 'Volvo FH 500', 'acme-driver-1'],
      ['TRK-102', 'Scania R 450', 'acme-driver-2'],
    ] as const) {
      await vehicles.register(
        { tenantId: 'acme', vehicleId: id, name, type: 'truck', driverId },
        { id: `e-${id}`, detailType: 'vehicle.registered' },
      );
    }
    await online('agent-1', agent);
    await online('admin-1', admin);
    await online('diego-1', diego);
    await online('priya-1', priya);
    await online('globex-1', globexAgent);
  }, 60_000);

  it("opens a ticket from the hand-off, in acme's queue only, with ticket.created to acme's agents", async () => {
    const { ticketId, conversationId } = await handOff(diego, 'my truck TRK-101 is overheating');
    const replayed = await h.open(streamEvent([await handoffRecord('acme', ticketId)]));

    const queue = await get(agent, '/v1/tickets');
    const own = await get(diego, '/v1/tickets');
    const other = await get(priya, '/v1/tickets');
    const globex = await get(globexAgent, '/v1/tickets');

    expect(replayed).toEqual({ batchItemFailures: [] });
    const created = (id: string) => frames(id).filter((f) => f.type === 'ticket.created');
    expect(created('agent-1')).toHaveLength(1);
    expect(created('admin-1')).toHaveLength(1);
    expect(created('agent-1')[0]?.data).toMatchObject({
      ticketId,
      conversationId,
      status: 'open',
      customerId: 'acme-driver-1',
    });
    expect([...created('diego-1'), ...created('priya-1'), ...created('globex-1')]).toEqual([]);
    expect((queue.body.items as TicketBody[]).map((t) => t.ticketId)).toEqual([ticketId]);
    expect((queue.body.items as TicketBody[])[0]?.sla?.firstResponse.state).toBe('running');
    expect((own.body.items as TicketBody[]).map((t) => t.ticketId)).toEqual([ticketId]);
    expect((own.body.items as TicketBody[])[0]?.sla).toBeUndefined();
    expect(other.body.items).toEqual([]);
    expect(globex.body.items).toEqual([]);
  });

  it('shows the transcript and the customer context to agents; 404 to anyone else but the customer', async () => {
    const [{ ticketId }] = (await get(agent, '/v1/tickets')).body.items as TicketBody[] as [TicketBody];

    const asAgent = await ticket(agent, ticketId);
    const asCustomer = await ticket(diego, ticketId);
    const asPriya = await ticket(priya, ticketId);
    const asGlobex = await ticket(globexAgent, ticketId);
    const similarAsCustomer = await get(diego, '/v1/tickets/{ticketId}/similar', {}, { ticketId });

    expect(asAgent.status).toBe(200);
    expect(asAgent.body.transcript.map((m) => m.text)).toContain('my truck TRK-101 is overheating');
    expect(asAgent.body.customer).toMatchObject({
      customerId: 'acme-driver-1',
      vehicles: [{ vehicleId: 'TRK-101', name: 'Volvo FH 500' }],
      pastTickets: [],
    });
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body.customer).toBeUndefined();
    expect(asPriya).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
    expect(asGlobex).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
    expect(similarAsCustomer.status).toBe(403);
  });

  it('filters the queue by status, priority, assignee and words of the conversation', async () => {
    const [{ ticketId, priority }] = (await get(agent, '/v1/tickets')).body.items as TicketBody[] as [TicketBody];
    const ids = async (query: Record<string, string>) =>
      ((await get(agent, '/v1/tickets', query)).body.items as TicketBody[]).map((t) => t.ticketId);

    expect(await ids({ status: 'open' })).toEqual([ticketId]);
    expect(await ids({ status: 'pending' })).toEqual([]);
    expect(await ids({ priority })).toEqual([ticketId]);
    expect(await ids({ priority: priority === 'low' ? 'urgent' : 'low' })).toEqual([]);
    expect(await ids({ q: 'Overheating TRK-101' })).toEqual([ticketId]);
    expect(await ids({ q: 'invoice' })).toEqual([]);
    expect(await ids({ assigneeId: 'acme-agent' })).toEqual([]);
    expect((await get(agent, '/v1/tickets', { status: 'bogus' })).status).toBe(400);
  });

  it('lets an agent claim the ticket; a customer may not, another tenant finds nothing', async () => {
    const [{ ticketId }] = (await get(agent, '/v1/tickets')).body.items as TicketBody[] as [TicketBody];

    const claimed = await patch(agent, ticketId, { assigneeId: 'acme-agent' });
    const byCustomer = await patch(diego, ticketId, { assigneeId: 'acme-driver-1' });
    const byGlobex = await patch(globexAgent, ticketId, { status: 'resolved' });
    const empty = await patch(agent, ticketId, {});

    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ assigneeId: 'acme-agent', history: [{ action: 'assign', to: 'acme-agent' }] });
    expect(byCustomer.status).toBe(403);
    expect(byGlobex).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
    expect(empty.status).toBe(400);
    expect(frames('agent-1').at(-1)).toMatchObject({
      type: 'ticket.updated',
      data: { ticketId, assigneeId: 'acme-agent' },
    });
  });

  it('keeps internal notes among agents and delivers public replies to the customer as agent messages', async () => {
    const [{ ticketId, conversationId }] = (await get(agent, '/v1/tickets')).body.items as (TicketBody & {
      conversationId: string;
    })[] as [TicketBody & { conversationId: string }];
    const diegoBefore = frames('diego-1').length;
    clock.advance(5 * 60_000);

    const note = await reply(agent, ticketId, {
      text: 'Customer sounds stressed; check the coolant alert',
      internal: true,
    });
    const diegoAfterNote = frames('diego-1').slice(diegoBefore);
    const publicReply = await reply(agent, ticketId, { text: 'Hi Diego, please pull over; help is on the way.' });
    const customerView = await ticket(diego, ticketId);
    const agentView = await ticket(agent, ticketId);
    const chatMessages = jsonBody<{ items: ChatMessage[] }>(
      await h.start({
        ...httpEvent({ method: 'GET', path: '/v1/conversations/{id}/messages', caller: diego }),
        pathParameters: { id: conversationId },
      }),
    );

    expect(note).toMatchObject({ status: 201, body: { internal: true } });
    expect(frames('agent-1').some((f) => f.type === 'ticket.note')).toBe(true);
    expect(diegoAfterNote).toEqual([]);
    expect(frames('priya-1').some((f) => JSON.stringify(f).includes('coolant'))).toBe(false);
    expect(publicReply).toMatchObject({
      status: 201,
      body: { internal: false, message: { author: { type: 'agent' } } },
    });
    expect(frames('diego-1').at(-1)).toMatchObject({
      type: 'chat.message',
      data: {
        conversationId,
        author: { type: 'agent', id: 'acme-agent' },
        text: 'Hi Diego, please pull over; help is on the way.',
      },
    });
    expect(
      frames('admin-1').some(
        (f) => f.type === 'chat.message' && f.data.text === 'Hi Diego, please pull over; help is on the way.',
      ),
    ).toBe(true);
    expect(JSON.stringify(customerView.body)).not.toContain('coolant');
    expect(agentView.body.transcript.find((e) => e.kind === 'note')).toMatchObject({
      internal: true,
      text: expect.stringContaining('coolant'),
    });
    expect(agentView.body.ticket.firstRespondedAt).toBe(clock.now().toISOString());
    expect(agentView.body.ticket.sla?.firstResponse.state).toBe('met');
    expect(chatMessages).toBeDefined();
  });

  it('keeps the bot silent while the ticket holds the conversation, and gives it back on resolution', async () => {
    const [{ ticketId, conversationId }] = (await get(agent, '/v1/tickets')).body.items as (TicketBody & {
      conversationId: string;
    })[] as [TicketBody & { conversationId: string }];

    const silent: ChatMessage[][] = [];
    for (const text of ['hello?', 'where is my truck?', 'anyone', 'TRK-101', 'please']) {
      silent.push((await send(diego, conversationId, text)).replies);
    }
    const early = await csat(diego, ticketId, { score: 5 });
    const pending = await patch(agent, ticketId, { status: 'pending' });
    const stillSilent = await send(diego, conversationId, 'where is my truck?');
    const resolved = await patch(agent, ticketId, { status: 'resolved' });
    const answered = await send(diego, conversationId, 'where is my truck?');

    expect(silent).toEqual([[], [], [], [], []]);
    expect(early).toMatchObject({ status: 409, body: { code: 'CSAT_NOT_OPEN' } });
    expect(pending.body.sla?.resolution.state).toBe('paused');
    expect(stillSilent.replies).toEqual([]);
    expect(resolved.body).toMatchObject({ status: 'resolved', sla: { resolution: { state: 'met' } } });
    // Resolved, then the bot works again: its typing, the driver's message and its answer
    expect(frames('diego-1').at(-4)).toMatchObject({ type: 'ticket.updated', data: { ticketId, status: 'resolved' } });
    expect(frames('diego-1').at(-3)).toMatchObject({ type: 'chat.typing', data: { author: { type: 'bot' } } });
    expect(answered.replies[0]?.author.type).toBe('bot');
    expect(answered.replies[0]?.text).toContain('TRK-101');
  });

  it('takes one rating from the customer after resolution', async () => {
    const [{ ticketId }] = (await get(agent, '/v1/tickets')).body.items as TicketBody[] as [TicketBody];

    const byPriya = await csat(priya, ticketId, { score: 1 });
    const byAgent = await csat(agent, ticketId, { score: 5 });
    const bad = await csat(diego, ticketId, { score: 6 });
    const rated = await csat(diego, ticketId, { score: 4, comment: 'Quick and kind' });
    const again = await csat(diego, ticketId, { score: 5 });

    expect(byPriya.status).toBe(404);
    expect(byAgent.status).toBe(404);
    expect(bad.status).toBe(400);
    expect(rated).toMatchObject({ status: 201, body: { score: 4, comment: 'Quick and kind' } });
    expect(again).toMatchObject({ status: 409, body: { code: 'CSAT_ALREADY_GIVEN' } });
    expect((await ticket(diego, ticketId)).body.ticket.csat).toMatchObject({ score: 4 });
  });

  it('refuses transitions the status does not allow; a closed ticket takes no reply', async () => {
    const [{ ticketId }] = (await get(agent, '/v1/tickets')).body.items as TicketBody[] as [TicketBody];

    const closed = await patch(agent, ticketId, { status: 'closed' });
    const reopen = await patch(agent, ticketId, { status: 'open' });
    const late = await reply(agent, ticketId, { text: 'one more thing' });

    expect(closed.status).toBe(200);
    expect(reopen).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });
    expect(late).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });
  });

  it('suggests resolved tickets of the tenant that read alike', async () => {
    const [{ ticketId: resolvedId }] = (await get(agent, '/v1/tickets')).body.items as TicketBody[] as [TicketBody];
    const { ticketId } = await handOff(priya, 'TRK-102 engine is overheating badly');

    const similar = await get(agent, '/v1/tickets/{ticketId}/similar', {}, { ticketId });
    const fromGlobex = await get(globexAgent, '/v1/tickets/{ticketId}/similar', {}, { ticketId });

    expect((similar.body.items as { ticketId: string; score: number }[]).map((s) => s.ticketId)).toEqual([resolvedId]);
    expect((similar.body.items as { score: number }[])[0]?.score).toBeGreaterThan(0);
    expect(fromGlobex.status).toBe(404);
  });

  it('records an SLA breach once when a running target passes; pending and resolved tickets never breach', async () => {
    const open = ((await get(agent, '/v1/tickets', { status: 'open' })).body.items as TicketBody[])[0] as TicketBody;
    const dueAt = open.sla?.firstResponse.dueAt as string;
    clock.advance(new Date(dueAt).getTime() - clock.now().getTime() + 1000);
    await online('agent-1', agent); // connections expire; the agent is still online hours later

    const first = await h.sweep({}, undefined as never);
    const second = await h.sweep({}, undefined as never);
    const after = await ticket(agent, open.ticketId);

    expect(first).toEqual({ breached: 1 });
    expect(second).toEqual({ breached: 0 });
    expect(after.body.ticket.sla?.firstResponse).toMatchObject({
      state: 'breached',
      breachedAt: clock.now().toISOString(),
    });
    expect(frames('agent-1').at(-1)).toMatchObject({ type: 'ticket.updated', data: { ticketId: open.ticketId } });
  });

  describe('canned responses and the knowledge base', () => {
    const library = async (
      handler: 'canned' | 'kb',
      who: TestCaller,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      init: { body?: unknown; query?: Record<string, string>; id?: string } = {},
    ) => {
      const response = await h[handler]({
        ...httpEvent({ method, path, caller: who, body: init.body, query: init.query }),
        pathParameters: init.id ? { id: init.id } : {},
      });
      return { status: response.statusCode, body: jsonBody<Record<string, unknown>>(response) };
    };

    it("fills a canned response's placeholders from the ticket it answers; other tenants find none", async () => {
      const priyas = ((await get(agent, '/v1/tickets', { q: 'trk-102' })).body.items as TicketBody[])[0] as TicketBody;
      const created = await library('canned', agent, 'POST', '/v1/canned-responses', {
        body: {
          title: 'Roadside help',
          text: 'Hi {{customer.name}}, roadside help for {{vehicle.id}} is booked.',
          shortcut: '/road',
        },
      });
      const typo = await library('canned', agent, 'POST', '/v1/canned-responses', {
        body: { title: 'Typo', text: 'Hi {{customer.nmae}}' },
      });
      const id = created.body.id as string;

      const forTicket = await library('canned', agent, 'GET', '/v1/canned-responses', {
        query: { ticketId: priyas.ticketId },
      });
      const replaced = await library('canned', agent, 'PUT', '/v1/canned-responses/{id}', {
        id,
        body: { title: 'Roadside help', text: 'Help for {{vehicle.id}} is on its way, {{customer.name}}.' },
      });
      const fromGlobex = await library('canned', globexAgent, 'PUT', '/v1/canned-responses/{id}', {
        id,
        body: { title: 'x', text: 'y' },
      });
      const globexList = await library('canned', globexAgent, 'GET', '/v1/canned-responses');
      const byDriver = await library('canned', diego, 'GET', '/v1/canned-responses');
      const deleted = await library('canned', agent, 'DELETE', '/v1/canned-responses/{id}', { id });
      const deletedAgain = await library('canned', agent, 'DELETE', '/v1/canned-responses/{id}', { id });

      expect(created.status).toBe(201);
      expect(typo).toMatchObject({
        status: 400,
        body: { details: [{ path: 'text', message: 'unknown placeholder {{customer.nmae}}' }] },
      });
      expect((forTicket.body.items as { rendered: unknown }[])[0]?.rendered).toEqual({
        text: 'Hi Priya Shah, roadside help for TRK-102 is booked.',
        missing: [],
      });
      expect(replaced).toMatchObject({
        status: 200,
        body: { text: 'Help for {{vehicle.id}} is on its way, {{customer.name}}.' },
      });
      expect(fromGlobex).toMatchObject({ status: 404, body: { code: 'CANNED_RESPONSE_NOT_FOUND' } });
      expect(globexList.body.items).toEqual([]);
      expect(byDriver.status).toBe(403);
      expect(deleted.status).toBe(204);
      expect(deletedAgain.status).toBe(404);
    });

    it("answers the tenant's questions from the tenant's own articles, and only that tenant's", async () => {
      const article = await library('kb', agent, 'POST', '/v1/kb/articles', {
        body: {
          title: 'Paying your Acme invoice',
          body: 'Acme invoices are paid by bank transfer to account ACME-7781 within 30 days.',
          intents: ['billing'],
          keywords: ['invoice', 'pay'],
        },
      });
      const byDriver = await library('kb', diego, 'POST', '/v1/kb/articles', { body: { title: 't', body: 'b' } });
      const read = await library('kb', diego, 'GET', '/v1/kb/articles/{id}', { id: article.body.articleId as string });
      const fromGlobex = await library('kb', globexAgent, 'GET', '/v1/kb/articles/{id}', {
        id: article.body.articleId as string,
      });
      clock.advance(10_000); // past the bot's article cache
      const ask = async (who: TestCaller) => {
        const started = jsonBody<{ conversationId: string }>(
          await h.start(httpEvent({ method: 'POST', path: '/v1/conversations', caller: who })),
        );
        return (await send(who, started.conversationId, 'How do I pay my invoice?')).replies[0]?.text;
      };
      const acmeAnswer = await ask(priya);
      const globexAnswer = await ask(caller('globex', 'globex-manager', 'fleet_manager'));

      expect(article.status).toBe(201);
      expect(byDriver.status).toBe(403);
      expect(read).toMatchObject({ status: 200, body: { title: 'Paying your Acme invoice' } });
      expect(fromGlobex).toMatchObject({ status: 404, body: { code: 'ARTICLE_NOT_FOUND' } });
      expect(acmeAnswer).toContain('ACME-7781');
      expect(globexAnswer).not.toContain('ACME-7781');
    });
  });

  it("starts a new ticket's clocks under the tenant's own policy and business hours", async () => {
    const put = (who: TestCaller, body: unknown) =>
      h.policy(httpEvent({ method: 'PUT', path: '/v1/sla-policy', caller: who, body }));
    const weekdays = [
      [],
      [['09:00', '17:00']],
      [['09:00', '17:00']],
      [['09:00', '17:00']],
      [['09:00', '17:00']],
      [['09:00', '17:00']],
      [],
    ];
    const targets = { firstResponseMinutes: 30, resolutionMinutes: 480 };
    const policy = {
      businessHours: { timeZone: 'Europe/Berlin', weekly: weekdays },
      targets: { urgent: targets, high: targets, normal: targets, low: targets },
    };

    const byAgent = await put(agent, policy);
    const badZone = await put(admin, { ...policy, businessHours: { timeZone: 'Mars/Olympus' } });
    const saved = await put(admin, policy);
    const globexPolicy = jsonBody(
      await h.policy(httpEvent({ method: 'GET', path: '/v1/sla-policy', caller: globexAgent })),
    );
    // Saturday 2026-11-28 10:00 UTC: the Berlin office opens on Monday at 09:00 (08:00 UTC)
    clock.advance(Date.parse('2026-11-28T10:00:00Z') - clock.now().getTime());
    const { ticketId } = await handOff(diego, 'the tachograph shows an error');
    const opened = await ticket(agent, ticketId);

    expect(byAgent.statusCode).toBe(403);
    expect(badZone.statusCode).toBe(400);
    expect(saved.statusCode).toBe(200);
    expect(globexPolicy).toMatchObject({ businessHours: { timeZone: 'UTC' } });
    expect(opened.body.ticket.sla).toMatchObject({
      timeZone: 'Europe/Berlin',
      firstResponse: { targetMinutes: 30, dueAt: '2026-11-30T08:30:00.000Z' },
    });
  });

  describe('where chat and tickets meet (review of #10)', () => {
    /** The chat table's INSERT of one message, as its stream delivers it. */
    const messageRecord = async (tenantId: string, conversationId: string, messageId: string) => {
      const { Item } = await db.documentClient.send(
        new GetCommand({
          TableName: db.tables.chat,
          Key: { pk: `TENANT#${tenantId}#CONV#${conversationId}`, sk: `MSG#${messageId}` },
        }),
      );
      if (!Item) throw new Error(`no message ${messageId}`);
      return {
        eventName: 'INSERT',
        dynamodb: { NewImage: marshall(Item, { removeUndefinedValues: true }) as never },
      } as DynamoDBRecord;
    };
    const transcriptTexts = async (ticketId: string) =>
      (await ticket(agent, ticketId)).body.transcript.map((entry) => entry.text as string);

    it("reopens a pending ticket on the customer's reply and resumes its resolution clock, once", async () => {
      // Prepare: Priya's ticket, answered and set pending by the agent (both online days later)
      await online('agent-1', agent);
      await online('priya-1', priya);
      const { ticketId, conversationId } = await handOff(priya, 'the trailer lights of TRK-102 do not work');
      await reply(agent, ticketId, { text: 'Could you send a photo of the fuse box?' });
      const agentReply = (await ticket(agent, ticketId)).body.transcript.at(-1) as { messageId: string };
      const pending = await patch(agent, ticketId, { status: 'pending' });
      clock.advance(60_000);

      // Act: the agent's own message seen by the stream changes nothing; Priya's answer reopens
      await h.open(streamEvent([await messageRecord('acme', conversationId, agentReply.messageId)]));
      const stillPending = (await ticket(agent, ticketId)).body.ticket.status;
      const answer = await send(priya, conversationId, 'Here it is, the fuse looks burnt');
      const record = await messageRecord('acme', conversationId, answer.message.messageId);
      const first = await h.open(streamEvent([record]));
      const again = await h.open(streamEvent([record]));
      const after = await ticket(agent, ticketId);

      // Assess
      expect(pending.body).toMatchObject({ status: 'pending', sla: { resolution: { state: 'paused' } } });
      expect(stillPending).toBe('pending');
      expect(answer.replies).toEqual([]);
      expect([first, again]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
      expect(after.body.ticket).toMatchObject({ status: 'open', sla: { resolution: { state: 'running' } } });
      expect(after.body.ticket.history?.filter((a) => a.action === 'status')).toEqual([
        expect.objectContaining({ from: 'open', to: 'pending', by: 'acme-agent' }),
        expect.objectContaining({ from: 'pending', to: 'open', by: 'acme-driver-2' }),
      ]);
      expect(
        frames('agent-1')
          .filter((f) => f.type === 'ticket.updated')
          .at(-1),
      ).toMatchObject({
        data: { ticketId, status: 'open' },
      });
      expect(frames('priya-1').at(-1)).toMatchObject({ type: 'ticket.updated', data: { ticketId, status: 'open' } });
    });

    it('stores a reply retried with its Idempotency-Key after a 5xx once, and answers the first result', async () => {
      // Prepare: a changeTicket whose chat and note writes time out once, after they were stored
      const open = ((await get(agent, '/v1/tickets', { status: 'open' })).body.items as TicketBody[])[0] as TicketBody;
      const parts = (table: string) => ({ client: db.documentClient, tableName: db.tables[table] as string, clock });
      const tickets = dynamoDbTicketStore.create(parts('tickets'));
      const conversations = dynamoDbConversationStore.create(parts('chat'));
      let timeouts = 0;
      /** The write happens, then its answer is lost (a timeout): the caller sees an error. */
      const lostAnswer =
        <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
          const result = await write(...args);
          if (timeouts-- > 0) throw new Error('socket hang up');
          return result;
        };
      const change = createChangeTicketHandler({
        ...testBasics(clock),
        tickets: Object.assign(Object.create(tickets), { addNote: lostAnswer(tickets.addNote.bind(tickets)) }),
        policies: dynamoDbSlaPolicyStore.create(parts('tickets')),
        conversations: Object.assign(Object.create(conversations), {
          appendMessage: lostAnswer(conversations.appendMessage.bind(conversations)),
        }),
        events,
        connections: repos.connections,
        gateway,
        idempotency: repos.idempotency,
      });
      const retried = async (key: string, body: unknown) => {
        const event = httpEvent({ method: 'POST', path: '/v1/tickets/{ticketId}/replies', caller: agent, body });
        const response = await change({
          ...event,
          headers: { ...event.headers, 'idempotency-key': key },
          pathParameters: { ticketId: open.ticketId },
        });
        return { status: response.statusCode, headers: response.headers ?? {}, body: jsonBody<never>(response) };
      };
      const text = 'A mechanic will call you within the hour.';

      // Act
      timeouts = 1;
      const failed = await retried('reply-1', { text });
      const retry = await retried('reply-1', { text });
      const replay = await retried('reply-1', { text });
      const reused = await retried('reply-1', { text: 'Something else' });
      timeouts = 1;
      const noteFailed = await retried('note-1', { text: 'Booked the mechanic', internal: true });
      const noteRetry = await retried('note-1', { text: 'Booked the mechanic', internal: true });
      const texts = await transcriptTexts(open.ticketId);

      // Assess
      expect(failed.status).toBe(500);
      expect(retry.status).toBe(201);
      expect(replay).toMatchObject({ status: 201, headers: { 'Idempotent-Replayed': 'true' }, body: retry.body });
      expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expect(texts.filter((t) => t === text)).toHaveLength(1);
      expect([noteFailed.status, noteRetry.status]).toEqual([500, 201]);
      expect(texts.filter((t) => t === 'Booked the mechanic')).toHaveLength(1);
    });
  });
});
