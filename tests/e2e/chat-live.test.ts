import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCEPT_HUMAN, DECLINE_HUMAN } from '../../functions/modules/chat/domain/dialogue-policy.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { type Frame, openSocket, type SocketClient } from './support/realtime-clients.js';

/**
 * The support chat on the whole local stack with real WebSocket clients (issue #10): a driver of
 * acme asks where their vehicle is and gets the position the fleet really holds; acme's agent
 * sees the conversation live, globex sees nothing of it, and another acme customer gets 404. A
 * customer losing patience (shouting, "this is useless", the same ask again) is offered a person
 * by the real NLU's frustration signal; accepting opens a high-priority ticket and silences the bot.
 */
describe('support chat on the local stack', () => {
  let stack: LocalStack;
  const tokens: Record<string, string> = {};
  const sockets: SocketClient[] = [];

  const token = async (tenantId: string, userId: string, roles: string[]) => {
    const response = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId, roles }),
    });
    return ((await response.json()) as { token: string }).token;
  };
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
  const chatFrames = (client: SocketClient) => client.frames.filter((f) => f.type.startsWith('chat.'));

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: `chat${randomBytes(3).toString('hex')}`,
      simulator: false,
      logLevel: 'SILENT',
      retryBaseDelayMs: 5,
      streamPollIntervalMs: 50,
    });
    tokens.partner = await token('acme', 'acme-partner', ['partner']);
    tokens.diego = await token('acme', 'acme-driver-1', ['driver']);
    tokens.priya = await token('acme', 'acme-driver-2', ['driver']);
    tokens.agent = await token('acme', 'acme-agent', ['agent']);
    tokens.globex = await token('globex', 'globex-agent', ['agent']);
    tokens.marcus = await token('acme', 'acme-manager', ['fleet_manager']);
  }, 180_000);

  afterAll(async () => {
    for (const client of sockets) client.close();
    await stack?.stop();
  });

  it("answers a driver's chat.send with the real position of their vehicle, live to acme's agent only", async () => {
    // Prepare: TRK-101 (Diego's, in the demo fleet) reports a position through the telemetry API
    const ts = new Date(Date.now() - 60_000).toISOString();
    const ingest = await api('/v1/telemetry', tokens.partner as string, {
      method: 'POST',
      body: { readings: [{ vehicleId: 'TRK-101', ts, lat: 41.88123, lng: -87.63456, speed: 0 }] },
    });
    expect(ingest.status).toBe(202);
    await stack.idle();
    const diego = await socket(tokens.diego as string);
    const agent = await socket(tokens.agent as string);
    const globex = await socket(tokens.globex as string);
    await stack.idle();

    // Act
    diego.send({ action: 'chat.send', clientMessageId: 'e2e-1', text: 'Where is my truck?' });
    const answer = await diego.waitFor((f) => f.type === 'chat.message' && author(f) === 'bot');

    // Assess: typing while the bot works, the driver's own message with its clientMessageId, the answer
    const frames = chatFrames(diego);
    expect(frames.map((f) => f.type)).toEqual(['chat.typing', 'chat.message', 'chat.message']);
    expect(frames[0]?.data).toMatchObject({ author: { type: 'bot' } });
    expect(frames[1]?.data).toMatchObject({ clientMessageId: 'e2e-1', author: { type: 'user', id: 'acme-driver-1' } });
    expect(answer.data.text).toContain('TRK-101 (Volvo FH 500) was last seen at 41.88123, -87.63456');
    expect(answer.data.text).toContain('1 minute ago');
    expect(answer.data.nlu).toMatchObject({ intent: 'vehicle_location' });
    const conversationId = answer.data.conversationId as string;
    await agent.waitFor((f) => f.type === 'chat.message' && f.data.messageId === answer.data.messageId);
    await globex.barrier();
    expect(chatFrames(globex)).toEqual([]);

    // Another acme customer: 404 over HTTP, an error frame over WebSocket; globex: 404
    const priya = await socket(tokens.priya as string);
    expect((await api(`/v1/conversations/${conversationId}/messages`, tokens.priya as string)).status).toBe(404);
    expect((await api(`/v1/conversations/${conversationId}/messages`, tokens.globex as string)).status).toBe(404);
    priya.send({ action: 'chat.send', conversationId, clientMessageId: 'p-1', text: 'hello' });
    const refused = await priya.waitFor((f) => f.type === 'error');
    expect(refused.data).toMatchObject({ action: 'chat.send', code: 'CONVERSATION_NOT_FOUND', clientMessageId: 'p-1' });
    expect((await api('/v1/conversations', tokens.globex as string)).body.items).toEqual([]);

    // A resend of the same clientMessageId (offline queue replay) answers the stored frames, stores nothing new
    const seen = diego.frames.length;
    diego.send({ action: 'chat.send', conversationId, clientMessageId: 'e2e-1', text: 'Where is my truck?' });
    const replayed = await diego.waitFor((f) => diego.frames.indexOf(f) >= seen && author(f) === 'bot');
    expect(replayed.data.messageId).toBe(answer.data.messageId);
    const stored = await api(`/v1/conversations/${conversationId}/messages`, tokens.diego as string);
    expect((stored.body.items as unknown[]).length).toBe(2);

    // Read receipt: the agent reads the answer, the driver is told
    agent.send({ action: 'chat.read', conversationId, messageId: answer.data.messageId });
    const read = await diego.waitFor((f) => f.type === 'chat.read');
    expect(read.data).toMatchObject({ conversationId, messageId: answer.data.messageId, readerId: 'acme-agent' });
  });
  it('offers a frustrated customer a person; accepting opens a high-priority ticket and the bot goes quiet', async () => {
    // Prepare: Marcus (acme's fleet manager) and acme's agent online
    const marcus = await socket(tokens.marcus as string);
    const agent = await socket(tokens.agent as string);
    let conversationId: string | undefined;
    let sent = 0;
    /** Sends one message; resolves with the bot's replies to it (none when the bot stays silent). */
    const say = async (text: string) => {
      const clientMessageId = `f-${++sent}`;
      const from = marcus.frames.length;
      marcus.send({ action: 'chat.send', ...(conversationId ? { conversationId } : {}), clientMessageId, text });
      const own = await marcus.waitFor((f) => f.type === 'chat.message' && f.data.clientMessageId === clientMessageId);
      conversationId = own.data.conversationId as string;
      await stack.idle();
      await marcus.barrier();
      return marcus.frames.slice(from).filter((f) => f.type === 'chat.message' && author(f) === 'bot');
    };
    const offersPerson = (replies: Frame[]) =>
      replies.some((r) => ((r.data.quickReplies as string[] | undefined) ?? []).includes(ACCEPT_HUMAN));

    // Act and assess, turn by turn: a calm question is answered without an offer
    const calm = await say('Where is TRK-101?');
    expect(calm.map((r) => r.data.text).join(' ')).toContain('TRK-101 (Volvo FH 500) was last seen');
    expect(offersPerson(calm)).toBe(false);
    expect(calm[0]?.data.nlu).toMatchObject({ intent: 'vehicle_location' });
    expect((calm[0]?.data.nlu as { sentiment: string }).sentiment).not.toBe('negative');

    // Shouting: the offer, with the message read as negative
    const shouted = await say('WHY IS THE LOCATION WRONG AGAIN');
    expect(offersPerson(shouted)).toBe(true);
    expect(shouted.at(-1)?.data.text).toMatch(/frustrating.*person/i);
    expect(shouted[0]?.data.nlu).toMatchObject({ sentiment: 'negative' });
    const declined = await say(DECLINE_HUMAN);
    expect(offersPerson(declined)).toBe(false);

    // The same ask again, then "this is useless": offered each time
    const repeated = await say('Where is TRK-101? I want the location of TRK-101');
    expect(offersPerson(repeated)).toBe(true);
    const useless = await say('this is useless');
    expect(offersPerson(useless)).toBe(true);
    expect(useless[0]?.data.nlu).toMatchObject({ sentiment: 'negative' });

    // Accepting hands off: a ticket of priority high (from the customer's tone), told to the agent
    const accepted = await say(ACCEPT_HUMAN);
    const handoff = await marcus.waitFor(
      (f) => f.type === 'conversation.handoff' && f.data.conversationId === conversationId,
    );
    const ticketId = handoff.data.ticketId as string;
    const created = await agent.waitFor((f) => f.type === 'ticket.created' && f.data.ticketId === ticketId);
    expect(accepted.map((r) => r.data.text).join(' ')).toContain(`ticket ${ticketId}`);
    expect(created.data).toMatchObject({
      conversationId,
      customerId: 'acme-manager',
      priority: 'high',
      reason: 'frustration',
    });
    const ticket = await api(`/v1/tickets/${ticketId}`, tokens.agent as string);
    expect(ticket.body.ticket).toMatchObject({ priority: 'high', status: 'open' });

    // After the hand-off the bot says nothing and shows no typing, even to what it could answer
    const before = marcus.frames.length;
    const after = [await say('Where is TRK-101?'), await say('THIS IS STILL USELESS'), await say('hello')];
    expect(after).toEqual([[], [], []]);
    expect(marcus.frames.slice(before).some((f) => f.type === 'chat.typing')).toBe(false);
    const stored = await api(`/v1/conversations/${conversationId}/messages`, tokens.marcus as string);
    expect((stored.body.items as { author: { type: string } }[]).slice(-3).map((m) => m.author.type)).toEqual([
      'user',
      'user',
      'user',
    ]);
  });
});

function author(frame: Frame): unknown {
  return (frame.data.author as { type?: string } | undefined)?.type;
}
