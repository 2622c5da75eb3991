/**
 * Local stack benchmarks (issue #2):
 * 1. the local gateway's overhead, as a ratio to a bare node:http server that calls the same
 *    handler with a prebuilt event, measured in the same run against the same DynamoDB Local;
 * 2. ingest → `alert.raised` latency at a steady rate: POST a fault, time until the frame
 *    reaches a dispatcher's WebSocket.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import WebSocket from 'ws';
import { createListAlertsHandler } from '../functions/alerts/list-alerts.handler.js';
import { startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const LOAD_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const LOAD_CONCURRENCY = 8;
const WARMUP_REQUESTS = 200;
const INGEST_RATE_PER_S = Number(process.env.BENCH_INGEST_RATE ?? 20);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 15);

interface LoadResult {
  readonly latenciesMs: number[];
  readonly requestsPerSecond: number;
}

function httpJson(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function tokenFor(baseUrl: string, tenantId: string, roles: string[]): Promise<string> {
  const res = await httpJson(`${baseUrl}/dev/token`, 'POST', { tenantId, userId: `bench-${roles[0]}`, roles });
  const token = (res.json as { token?: string }).token;
  if (!token) throw new Error(`POST /dev/token answered ${res.status}`);
  return token;
}

/** Closed-loop load: `concurrency` workers each send the next request when the last returns. */
async function load(
  url: string,
  headers: Record<string, string>,
  total: number,
  concurrency: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let next = 0;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const start = performance.now();
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode} from ${url}`));
          latenciesMs.push(performance.now() - start);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await once();
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return { latenciesMs, requestsPerSecond: (total / elapsed) * 1000 };
}

const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: 'bench',
  logGroupName: 'bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

/** The event API Gateway would send for GET /v1/alerts, built once: the bare server's "gateway". */
function prebuiltListEvent(tenantId: string): APIGatewayProxyEventV2WithJWTAuthorizer {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: 'GET /v1/alerts',
    rawPath: '/v1/alerts',
    rawQueryString: 'limit=25',
    headers: { host: '127.0.0.1' },
    queryStringParameters: { limit: '25' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'GET', path: '/v1/alerts', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: 'GET /v1/alerts',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: {
            sub: 'bench-dispatcher',
            'custom:tenantId': tenantId,
            'cognito:groups': '[dispatcher]',
            token_use: 'id',
          },
          scopes: [],
        },
      },
    },
  };
}

function summarise(result: LoadResult): [string, string, string] {
  return [
    result.requestsPerSecond.toFixed(0),
    quantile(result.latenciesMs, 0.5).toFixed(2),
    quantile(result.latenciesMs, 0.99).toFixed(2),
  ];
}

export default async function run(): Promise<BenchSection> {
  const stack = await startLocalStack({ port: 0, simulator: false, logLevel: 'ERROR' });
  try {
    const tenantId = 'acme';
    const dispatcherToken = await tokenFor(stack.url, tenantId, ['dispatcher']);
    const partnerToken = await tokenFor(stack.url, tenantId, ['partner']);

    // --- 1. gateway overhead -------------------------------------------------------------
    const listAlerts = createListAlertsHandler(stack.deps);
    const event = prebuiltListEvent(tenantId);
    const bare = createServer(async (_req, res) => {
      const result = await listAlerts(event, lambdaContext);
      res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json' });
      res.end(result.body);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1/alerts?limit=25`;
    const gatewayUrl = `${stack.url}/v1/alerts?limit=25`;
    const auth = { authorization: `Bearer ${dispatcherToken}` };
    await load(bareUrl, {}, WARMUP_REQUESTS, LOAD_CONCURRENCY);
    await load(gatewayUrl, auth, WARMUP_REQUESTS, LOAD_CONCURRENCY);
    // Interleave the two twice so drift (JIT, DynamoDB Local's JVM) hits both alike.
    const bareRuns: LoadResult[] = [];
    const gatewayRuns: LoadResult[] = [];
    for (let round = 0; round < 2; round++) {
      bareRuns.push(await load(bareUrl, {}, LOAD_REQUESTS / 2, LOAD_CONCURRENCY));
      gatewayRuns.push(await load(gatewayUrl, auth, LOAD_REQUESTS / 2, LOAD_CONCURRENCY));
    }
    bare.close();
    const merge = (runs: LoadResult[]): LoadResult => ({
      latenciesMs: runs.flatMap((r) => r.latenciesMs),
      requestsPerSecond: runs.reduce((s, r) => s + r.requestsPerSecond, 0) / runs.length,
    });
    const bareResult = merge(bareRuns);
    const gatewayResult = merge(gatewayRuns);
    const ratio = (a: LoadResult, b: LoadResult, q: number) =>
      (quantile(a.latenciesMs, q) / quantile(b.latenciesMs, q)).toFixed(2);

    // --- 2. ingest → alert.raised latency ------------------------------------------------
    const ws = new WebSocket(`${stack.wsUrl}?token=${encodeURIComponent(dispatcherToken)}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { type: string; data?: { vehicleId?: string } };
      const vehicleId = frame.data?.vehicleId;
      if (frame.type !== 'alert.raised' || !vehicleId) return;
      const sentAt = pending.get(vehicleId);
      if (sentAt !== undefined) {
        latencies.push(performance.now() - sentAt);
        pending.delete(vehicleId);
      }
    });
    const samples = INGEST_RATE_PER_S * INGEST_SECONDS;
    const runId = randomUUID().slice(0, 6).toUpperCase();
    const started = performance.now();
    const posts: Promise<unknown>[] = [];
    for (let i = 0; i < samples; i++) {
      const due = started + (i * 1000) / INGEST_RATE_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // A fresh vehicle per sample: one open alert per (vehicle, rule) would otherwise dedupe it.
      const vehicleId = `BENCH-${runId}-${i}`;
      pending.set(vehicleId, performance.now());
      posts.push(
        httpJson(
          `${stack.url}/v1/telemetry`,
          'POST',
          { readings: [{ vehicleId, ts: new Date().toISOString(), engineTemp: 120, oilPressure: 10 }] },
          { authorization: `Bearer ${partnerToken}` },
        ),
      );
    }
    await Promise.all(posts);
    const deadline = performance.now() + 10_000;
    while (pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    const lost = pending.size;

    const table = [
      markdownTable(
        ['GET /v1/alerts (limit 25)', 'req/s', 'p50 ms', 'p99 ms'],
        [
          ['bare node:http + same handler, prebuilt event', ...summarise(bareResult)],
          ['local gateway (JWT verify + event mapping)', ...summarise(gatewayResult)],
          [
            'ratio gateway / bare',
            `${(bareResult.requestsPerSecond / gatewayResult.requestsPerSecond).toFixed(2)} (throughput)`,
            ratio(gatewayResult, bareResult, 0.5),
            ratio(gatewayResult, bareResult, 0.99),
          ],
        ],
      ),
      '',
      markdownTable(
        ['ingest → alert.raised on WebSocket', 'samples', 'p50 ms', 'p99 ms', 'max ms', 'not received'],
        [
          [
            `${INGEST_RATE_PER_S} faults/s for ${INGEST_SECONDS} s`,
            latencies.length,
            quantile(latencies, 0.5).toFixed(1),
            quantile(latencies, 0.99).toFixed(1),
            Math.max(...latencies).toFixed(1),
            lost,
          ],
        ],
      ),
    ].join('\n');
    return {
      title: 'Local stack: gateway overhead and ingest → alert latency',
      method: [
        `Gateway overhead: ${LOAD_REQUESTS} GET /v1/alerts requests per server after ${WARMUP_REQUESTS} warm-up requests, closed loop with ${LOAD_CONCURRENCY} keep-alive connections, client in the same process.`,
        'The bare server is a plain `node:http` server that calls the same `listAlerts` handler with an API Gateway event built once, against the same DynamoDB Local;',
        'the gateway path adds what the local stack does per request (JWT signature check, payload-2.0 event mapping, route match, response mapping). The two are interleaved in two rounds.',
        `Ingest latency: one fault reading per POST /v1/telemetry at a steady ${INGEST_RATE_PER_S}/s (open loop), each for a new vehicle so every one raises an alert;`,
        "latency runs from just before the POST is sent to the `alert.raised` frame arriving on a dispatcher's WebSocket (ingest handler → DynamoDB → in-process bus → alert engine → bus → dispatcher → management API → socket).",
      ].join(' '),
      table,
    };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  process.stdout.write(`${section.table}\n`);
  process.exit(0);
}
