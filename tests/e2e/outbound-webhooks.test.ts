import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { type ReceiverAnswer, WebhookReceiver, waitFor } from './support/webhook-receiver.js';

/** The retry schedule of this file (the contract's setting; production is 5 s … 10 h): 7 attempts in ≈ 1.4 s. */
const RETRY_DELAYS_MS = [100, 150, 200, 250, 300, 350];

/**
 * Outbound webhooks end to end (issue #11, C11): the real local stack, its durable timers and its
 * egress rule relaxed for loopback by the explicit setting, delivering to receivers on 127.0.0.1
 * that verify every request with the Standard Webhooks reference library. At-least-once with one
 * stable `webhook-id`, the backlog after an outage, 410 disabling (one `endpoint.disabled`, the
 * admins told), recover, and one endpoint's outage not delaying another's deliveries.
 */
describe('outbound webhooks on the local stack', () => {
  let stack: LocalStack;
  let admin: string;
  const receivers: WebhookReceiver[] = [];
  const previousDelays = process.env.FLEETOPS_WEBHOOK_RETRY_DELAYS_MS;

  const token = async (tenantId: string, userId: string, roles: string[]) => {
    const response = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId, roles }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const api = async (method: string, path: string, body?: unknown, bearer = admin) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  /** A receiver and its endpoint (rate limit high enough that the throttle is not what is tested). */
  const endpointFor = async (
    answer: (request: { webhookId: string; nth: number }) => ReceiverAnswer,
    eventTypes: string[] = ['alert.raised'],
  ) => {
    const receiver = new WebhookReceiver(answer);
    await receiver.start();
    receivers.push(receiver);
    const created = await api('POST', '/v1/webhook-endpoints', {
      url: receiver.url,
      eventTypes,
      rateLimitPerSecond: 100,
    });
    expect(created.status).toBe(201);
    receiver.secret = created.body.secret as string;
    return { receiver, endpointId: created.body.endpointId as string };
  };
  /** `n` test messages to the endpoint, sent at once; their message ids (= `webhook-id`s). */
  const sendTests = async (endpointId: string, n: number) => {
    const sent = await Promise.all(
      Array.from({ length: n }, () => api('POST', `/v1/webhook-endpoints/${endpointId}/test`)),
    );
    for (const response of sent) expect(response.status).toBe(202);
    return sent.map((response) => response.body.messageId as string);
  };
  const deliveries = async (endpointId: string) =>
    (await api('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`)).body.items as {
      messageId: string;
      attempt: number;
      status: string;
      responseStatus?: number;
      nextAttemptAt?: string;
      error?: string;
    }[];
  const expectAllVerified = (receiver: WebhookReceiver) => {
    expect(receiver.attempts.length).toBeGreaterThan(0);
    expect(receiver.attempts.filter((a) => !a.verified)).toEqual([]);
  };

  beforeAll(async () => {
    process.env.FLEETOPS_WEBHOOK_RETRY_DELAYS_MS = RETRY_DELAYS_MS.join(',');
    stack = await startLocalStack({
      port: 0,
      inMemory: true,
      simulator: false,
      logLevel: 'SILENT',
      tablePrefix: `owh${randomBytes(3).toString('hex')}`,
      allowLoopbackWebhooks: true,
    });
    admin = await token('acme', 'acme-admin', ['admin']);
  }, 180_000);

  afterAll(async () => {
    for (const receiver of receivers) {
      receiver.release();
      await receiver.stop();
    }
    await stack?.stop();
    if (previousDelays === undefined) delete process.env.FLEETOPS_WEBHOOK_RETRY_DELAYS_MS;
    else process.env.FLEETOPS_WEBHOOK_RETRY_DELAYS_MS = previousDelays;
  });

  it('delivers every message to a receiver failing every other attempt, each under one stable webhook-id', async () => {
    // Exactly half of all attempts fail (odd arrivals answer 500), whichever message they carry.
    const { receiver, endpointId } = await endpointFor(({ nth }) => (nth % 2 === 0 ? 500 : 204));

    const ids = await sendTests(endpointId, 6);
    await waitFor(() => ids.every((id) => receiver.delivered().has(id)), 'all 6 messages delivered');
    await stack.idle();

    expectAllVerified(receiver);
    expect(new Set(receiver.attempts.map((a) => a.webhookId))).toEqual(new Set(ids));
    const failures = receiver.attempts.filter((a) => a.answer === 500).length;
    expect(failures).toBeGreaterThanOrEqual(Math.floor(receiver.attempts.length / 2));
    for (const id of ids) {
      const attempts = receiver.attemptsOf(id);
      // The same message every time: same id, same bytes; only the timestamp (and signature) move on.
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      // Once delivered, never again.
      expect(attempts.filter((a) => a.answer === 204)).toHaveLength(1);
      expect(attempts.at(-1)?.answer).toBe(204);
    }
    expect(receiver.attempts.some((a) => receiver.attemptsOf(a.webhookId).length > 1)).toBe(true);
    // The delivery log has one entry per attempt the receiver saw.
    const log = await deliveries(endpointId);
    expect(log.filter((d) => d.status !== 'pending')).toHaveLength(receiver.attempts.length);
    expect(log.filter((d) => d.status === 'failed').every((d) => d.responseStatus === 500)).toBe(true);
  });

  it('delivers the backlog to a receiver that was down and came back', async () => {
    const { receiver, endpointId } = await endpointFor(() => 200);
    await receiver.stop();

    const ids = await sendTests(endpointId, 4);
    // Each message failed at least once against the closed port (no response: an error in the log).
    await waitFor(async () => {
      const failed = (await deliveries(endpointId)).filter((d) => d.status === 'failed' && d.error !== undefined);
      return ids.every((id) => failed.some((d) => d.messageId === id));
    }, 'a refused attempt of each message');
    expect(receiver.attempts).toHaveLength(0);
    await receiver.start();

    await waitFor(() => ids.every((id) => receiver.delivered().has(id)), 'the backlog delivered');
    expectAllVerified(receiver);
    for (const id of ids) expect(receiver.attemptsOf(id)).toHaveLength(1);
  });

  it('disables an endpoint answering 410, announces endpoint.disabled once and tells the admins', async () => {
    // A second endpoint of the tenant subscribes to endpoint.disabled: what the announcement carries.
    const watcher = await endpointFor(() => 204, ['endpoint.disabled']);
    const { receiver, endpointId } = await endpointFor(() => 410);

    await sendTests(endpointId, 2); // two messages failing at once: still one announcement
    await waitFor(async () => watcher.receiver.delivered().size > 0, 'endpoint.disabled delivered');
    await stack.idle();

    const endpoint = await api('GET', `/v1/webhook-endpoints/${endpointId}`);
    expect(endpoint.body).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    expectAllVerified(receiver);
    expectAllVerified(watcher.receiver);
    expect(watcher.receiver.attempts).toHaveLength(1);
    const announced = JSON.parse(watcher.receiver.attempts[0]?.body ?? '{}') as {
      type: string;
      data: { endpointId: string; reason: string };
    };
    expect(announced).toMatchObject({ type: 'endpoint.disabled', data: { endpointId, reason: 'gone' } });
    // A disabled endpoint takes no new messages.
    expect((await api('POST', `/v1/webhook-endpoints/${endpointId}/test`)).status).toBe(409);

    // Each admin of the tenant finds it in the in-app inbox, once; no one else, no other tenant.
    const inbox = async (tenantId: string, userId: string, roles: string[]) =>
      (await api('GET', '/v1/notifications', undefined, await token(tenantId, userId, roles))).body.items as {
        kind: string;
        title: string;
        body: string;
      }[];
    const adminInbox = (await inbox('acme', 'acme-admin', ['admin'])).filter((n) => n.kind === 'system');
    expect(adminInbox).toHaveLength(1);
    expect(adminInbox[0]?.body).toContain(receiver.url);
    expect((await inbox('acme', 'acme-dispatcher', ['dispatcher'])).filter((n) => n.kind === 'system')).toEqual([]);
    expect((await inbox('globex', 'globex-admin', ['admin'])).filter((n) => n.kind === 'system')).toEqual([]);
  });

  it('recovers the failed messages: replayed with their own webhook-ids once the receiver is fixed', async () => {
    let broken = true;
    const { receiver, endpointId } = await endpointFor(() => (broken ? 503 : 200));
    const since = new Date(Date.now() - 1000).toISOString();

    const ids = await sendTests(endpointId, 3);
    // The whole (shortened) schedule runs out: 7 attempts each, the last one with no next attempt.
    const attemptsEach = RETRY_DELAYS_MS.length + 1;
    await waitFor(async () => {
      const log = await deliveries(endpointId);
      return ids.every((id) =>
        log.some((d) => d.messageId === id && d.attempt === attemptsEach && d.status === 'failed'),
      );
    }, 'every message failed for good');
    const final = (await deliveries(endpointId)).filter((d) => d.attempt === attemptsEach);
    expect(final.every((d) => d.nextAttemptAt === undefined)).toBe(true);
    expect(receiver.delivered().size).toBe(0);

    broken = false;
    const recovered = await api('POST', `/v1/webhook-endpoints/${endpointId}/recover`, { since });
    expect(recovered.status).toBe(202);
    expect(recovered.body.recovered).toBe(3);
    expect(new Set(recovered.body.messageIds as string[])).toEqual(new Set(ids));

    await waitFor(() => ids.every((id) => receiver.delivered().has(id)), 'the recovered messages delivered');
    expectAllVerified(receiver);
    for (const id of ids) {
      expect(receiver.attemptsOf(id)).toHaveLength(attemptsEach + 1);
      expect(new Set(receiver.attemptsOf(id).map((a) => a.body)).size).toBe(1);
    }
    // Attempts continue their count across the recovery.
    const log = await deliveries(endpointId);
    for (const id of ids) {
      expect(log.find((d) => d.messageId === id && d.status === 'succeeded')?.attempt).toBe(attemptsEach + 1);
    }
  });

  it("does not delay one endpoint's deliveries while another endpoint hangs", async () => {
    const hanging = await endpointFor(() => 'hang');
    const healthy = await endpointFor(() => 204);

    const stuck = await sendTests(hanging.endpointId, 4);
    await waitFor(() => hanging.receiver.held === 4, 'the hanging endpoint holding 4 requests');

    const sentAt = Date.now();
    const ids = await sendTests(healthy.endpointId, 4);
    await waitFor(() => ids.every((id) => healthy.receiver.delivered().has(id)), 'the healthy endpoint served');
    const latest = Math.max(...healthy.receiver.attempts.map((a) => a.at)) - sentAt;

    // All delivered on the first attempt while every request to the other still hangs (it would
    // free nothing before its 15 s timeout); the bound is loose for a loaded 2-core machine.
    expect(hanging.receiver.held).toBe(4);
    expect(healthy.receiver.attempts).toHaveLength(4);
    expect(latest).toBeLessThan(5000);
    expectAllVerified(healthy.receiver);

    hanging.receiver.release(200);
    await waitFor(async () => {
      const log = await deliveries(hanging.endpointId);
      return stuck.every((id) => log.some((d) => d.messageId === id && d.status === 'succeeded'));
    }, 'the held requests answered 200 and logged as delivered');
    expectAllVerified(hanging.receiver);
  });
});
