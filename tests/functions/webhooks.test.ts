import { Webhook } from 'standardwebhooks';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbDeliveryThrottle } from '../../functions/modules/webhooks/adapters/dynamodb-delivery-throttle.js';
import { dynamoDbEndpointRepository } from '../../functions/modules/webhooks/adapters/dynamodb-endpoint-repository.js';
import { dynamoDbMessageStore } from '../../functions/modules/webhooks/adapters/dynamodb-message-store.js';
import type { TransportResult } from '../../functions/modules/webhooks/domain/attempt-outcome.js';
import { urlRefusal } from '../../functions/modules/webhooks/domain/egress-rule.js';
import { SVIX_RETRY_DELAYS_MS } from '../../functions/modules/webhooks/domain/retry-schedule.js';
import { WEBHOOK_EVENTS } from '../../functions/modules/webhooks/events.js';
import { createWebhookDeliveriesHandler } from '../../functions/modules/webhooks/handlers/webhook-deliveries.handler.js';
import { createWebhookEndpointsHandler } from '../../functions/modules/webhooks/handlers/webhook-endpoints.handler.js';
import type { EndpointRepository } from '../../functions/modules/webhooks/ports/endpoint-repository.js';
import type { MessageStore } from '../../functions/modules/webhooks/ports/message-store.js';
import type { WebhookRequest, WebhookTransport } from '../../functions/modules/webhooks/ports/webhook-transport.js';
import { type AttemptOutcome, deliverMessage } from '../../functions/modules/webhooks/use-cases/deliver-message.js';
import type { DeliveryPorts } from '../../functions/modules/webhooks/use-cases/delivery-ports.js';
import { fanOut } from '../../functions/modules/webhooks/use-cases/fan-out.js';
import { EnvelopeFieldCipher } from '../../functions/platform/crypto/field-cipher.js';
import type { DurableTimer, TimerScheduler } from '../../functions/platform/timers/timer-scheduler.js';
import { LocalDataKeys } from '../../local/crypto/local-data-keys.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { FakeEventPublisher, FixedClock, testBasics } from '../support/fakes.js';

const admin = (tenantId = 'acme'): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });
const dispatcher: TestCaller = { tenantId: 'acme', userId: 'acme-dispatcher', roles: ['dispatcher'] };
const LOCAL_RULE = { allowLoopbackHttp: true };

/** Timers as a map of id → pending timer (the platform port's behaviour, without firing). */
class RecordingTimers implements TimerScheduler {
  readonly pending = new Map<string, DurableTimer>();
  async schedule(timer: DurableTimer) {
    this.pending.set(timer.id, timer);
  }
  async cancel(id: string) {
    this.pending.delete(id);
  }
}

/** A receiver answering from a script, recording what it got. */
class ScriptedTransport implements WebhookTransport {
  readonly requests: WebhookRequest[] = [];
  next: TransportResult[] = [];
  refusal(url: string) {
    return urlRefusal(LOCAL_RULE, url);
  }
  async send(request: WebhookRequest): Promise<TransportResult> {
    this.requests.push(request);
    return this.next.shift() ?? { kind: 'response', status: 200, body: 'ok', durationMs: 3 };
  }
}
const status = (
  code: number,
  extra: Partial<Extract<TransportResult, { kind: 'response' }>> = {},
): TransportResult => ({
  kind: 'response',
  status: code,
  body: `answer ${code}`,
  durationMs: 5,
  ...extra,
});

describe('outbound webhooks on DynamoDB Local', () => {
  let clock: FixedClock;
  let endpoints: EndpointRepository;
  let messages: MessageStore;
  let ports: DeliveryPorts;
  let timers: RecordingTimers;
  let events: FakeEventPublisher;
  let transport: ScriptedTransport;
  let handlers: {
    endpoints: ReturnType<typeof createWebhookEndpointsHandler>;
    deliveries: ReturnType<typeof createWebhookDeliveriesHandler>;
  };

  const call = (
    handler: keyof typeof handlers,
    caller: TestCaller,
    method: string,
    path: string,
    params: Record<string, string> = {},
    body?: unknown,
  ) =>
    handlers[handler]({
      ...httpEvent({ method, path, caller, ...(body === undefined ? {} : { body }) }),
      pathParameters: params,
    });
  const create = async (caller: TestCaller, body: unknown) =>
    jsonBody<{ endpointId: string; secret: string }>(
      await call('endpoints', caller, 'POST', '/v1/webhook-endpoints', {}, body),
    );
  const alertEvent = (id: string, tenantId = 'acme') => ({
    id,
    source: 'fleetops.alerts',
    detailType: 'alert.raised',
    time: clock.now(),
    detail: { tenantId, alertId: `alert-${id}`, severity: 'CRITICAL', vehicleId: 'TRK-101' },
  });
  /** Runs every due attempt of the recorded timers (a fired timer per message). */
  const fireDue = async () => {
    const due = [...timers.pending.values()].filter((t) => t.at.getTime() <= clock.now().getTime());
    const outcomes: AttemptOutcome[] = [];
    for (const timer of due) outcomes.push(await deliverMessage(ports, timer.payload as never));
    return outcomes;
  };

  beforeAll(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-02T09:00:00.000Z'));
    const parts = { client: db.documentClient, tableName: db.tables.webhooks as string, clock };
    endpoints = dynamoDbEndpointRepository.create(parts);
    messages = dynamoDbMessageStore.create(parts);
    const cipher = new EnvelopeFieldCipher(await LocalDataKeys.create());
    transport = new ScriptedTransport();
    timers = new RecordingTimers();
    events = new FakeEventPublisher();
    const basics = testBasics(clock);
    ports = {
      ...basics,
      endpoints,
      messages,
      throttle: dynamoDbDeliveryThrottle.create(parts),
      transport,
      cipher,
      timers,
      events,
      schedule: SVIX_RETRY_DELAYS_MS,
      random: () => 0.5,
    };
    handlers = {
      endpoints: createWebhookEndpointsHandler({ ...basics, endpoints, cipher, transport }),
      deliveries: createWebhookDeliveriesHandler({ ...basics, endpoints, messages, timers, events }),
    };
  });
  beforeEach(() => {
    transport.requests.length = 0;
    transport.next = [];
    events.published.length = 0;
    timers.pending.clear();
  });

  describe('the endpoint registry', () => {
    it('creates an endpoint with a whsec_ secret shown once, stored sealed, listed without it', async () => {
      // Act
      const response = await call(
        'endpoints',
        admin(),
        'POST',
        '/v1/webhook-endpoints',
        {},
        {
          url: 'http://127.0.0.1:9/hook',
          eventTypes: ['alert.raised', 'alert.raised', 'ticket.created'],
          description: 'board',
        },
      );

      // Assess
      expect(response.statusCode).toBe(201);
      expect(response.headers?.['cache-control']).toBe('no-store');
      const created = jsonBody<{ endpointId: string; secret: string; eventTypes: string[]; status: string }>(response);
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
      expect(created).toMatchObject({
        eventTypes: ['alert.raised', 'ticket.created'],
        status: 'enabled',
        rateLimitPerSecond: 10,
      });
      const stored = await endpoints.get('acme', created.endpointId);
      expect(JSON.stringify(stored)).not.toContain(created.secret);
      const listed = jsonBody<{ items: Record<string, unknown>[] }>(
        await call('endpoints', admin(), 'GET', '/v1/webhook-endpoints'),
      );
      expect(listed.items.map((i) => i.endpointId)).toContain(created.endpointId);
      expect(JSON.stringify(listed)).not.toContain('whsec_');
    });

    it('refuses bad input with 400 naming the field, and non-admins with 403', async () => {
      const bad = async (body: unknown) => {
        const response = await call('endpoints', admin(), 'POST', '/v1/webhook-endpoints', {}, body);
        return { status: response.statusCode, body: jsonBody<{ code: string; details: { path: string }[] }>(response) };
      };
      expect(await bad({ url: 'http://10.0.0.1/x', eventTypes: ['alert.raised'] })).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', details: [{ path: 'url' }] },
      });
      expect(await bad({ url: 'https://x.example', eventTypes: ['telemetry.received'] })).toMatchObject({
        status: 400,
      });
      expect(await bad({ url: 'https://x.example', eventTypes: [] })).toMatchObject({ status: 400 });
      const forbidden = await call('endpoints', dispatcher, 'GET', '/v1/webhook-endpoints');
      expect(forbidden.statusCode).toBe(403);
    });

    it('answers 404 for another tenant’s endpoint on every route, and changes nothing of it', async () => {
      // Prepare
      const { endpointId } = await create(admin('globex'), {
        url: 'https://hooks.globex.example/',
        eventTypes: ['alert.raised'],
      });
      const params = { endpointId };
      const base = `/v1/webhook-endpoints/{endpointId}`;
      const routes: [keyof typeof handlers, string, string, unknown?][] = [
        ['endpoints', 'GET', base],
        ['endpoints', 'PATCH', base, { description: 'mine now' }],
        ['endpoints', 'DELETE', base],
        ['endpoints', 'POST', `${base}/rotate-secret`],
        ['deliveries', 'POST', `${base}/test`],
        ['deliveries', 'GET', `${base}/deliveries`],
        ['deliveries', 'POST', `${base}/recover`, { since: '2026-12-01T00:00:00Z' }],
      ];

      // Act / Assess
      for (const [handler, method, path, body] of routes) {
        const response = await call(handler, admin('acme'), method, path, params, body);
        expect([`${method} ${path}`, response.statusCode]).toEqual([`${method} ${path}`, 404]);
        expect(jsonBody<{ code: string }>(response).code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
      }
      const replay = await call('deliveries', admin('acme'), 'POST', `${base}/deliveries/{messageId}/replay`, {
        endpointId,
        messageId: 'msg_01ABCDEFGHJKMNPQRSTV',
      });
      expect(replay.statusCode).toBe(404);
      expect(await endpoints.get('globex', endpointId)).toMatchObject({ rev: 1 });
      expect(timers.pending.size).toBe(0);
    });

    it('patches fields, disables by hand and re-enables, deletes', async () => {
      const { endpointId } = await create(admin(), { url: 'https://a.example/', eventTypes: ['alert.raised'] });
      const patch = async (body: unknown) =>
        jsonBody<Record<string, unknown>>(
          await call('endpoints', admin(), 'PATCH', '/v1/webhook-endpoints/{endpointId}', { endpointId }, body),
        );
      expect(await patch({ eventTypes: ['ticket.created'], rateLimitPerSecond: 3, enabled: false })).toMatchObject({
        eventTypes: ['ticket.created'],
        rateLimitPerSecond: 3,
        status: 'disabled',
        disabledReason: 'manual',
      });
      expect(await patch({ enabled: true })).toMatchObject({ status: 'enabled' });
      const removed = await call('endpoints', admin(), 'DELETE', '/v1/webhook-endpoints/{endpointId}', { endpointId });
      expect(removed.statusCode).toBe(204);
      expect(await endpoints.get('acme', endpointId)).toBeUndefined();
    });
  });

  describe('delivery', () => {
    it('fans out one message per subscribed endpoint of the tenant, once however often the event comes', async () => {
      // Prepare
      const a = await create(admin('initech'), { url: 'http://127.0.0.1:1/a', eventTypes: ['alert.raised'] });
      const b = await create(admin('initech'), {
        url: 'http://127.0.0.1:1/b',
        eventTypes: ['alert.raised', 'alert.resolved'],
      });
      await create(admin('initech'), { url: 'http://127.0.0.1:1/c', eventTypes: ['ticket.created'] });
      await create(admin('other'), { url: 'http://127.0.0.1:1/d', eventTypes: ['alert.raised'] });

      // Act
      const first = await fanOut(ports, alertEvent('e-fan', 'initech'));
      const handedOver = events.published.length;
      const again = await fanOut(ports, alertEvent('e-fan', 'initech'));
      await fireDue(); // nothing is due yet: the lease timers are 20 s ahead
      for (const event of events.published) await deliverMessage(ports, (event.detail as { payload: never }).payload);

      // Assess
      expect(first).toBe(2);
      expect(handedOver).toBe(2);
      expect(again).toBe(2); // a redelivery hands over again what has not had its first attempt…
      expect(transport.requests.map((r) => r.url).sort()).toEqual([
        // …but each message is attempted once: the claim is conditional.
        'http://127.0.0.1:1/a',
        'http://127.0.0.1:1/b',
      ]);
      const ids = transport.requests.map((r) => r.headers['webhook-id']);
      expect(new Set(ids).size).toBe(2);
      expect(JSON.parse(transport.requests[0]?.body ?? '{}')).toMatchObject({
        type: 'alert.raised',
        timestamp: clock.now().toISOString(),
        data: { alertId: 'alert-e-fan' },
      });
      expect(JSON.parse(transport.requests[0]?.body ?? '{}').data.tenantId).toBeUndefined();
      expect(a.endpointId).not.toBe(b.endpointId);
      expect(await fanOut(ports, alertEvent('e-fan', 'initech'))).toBe(0); // delivered: nothing more
    });

    it('retries on the Svix schedule with one webhook-id, signed so the reference library verifies each attempt', async () => {
      // Prepare
      const { endpointId, secret } = await create(admin('retry'), {
        url: 'http://127.0.0.1:1/r',
        eventTypes: ['alert.raised'],
      });
      transport.next = [status(500), { kind: 'error', error: 'ECONNREFUSED', durationMs: 1 }, status(302), status(200)];
      await fanOut(ports, alertEvent('e-retry', 'retry'));
      const timerId = [...timers.pending.keys()][0] as string;

      // Act: the first attempt, then each timer when it falls due
      const outcomes = [await deliverMessage(ports, timers.pending.get(timerId)?.payload as never)];
      const waits: number[] = [];
      while (timers.pending.has(timerId)) {
        const at = timers.pending.get(timerId)?.at as Date;
        waits.push(at.getTime() - clock.now().getTime());
        clock.advance(at.getTime() - clock.now().getTime());
        outcomes.push(...(await fireDue()));
      }

      // Assess
      expect(outcomes).toEqual(['retrying', 'retrying', 'retrying', 'succeeded']);
      expect(waits).toEqual(SVIX_RETRY_DELAYS_MS.slice(0, 3));
      const ids = new Set(transport.requests.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      for (const request of transport.requests) {
        // The reference library checks the timestamp against the wall clock: verify as of the attempt.
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(Number(request.headers['webhook-timestamp']) * 1000);
        try {
          expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({ type: 'alert.raised' });
        } finally {
          vi.useRealTimers();
        }
      }
      expect(new Set(transport.requests.map((r) => r.headers['webhook-timestamp'])).size).toBe(4);
      const log = jsonBody<{ items: Record<string, unknown>[] }>(
        await call('deliveries', admin('retry'), 'GET', '/v1/webhook-endpoints/{endpointId}/deliveries', {
          endpointId,
        }),
      );
      expect(log.items.map((i) => [i.attempt, i.status, i.responseStatus ?? null])).toEqual([
        [4, 'succeeded', 200],
        [3, 'failed', 302],
        [2, 'failed', null],
        [1, 'failed', 500],
      ]);
      expect(log.items[3]).toMatchObject({ responseBody: 'answer 500', durationMs: 5, eventType: 'alert.raised' });
      expect(log.items[3]?.nextAttemptAt).toBeDefined();
      expect(log.items[2]).toMatchObject({ error: 'ECONNREFUSED' });
      expect((await endpoints.get('retry', endpointId))?.failingSince).toBeUndefined();
    });

    it('honours Retry-After on 429 and 503 as a floor', async () => {
      await create(admin('busy'), { url: 'http://127.0.0.1:1/b', eventTypes: ['alert.raised'] });
      transport.next = [status(429, { retryAfter: '120' })];
      await fanOut(ports, alertEvent('e-busy', 'busy'));
      const [timer] = [...timers.pending.values()];
      await deliverMessage(ports, timer?.payload as never);
      const next = [...timers.pending.values()][0]?.at as Date;
      expect(next.getTime() - clock.now().getTime()).toBe(120_000);
    });

    it('410 disables the endpoint, fails the message and publishes endpoint.disabled once', async () => {
      // Prepare
      const { endpointId } = await create(admin('gone'), { url: 'http://127.0.0.1:1/g', eventTypes: ['alert.raised'] });
      transport.next = [status(410)];
      await fanOut(ports, alertEvent('e-gone-1', 'gone'));
      await fanOut(ports, alertEvent('e-gone-2', 'gone'));
      const payloads = [...timers.pending.values()].map((t) => t.payload);

      // Act
      const outcomes = [];
      for (const payload of payloads) outcomes.push(await deliverMessage(ports, payload as never));

      // Assess
      expect(outcomes).toEqual(['disabled', 'dropped']);
      expect(transport.requests).toHaveLength(1);
      expect(await endpoints.get('gone', endpointId)).toMatchObject({ disabledReason: 'gone' });
      const disabled = events.published.filter((e) => e.detailType === WEBHOOK_EVENTS.endpointDisabled);
      expect(disabled).toHaveLength(1);
      expect(disabled[0]?.detail).toMatchObject({ tenantId: 'gone', endpointId, reason: 'gone' });
      expect(timers.pending.size).toBe(0);
      const test = await call('deliveries', admin('gone'), 'POST', '/v1/webhook-endpoints/{endpointId}/test', {
        endpointId,
      });
      expect(test.statusCode).toBe(409);
    });

    it('disables an endpoint failing for 5 days without a success', async () => {
      const { endpointId } = await create(admin('down'), { url: 'http://127.0.0.1:1/d', eventTypes: ['alert.raised'] });
      transport.next = [status(500), status(500)];
      await fanOut(ports, alertEvent('e-down-1', 'down'));
      await fireDue(); // nothing due
      await deliverMessage(ports, [...timers.pending.values()][0]?.payload as never);
      expect((await endpoints.get('down', endpointId))?.failingSince).toBe(clock.now().toISOString());
      clock.advance(5 * 24 * 3_600_000);
      await fanOut(ports, alertEvent('e-down-2', 'down'));
      // The first message's retry (5 s later) and the new message: both fail, now 5 days on.
      const outcomes = await Promise.all(
        [...timers.pending.values()].map((t) => deliverMessage(ports, t.payload as never)),
      );
      expect(outcomes).toContain('disabled');
      expect(await endpoints.get('down', endpointId)).toMatchObject({ disabledReason: 'failing' });
      expect(events.published.filter((e) => e.detailType === WEBHOOK_EVENTS.endpointDisabled)).toHaveLength(1);
    });

    it('gives up after the eighth attempt; recover replays the failed message with the same webhook-id', async () => {
      // Prepare
      const { endpointId } = await create(admin('flaky'), {
        url: 'http://127.0.0.1:1/f',
        eventTypes: ['alert.raised'],
      });
      const since = clock.now().toISOString();
      transport.next = Array.from({ length: 8 }, () => status(503));
      await fanOut(ports, alertEvent('e-flaky', 'flaky'));
      let outcome = await deliverMessage(ports, [...timers.pending.values()][0]?.payload as never);
      while (timers.pending.size > 0) {
        clock.advance(([...timers.pending.values()][0]?.at.getTime() ?? 0) - clock.now().getTime());
        [outcome] = (await fireDue()) as [typeof outcome];
      }
      expect(outcome).toBe('failed');
      expect(transport.requests).toHaveLength(8);

      // Act
      const recovered = await call(
        'deliveries',
        admin('flaky'),
        'POST',
        '/v1/webhook-endpoints/{endpointId}/recover',
        { endpointId },
        { since },
      );
      const [handedOver] = events.published.filter((e) => e.detailType === WEBHOOK_EVENTS.attemptDue).slice(-1);
      const again = await deliverMessage(ports, (handedOver?.detail as { payload: never }).payload);

      // Assess
      expect(recovered.statusCode).toBe(202);
      expect(jsonBody(recovered)).toMatchObject({ recovered: 1 });
      expect(again).toBe('succeeded');
      expect(new Set(transport.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
      const messageId = transport.requests[0]?.headers['webhook-id'] as string;
      const replay = await call(
        'deliveries',
        admin('flaky'),
        'POST',
        '/v1/webhook-endpoints/{endpointId}/deliveries/{messageId}/replay',
        { endpointId, messageId },
      );
      expect(replay.statusCode).toBe(202);
      expect(await messages.get('flaky', endpointId, messageId)).toMatchObject({
        status: 'pending',
        attempts: 9,
        roundStart: 9,
      });
    });

    it('during a rotation signs every delivery with both secrets', async () => {
      const { endpointId, secret: old } = await create(admin('rot'), {
        url: 'http://127.0.0.1:1/x',
        eventTypes: ['alert.raised'],
      });
      const rotated = jsonBody<{ secret: string; previousSecretRetiresAt: string }>(
        await call('endpoints', admin('rot'), 'POST', '/v1/webhook-endpoints/{endpointId}/rotate-secret', {
          endpointId,
        }),
      );
      await fanOut(ports, alertEvent('e-rot', 'rot'));
      await deliverMessage(ports, [...timers.pending.values()][0]?.payload as never);
      const [request] = transport.requests;
      expect(request?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
      expect(Date.parse(rotated.previousSecretRetiresAt) - clock.now().getTime()).toBe(24 * 3_600_000);
      expect(old).not.toBe(rotated.secret);
    });

    it('throttles per endpoint: past its rate an attempt waits for a later second, another endpoint is untouched', async () => {
      // Prepare
      const slow = await create(admin('thr'), {
        url: 'http://127.0.0.1:1/s',
        eventTypes: ['alert.raised'],
        rateLimitPerSecond: 2,
      });
      await create(admin('thr'), { url: 'http://127.0.0.1:1/t', eventTypes: ['alert.raised'], rateLimitPerSecond: 50 });
      for (let i = 0; i < 5; i++) await fanOut(ports, alertEvent(`e-thr-${i}`, 'thr'));
      const due = [...timers.pending.values()];

      // Act
      const outcomes = await Promise.all(due.map((t) => deliverMessage(ports, t.payload as never)));

      // Assess
      const bySlow = due.map((t, i) => [t.id.includes(slow.endpointId), outcomes[i]] as const);
      expect(bySlow.filter(([s, o]) => s && o === 'succeeded')).toHaveLength(2);
      expect(bySlow.filter(([s, o]) => s && o === 'throttled')).toHaveLength(3);
      expect(bySlow.filter(([s, o]) => !s && o === 'succeeded')).toHaveLength(5);
      const waiting = [...timers.pending.values()];
      expect(waiting).toHaveLength(3);
      for (const t of waiting) expect(t.at.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(1000);
    });
  });
});
