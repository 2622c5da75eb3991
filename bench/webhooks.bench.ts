/**
 * Webhook benchmarks (issue #11) on the local stack, only the webhooks and integrations modules
 * mounted (no alert, notification or search handler competes for the two cores):
 * 1. outbound deliveries/s: BENCH_WEBHOOK_MESSAGES `alert.raised` events put on the bus, fanned out
 *    to BENCH_WEBHOOK_ENDPOINTS endpoints (each at the contract's most, 100/s) on receivers on
 *    127.0.0.1 that verify every request with `standardwebhooks`; throughput from the first publish
 *    to the last verified 2xx, and each message's publish → receipt latency;
 * 2. inbound verify → event: BENCH_INBOUND_MESSAGES Standard-Webhooks-signed fuel-card messages
 *    POSTed to `/v1/webhooks/inbound/{partnerId}`, from the request to `fuel.transaction` on the bus.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { ulid } from 'ulid';
import { integrationsModule } from '../functions/modules/integrations/module.js';
import { webhooksModule } from '../functions/modules/webhooks/module.js';
import type { EventTrigger } from '../functions/platform/wiring/declaration.js';
import { defineFunction } from '../functions/platform/wiring/declaration.js';
import { startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const MESSAGES = Number(process.env.BENCH_WEBHOOK_MESSAGES ?? 200);
const ENDPOINTS = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 4);
const INBOUND = Number(process.env.BENCH_INBOUND_MESSAGES ?? 200);
const INBOUND_CONCURRENCY = 4;

interface Receiver {
  readonly server: Server;
  url: string;
  secret: string;
  unverified: number;
}

/** A receiver that verifies with the reference library and records when each message arrived. */
async function receiver(arrivals: Map<string, number>): Promise<Receiver> {
  const self: Receiver = { server: createServer(), url: '', secret: '', unverified: 0 };
  self.server.on('request', async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      new Webhook(self.secret).verify(body, request.headers as Record<string, string>);
    } catch {
      self.unverified++;
      response.writeHead(401).end();
      return;
    }
    const alertId = (JSON.parse(body) as { data: { alertId: string } }).data.alertId;
    if (!arrivals.has(alertId)) arrivals.set(alertId, Date.now());
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
  self.url = `http://127.0.0.1:${(self.server.address() as AddressInfo).port}/hook`;
  return self;
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`webhooks bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export default async function webhooksBench(): Promise<BenchSection> {
  // The observer of part 2: when each inbound message's event reached the bus.
  const events = new Map<string, number>();
  const trigger: EventTrigger = {
    kind: 'event',
    pattern: { source: ['fleetops.integrations'], 'detail-type': ['fuel.transaction'] },
  };
  const observer = defineFunction({
    name: 'benchInboundObserver',
    description: 'bench: records fuel.transaction events',
    entry: 'tests/infra/fixtures/noop.lambda.ts',
    triggers: [trigger],
    bindings: {},
    factory: () => async () => undefined,
  });
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    simulator: false,
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'SILENT',
    tablePrefix: `benchwh${randomBytes(3).toString('hex')}`,
    functions: [...webhooksModule.functions, ...integrationsModule.functions],
    allowLoopbackWebhooks: true,
  });
  stack.bus.addTarget({
    declaration: observer,
    trigger,
    invoke: async (event) => {
      const detail = (event as EventBridgeEvent<string, { messageId: string }>).detail;
      if (!events.has(detail.messageId)) events.set(detail.messageId, Date.now());
    },
  });
  const receivers: Receiver[] = [];
  try {
    const admin = await stack.issuer.issue({ tenantId: 'acme', userId: 'acme-admin', roles: ['admin'] });
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${stack.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    // 1. Outbound.
    const arrivals = Array.from({ length: ENDPOINTS }, () => new Map<string, number>());
    for (const seen of arrivals) {
      const r = await receiver(seen);
      receivers.push(r);
      const created = await post('/v1/webhook-endpoints', {
        url: r.url,
        eventTypes: ['alert.raised'],
        rateLimitPerSecond: 100,
      });
      if (created.status !== 201) throw new Error(`webhooks bench: endpoint not created (${created.status})`);
      r.secret = created.body.secret as string;
    }
    const published = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < MESSAGES; i += 10) {
      const batch = Array.from({ length: Math.min(10, MESSAGES - i) }, (_, j) => {
        const raisedAt = new Date().toISOString();
        const alertId = ulid();
        published.set(alertId, Date.now());
        return {
          source: 'fleetops.alerts',
          detailType: 'alert.raised',
          detail: {
            tenantId: 'acme',
            alertId,
            vehicleId: `TRK-${1000 + i + j}`,
            type: 'ENGINE_FAILURE',
            severity: 'HIGH',
            status: 'open',
            message: 'bench alert',
            raisedAt,
          },
        };
      });
      await stack.bus.publish(batch);
    }
    await until(
      () => arrivals.every((seen) => seen.size === MESSAGES),
      'every outbound delivery',
      // A generous bound: the figure is the rate, and a loaded machine is slower, not wrong.
      60_000 + MESSAGES * ENDPOINTS * 250,
    );
    const lastArrival = Math.max(...arrivals.flatMap((seen) => [...seen.values()]));
    const deliveries = MESSAGES * ENDPOINTS;
    const perSecond = deliveries / ((lastArrival - started) / 1000);
    const outboundLatencies = arrivals.flatMap((seen) =>
      [...seen.entries()].map(([alertId, at]) => at - (published.get(alertId) as number)),
    );
    const unverified = receivers.reduce((n, r) => n + r.unverified, 0);
    if (unverified > 0) throw new Error(`webhooks bench: ${unverified} deliveries did not verify`);
    await stack.idle();

    // 2. Inbound verify → event.
    const partner = await post('/v1/partners', { name: 'Bench fuel', kind: 'fuel_card', scheme: 'standard-webhooks' });
    if (partner.status !== 201) throw new Error(`webhooks bench: partner not created (${partner.status})`);
    const signer = new Webhook(partner.body.secret as string);
    const inboundLatencies: number[] = [];
    for (let i = 0; i < INBOUND; i += INBOUND_CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(INBOUND_CONCURRENCY, INBOUND - i) }, async (_, j) => {
          const messageId = `msg_bench${i + j}${randomBytes(4).toString('hex')}`;
          const body = JSON.stringify({
            type: 'fuel.transaction',
            data: {
              transactionId: `tx-${messageId}`,
              cardId: 'card-7',
              vehicleId: 'TRK-101',
              at: new Date().toISOString(),
              lat: 48.8566,
              lng: 2.3522,
              litres: 60,
              amount: 99.5,
              currency: 'EUR',
              merchant: 'Bench',
            },
          });
          const now = new Date();
          const sentAt = Date.now();
          const response = await fetch(`${stack.url}/v1/webhooks/inbound/${partner.body.partnerId as string}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'webhook-id': messageId,
              'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
              'webhook-signature': signer.sign(messageId, now, body),
            },
            body,
          });
          if (response.status !== 202) throw new Error(`webhooks bench: inbound answered ${response.status}`);
          await until(() => events.has(messageId), 'an inbound event', 30_000);
          inboundLatencies.push((events.get(messageId) as number) - sentAt);
        }),
      );
    }

    const ms = (v: number) => v.toFixed(1);
    const row = (label: string, samples: number[]) => [
      label,
      samples.length,
      ms(quantile(samples, 0.5)),
      ms(quantile(samples, 0.95)),
      ms(quantile(samples, 0.99)),
      ms(Math.max(...samples)),
    ];
    const table = [
      markdownTable(
        ['measure', 'value'],
        [[`outbound deliveries/s (${deliveries} to ${ENDPOINTS} endpoints)`, perSecond.toFixed(1)]],
      ),
      '',
      markdownTable(
        ['measure', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          row('outbound: alert.raised on the bus → verified at the receiver', outboundLatencies),
          row('inbound: signed POST → fuel.transaction on the bus', inboundLatencies),
        ],
      ),
    ].join('\n');
    return {
      title: 'Webhooks: outbound deliveries/s, inbound verify → event',
      method: `Local stack in memory (own DynamoDB Local), simulator off, only the webhooks and integrations modules mounted, each function running at most 8 event invocations at once (the local stand-in for Lambda's queue of asynchronous invocations). Outbound: ${MESSAGES} alert.raised events published 10 per PutEvents as fast as the bus takes them, fanned out to ${ENDPOINTS} endpoints (throttle 100/s each, the contract's most) on receivers on 127.0.0.1 verifying each request with the standardwebhooks package and answering 204; deliveries/s from the first publish to the last verified delivery (fan-out, message store, durable timer, claim, signing, HTTP, attempt log included). Inbound: ${INBOUND} fuel-card messages signed by standardwebhooks, ${INBOUND_CONCURRENCY} in flight, from the POST to fuel.transaction on the bus (verification, de-duplication, raw message stored, DynamoDB stream poll, normalisation). The stream poll interval (250 ms locally; Lambda's event source mapping polls continuously) dominates the inbound figure.`,
      table,
    };
  } finally {
    for (const r of receivers) await new Promise((resolve) => r.server.close(resolve));
    await stack.stop();
  }
}
