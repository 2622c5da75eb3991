import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxLanguageUnderstanding } from '../../functions/ml/onnx-language-understanding.js';
import { dynamoDbRuleStore } from '../../functions/modules/alerts/adapters/dynamodb-rule-store.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { dynamoDbConversationStore } from '../../functions/modules/chat/adapters/dynamodb-conversation-store.js';
import type { ChatMessage } from '../../functions/modules/chat/domain/conversation.js';
import { ACCEPT_HUMAN } from '../../functions/modules/chat/domain/dialogue-policy.js';
import { createCreateConversationHandler } from '../../functions/modules/chat/handlers/create-conversation.handler.js';
import { createPostMessageHandler } from '../../functions/modules/chat/handlers/post-message.handler.js';
import { createReadConversationsHandler } from '../../functions/modules/chat/handlers/read-conversations.handler.js';
import { dynamoDbVehicleRegistry } from '../../functions/modules/fleet/adapters/dynamodb-vehicle-registry.js';
import type { Vehicle } from '../../functions/modules/fleet/domain/fleet.js';
import { dynamoDbArticles } from '../../functions/modules/tickets/adapters/dynamodb-library-store.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FakeConnectionGateway, FakeEventPublisher, FixedClock, testBasics } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const NOW = new Date('2026-11-22T14:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const caller = (tenantId: string, userId: string, role: string): TestCaller => ({ tenantId, userId, roles: [role] });
const diego = caller('acme', 'acme-driver-1', 'driver');
const priya = caller('acme', 'acme-driver-2', 'driver');
const manager = caller('acme', 'acme-manager', 'fleet_manager');
const agent = caller('acme', 'acme-agent', 'agent');
const globexAgent = caller('globex', 'globex-agent', 'agent');
const globexManager = caller('globex', 'globex-manager', 'fleet_manager');

interface Turn {
  message: ChatMessage;
  replies: ChatMessage[];
}

/**
 * The chat's HTTP routes (issue #10) on DynamoDB Local, with the real NLU models and the fleet and
 * alerts modules' real repositories holding the tenant's data the bot must ground its answers in.
 */
describe('support chat over HTTP', () => {
  let repos: TestRepositories;
  let events: FakeEventPublisher;
  let gateway: FakeConnectionGateway;
  let handlers: {
    create: ReturnType<typeof createCreateConversationHandler>;
    read: ReturnType<typeof createReadConversationsHandler>;
    post: ReturnType<typeof createPostMessageHandler>;
  };
  let engineAlert: Alert;
  let counter = 0;

  const start = async (who: TestCaller, body?: unknown) => {
    const response = await handlers.create(httpEvent({ method: 'POST', path: '/v1/conversations', caller: who, body }));
    return { status: response.statusCode, body: jsonBody<{ conversationId: string; code?: string }>(response) };
  };
  const send = async (who: TestCaller, id: string, text: string, clientMessageId = `c-${++counter}`) => {
    const response = await handlers.post({
      ...httpEvent({
        method: 'POST',
        path: '/v1/conversations/{id}/messages',
        caller: who,
        body: { clientMessageId, text },
      }),
      pathParameters: { id },
    });
    return { status: response.statusCode, body: jsonBody<Turn & { code?: string }>(response) };
  };
  const messages = async (who: TestCaller, id: string, query: Record<string, string> = {}) => {
    const response = await handlers.read({
      ...httpEvent({ method: 'GET', path: '/v1/conversations/{id}/messages', caller: who, query }),
      pathParameters: { id },
    });
    return {
      status: response.statusCode,
      body: jsonBody<{ items: ChatMessage[]; nextCursor?: string; code?: string }>(response),
    };
  };
  const list = async (who: TestCaller) =>
    jsonBody<{ items: { conversationId: string; ownerId: string }[] }>(
      await handlers.read(httpEvent({ method: 'GET', path: '/v1/conversations', caller: who })),
    );
  /** A conversation of `who` with one message sent. */
  const conversationWith = async (who: TestCaller, text: string) => {
    const { body } = await start(who);
    const turn = await send(who, body.conversationId, text);
    return { conversationId: body.conversationId, ...turn };
  };

  beforeAll(async () => {
    const db = await createTestDatabase();
    const clock = new FixedClock(NOW);
    repos = testRepositories(db.documentClient, db.tables, { clock });
    const parts = (table: string) => ({ client: db.documentClient, tableName: db.tables[table] as string, clock });
    const vehicles = dynamoDbVehicleRegistry.create(parts('fleet'));
    events = new FakeEventPublisher();
    gateway = new FakeConnectionGateway();
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
      idempotency: repos.idempotency,
    };
    handlers = {
      create: createCreateConversationHandler(deps),
      read: createReadConversationsHandler(deps),
      post: createPostMessageHandler(deps),
    };

    // Prepare: acme's fleet (Diego drives TRK-101 only), its state, a service and an open alert.
    const fleet: Vehicle[] = [
      { tenantId: 'acme', vehicleId: 'TRK-101', name: 'Volvo FH 500', type: 'truck', driverId: 'acme-driver-1' },
      { tenantId: 'acme', vehicleId: 'TRK-102', name: 'Scania R 450', type: 'truck', driverId: 'acme-driver-2' },
      { tenantId: 'acme', vehicleId: 'TRK-204', name: 'MAN TGX', type: 'truck' },
      { tenantId: 'globex', vehicleId: 'GLX-1', name: 'Globex van', type: 'van' },
    ];
    for (const vehicle of fleet)
      await vehicles.register(vehicle, { id: `e-${vehicle.vehicleId}`, detailType: 'vehicle.registered' });
    await repos.fleet.updateVehicleState('acme', [
      { vehicleId: 'TRK-101', ts: minutesAgo(3), speed: 0, rpm: 800, lat: 41.87812, lng: -87.62981, odometer: 120_480 },
    ]);
    await vehicles.recordService({
      tenantId: 'acme',
      vehicleId: 'TRK-101',
      ts: '2026-10-01T08:00:00.000Z',
      odometer: 110_000,
      recordedBy: 'acme-manager',
      recordedAt: '2026-10-01T08:00:00.000Z',
    });
    const ts = minutesAgo(2);
    engineAlert = {
      tenantId: 'acme',
      alertId: alertIdFor('acme', 'TRK-101', 'engine-failure', ts),
      vehicleId: 'TRK-101',
      type: 'ENGINE_FAILURE',
      ruleId: 'engine-failure',
      severity: 'CRITICAL',
      status: 'open',
      message: 'Engine failure on TRK-101: 120 °C with oil pressure 10 psi. Stop the vehicle.',
      raisedAt: ts,
      readings: [{ vehicleId: 'TRK-101', ts, engineTemp: 120, oilPressure: 10 }],
      history: [{ at: ts, by: 'system', action: 'raised' }],
    };
    expect((await repos.alerts.raiseIfNotOpen(engineAlert)).raised).toBe(true);
  });

  describe('conversations and messages', () => {
    it('answers a driver asking where their vehicle is with its real position, and stores what it understood', async () => {
      // Act
      const { conversationId, status, body } = await conversationWith(diego, 'where is my truck?');

      // Assess
      expect(status).toBe(201);
      expect(body.message).toMatchObject({
        conversationId,
        clientMessageId: expect.any(String),
        author: { type: 'user', id: 'acme-driver-1' },
        text: 'where is my truck?',
      });
      expect(body.replies).toHaveLength(1);
      expect(body.replies[0]?.author).toMatchObject({ type: 'bot' });
      expect(body.replies[0]?.text).toContain(
        'TRK-101 (Volvo FH 500) was last seen at 41.87812, -87.62981 3 minutes ago',
      );
      expect(body.replies[0]?.nlu).toEqual({
        intent: 'vehicle_location',
        confidence: expect.any(Number),
        sentiment: expect.any(String),
      });
      // Support staff see what the bot understood of the user's message; the customer does not.
      const asAgent = await messages(agent, conversationId);
      expect(asAgent.body.items[0]?.nlu?.intent).toBe('vehicle_location');
      expect((await messages(diego, conversationId)).body.items[0]?.nlu).toBeUndefined();
    });

    it('stores one message per clientMessageId: a resend answers the same message and replies', async () => {
      // Prepare
      const { body } = await start(diego);
      const first = await send(diego, body.conversationId, 'where is my truck?', 'offline-1');

      // Act
      const again = await send(diego, body.conversationId, 'where is my truck?', 'offline-1');

      // Assess
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await messages(diego, body.conversationId)).body.items).toHaveLength(2);
    });

    it('lists a customer their own conversations and support staff the tenant ones; globex sees none', async () => {
      // Prepare
      const mine = (await start(priya, { subject: 'Brakes' })).body.conversationId;
      await start(diego);

      // Act
      const priyas = await list(priya);
      const agents = await list(agent);
      const globex = await list(globexAgent);

      // Assess
      expect(priyas.items.map((c) => c.conversationId)).toEqual([mine]);
      expect(agents.items.map((c) => c.conversationId)).toContain(mine);
      expect(new Set(agents.items.map((c) => c.ownerId))).toEqual(new Set(['acme-driver-1', 'acme-driver-2']));
      expect(globex.items).toEqual([]);
    });

    it('another customer of the tenant and another tenant get 404; an agent reads it but answers through the ticket (403)', async () => {
      const { conversationId } = await conversationWith(diego, 'hello');

      expect((await messages(priya, conversationId)).status).toBe(404);
      expect((await messages(globexAgent, conversationId)).status).toBe(404);
      expect((await send(priya, conversationId, 'hi')).status).toBe(404);
      expect((await send(globexManager, conversationId, 'hi')).body.code).toBe('CONVERSATION_NOT_FOUND');
      expect((await messages(agent, conversationId)).status).toBe(200);
      expect((await send(agent, conversationId, 'hi')).status).toBe(403);
    });

    it('pages messages oldest first with a cursor bound to the conversation', async () => {
      // Prepare: three turns, six messages
      const { conversationId } = await conversationWith(diego, 'hello');
      await send(diego, conversationId, 'where is my truck?');
      await send(diego, conversationId, 'thanks');
      const other = await conversationWith(diego, 'hello');

      // Act
      const first = await messages(diego, conversationId, { limit: '4' });
      const second = await messages(diego, conversationId, { limit: '4', cursor: first.body.nextCursor as string });
      const crossed = await messages(diego, other.conversationId, { cursor: first.body.nextCursor as string });

      // Assess
      expect(first.body.items.map((m) => m.author.type)).toEqual(['user', 'bot', 'user', 'bot']);
      expect(second.body.items.map((m) => m.text)).toEqual(['thanks', expect.any(String)]);
      expect(second.body.nextCursor).toBeUndefined();
      expect(crossed.status).toBe(400);
    });

    it('starts one conversation per Idempotency-Key: a resend of the offline queue answers the same id', async () => {
      // Prepare
      const once = () => {
        const event = httpEvent({
          method: 'POST',
          path: '/v1/conversations',
          caller: priya,
          body: { subject: 'Offline' },
        });
        return handlers.create({ ...event, headers: { ...event.headers, 'idempotency-key': 'offline-start-1' } });
      };
      const before = (await list(priya)).items.length;

      // Act
      const first = await once();
      const again = await once();

      // Assess
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(jsonBody<{ conversationId: string }>(again).conversationId).toBe(
        jsonBody<{ conversationId: string }>(first).conversationId,
      );
      expect((await list(priya)).items.length).toBe(before + 1);
    });

    it('answers bad input with 400 and the offending path', async () => {
      const { body } = await start(diego);
      const response = await handlers.post({
        ...httpEvent({ method: 'POST', path: '/v1/conversations/{id}/messages', caller: diego, body: { text: '  ' } }),
        pathParameters: { id: body.conversationId },
      });

      expect(response.statusCode).toBe(400);
      expect(jsonBody<{ details: { path: string }[] }>(response).details.map((d) => d.path)).toEqual(
        expect.arrayContaining(['body.clientMessageId', 'body.text']),
      );
    });

    it('pushes the turn as chat.message frames to the owner and support staff, never to another customer or tenant', async () => {
      // Prepare
      const connections = {
        diego: { ...diego, connectionId: 'conn-diego' },
        priya: { ...priya, connectionId: 'conn-priya' },
        agent: { ...agent, connectionId: 'conn-agent' },
        globex: { ...globexAgent, connectionId: 'conn-globex' },
      };
      for (const c of Object.values(connections)) {
        await repos.connections.put({
          connectionId: c.connectionId,
          tenantId: c.tenantId,
          userId: c.userId as string,
          roles: c.roles as never,
          connectedAt: NOW.toISOString(),
        });
      }

      // Act
      const { conversationId } = await conversationWith(diego, 'where is my truck?');

      // Assess
      const types = (id: string) =>
        (gateway.framesFor(id) as { type: string; data: { conversationId: string } }[])
          .filter((f) => f.data.conversationId === conversationId)
          .map((f) => f.type);
      // The bot's typing while it works (a PWA sends over HTTP and listens on its socket), then the turn
      expect(types('conn-diego')).toEqual(['chat.typing', 'chat.message', 'chat.message']);
      expect(types('conn-agent')).toEqual(['chat.typing', 'chat.message', 'chat.message']);
      expect(gateway.framesFor('conn-diego')[0]).toMatchObject({ data: { author: { type: 'bot' } } });
      expect(gateway.framesFor('conn-priya')).toEqual([]);
      expect(gateway.framesFor('conn-globex')).toEqual([]);
      for (const c of Object.values(connections)) await repos.connections.remove(c.connectionId);
    });
  });

  describe('grounded answers and dialogue', () => {
    it('uses the vehicle of the conversation: "where is it?" after "TRK-101 won\'t start"', async () => {
      // Act
      const { conversationId, body: breakdown } = await conversationWith(manager, "TRK-101 won't start");
      const where = await send(manager, conversationId, 'where is it?');

      // Assess: the open alert with its reading, first steps and the ticket offer; then the position
      const [answer] = breakdown.replies;
      expect(answer?.nlu?.intent).toBe('vehicle_breakdown');
      expect(answer?.text).toContain('TRK-101 has 1 open alert:');
      expect(answer?.text).toContain('CRITICAL ENGINE_FAILURE');
      expect(answer?.text).toContain('engine temperature 120°C');
      expect(answer?.text).toContain('First steps:');
      expect(answer?.quickReplies).toContain(ACCEPT_HUMAN);
      expect(where.body.replies[0]?.text).toContain('TRK-101 (Volvo FH 500) was last seen at 41.87812, -87.62981');
    });

    it('asks which vehicle, offering the caller ones, then answers maintenance for the one picked', async () => {
      // Act
      const { conversationId, body: ask } = await conversationWith(manager, 'when is the next service due?');
      const picked = await send(manager, conversationId, 'TRK-101');

      // Assess
      expect(ask.replies[0]?.text).toMatch(/^Which vehicle/);
      expect(ask.replies[0]?.quickReplies).toEqual(['TRK-101', 'TRK-102', 'TRK-204']);
      const text = picked.body.replies[0]?.text ?? '';
      expect(text).toContain("TRK-101's last recorded service was 52 days ago (2026-10-01), at 110000 km.");
      expect(text).toContain('Now: odometer 120480 km');
      expect(text).toContain('Service due: not due yet (10480 of 15000 km since the last service)');
    });

    it("says it can't find a vehicle outside the caller's fleet: an unknown id, or another driver's", async () => {
      const unknown = await conversationWith(manager, 'where is TRK-999?');
      const othersTruck = await conversationWith(priya, 'where is TRK-101?');

      expect(unknown.body.replies[0]?.text).toBe("I can't find TRK-999 in your fleet.");
      expect(othersTruck.body.replies[0]?.text).toBe("I can't find TRK-101 in your fleet.");
    });

    it('opens a conversation about an alert with its explanation; another tenant or a driver who cannot see the vehicle gets 404', async () => {
      // Act
      const opened = await start(manager, { alertId: engineAlert.alertId });
      const globex = await start(globexManager, { alertId: engineAlert.alertId });
      const otherDriver = await start(priya, { alertId: engineAlert.alertId });
      const history = await messages(manager, opened.body.conversationId);
      const followUp = await send(manager, opened.body.conversationId, 'where is it?');

      // Assess
      expect(opened.status).toBe(201);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0]?.author.type).toBe('bot');
      expect(history.body.items[0]?.text).toContain(
        '"Engine failure", which fires on engine temperature at or above 110°C and oil pressure at or below 15 psi',
      );
      expect(history.body.items[0]?.text).toContain(
        'The reading that crossed it: engine temperature 120°C, oil pressure 10 psi.',
      );
      expect(followUp.body.replies[0]?.text).toContain('TRK-101 (Volvo FH 500)');
      expect(globex.status).toBe(404);
      expect(globex.body.code).toBe('ALERT_NOT_FOUND');
      expect(otherDriver.status).toBe(404);
    });
  });

  describe('hand-off', () => {
    it('offers a person on request, opens a ticket on acceptance, then never replies again', async () => {
      // Prepare: Diego and acme's agent are online
      events.published.length = 0;
      for (const [connectionId, who] of [
        ['handoff-diego', diego],
        ['handoff-agent', agent],
      ] as const) {
        await repos.connections.put({
          connectionId,
          tenantId: who.tenantId,
          userId: who.userId as string,
          roles: who.roles as never,
          connectedAt: NOW.toISOString(),
        });
      }
      const { conversationId, body: offer } = await conversationWith(diego, 'I want to talk to a person');

      // Act
      const accepted = await send(diego, conversationId, ACCEPT_HUMAN);
      const after: Turn[] = [];
      for (const text of ['where is my truck?', 'hello?', 'TRK-101 is overheating', 'anyone there', 'thanks']) {
        after.push((await send(diego, conversationId, text)).body);
      }

      // Assess
      expect(offer.replies[0]?.quickReplies).toContain(ACCEPT_HUMAN);
      expect(accepted.body.replies[0]?.text).toMatch(/^I've opened ticket [0-9A-Z]{26}\./);
      expect(events.published).toHaveLength(1);
      expect(events.published[0]).toMatchObject({
        source: 'fleetops.chat',
        detailType: 'ticket.created',
        detail: { tenantId: 'acme', conversationId, customerId: 'acme-driver-1', status: 'open', reason: 'asked' },
      });
      const ticketId = (events.published[0]?.detail as { ticketId: string }).ticketId;
      const typesOf = (connectionId: string) =>
        (gateway.framesFor(connectionId) as { type: string }[]).map((f) => f.type);
      expect(gateway.framesFor('handoff-diego')).toContainEqual({
        type: 'conversation.handoff',
        data: { conversationId, ticketId },
      });
      expect(typesOf('handoff-diego')).not.toContain('ticket.created');
      // The agents hear of the ticket from the tickets module once it is queued (tests/functions/tickets-api.test.ts)
      expect(typesOf('handoff-agent')).toContain('conversation.handoff');
      expect(typesOf('handoff-agent')).not.toContain('ticket.created');
      expect(after.map((turn) => turn.replies)).toEqual([[], [], [], [], []]);
      // After the hand-off the owner still gets their own messages live, and no bot message
      const sinceHandoff = (gateway.framesFor('handoff-diego') as { type: string; data: ChatMessage }[]).slice(-5);
      expect(sinceHandoff.map((f) => f.data.author.type)).toEqual(['user', 'user', 'user', 'user', 'user']);
      for (const id of ['handoff-diego', 'handoff-agent']) await repos.connections.remove(id);
      const stored = await messages(agent, conversationId);
      expect(stored.body.items).toHaveLength(4 + 5);
      expect(stored.body.items.slice(-5).map((m) => m.nlu?.intent)).toEqual(
        expect.arrayContaining(['vehicle_location']),
      );
      const listed = (await list(agent)).items.find((c) => c.conversationId === conversationId);
      expect(listed).toMatchObject({ status: 'handoff', ticketId: expect.any(String) });
    });

    it('offers a person after two fallbacks in a row', async () => {
      const { conversationId } = await conversationWith(manager, 'purple monkey dishwasher');
      const second = await send(manager, conversationId, 'zebra quantum banana');

      expect(second.body.replies[0]?.text).toContain('Would you like to talk to a person');
      expect(second.body.replies[0]?.quickReplies).toContain(ACCEPT_HUMAN);
    });
  });
});
