/**
 * Local stack benchmarks (issue #2):
 * 1. the local gateway's overhead, as a ratio to a bare node:http server that calls the same
 *    handler with a prebuilt event, measured in the same run against the same DynamoDB Local;
 * (ingest → `alert.raised` latency moved to bench/ingest.bench.ts, which seeds the vehicles it uses).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { createListAlertsHandler, listAlerts } from '../functions/modules/alerts/handlers/list-alerts.handler.js';
import { FUNCTIONS } from '../functions/modules/registry.js';
import { decodeJwtPayload } from '../functions/platform/auth/identity.js';
import { dynamoDbRateLimitSettings } from '../functions/platform/rate-limit/dynamodb-rate-limiter.js';
import type { FunctionDeclaration } from '../functions/platform/wiring/declaration.js';
import { ROLES } from '../functions/platform/wiring/roles.js';
import { localDeps } from '../local/local-deps.js';
import { startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';
import { createEchoHandler } from './fixtures/echo.handler.js';

/** The bench measures throughput, not the rate limiter's refusals (docs/adr/0114): its tenant is on a plan far above the load. */
const BENCH_RATE_LIMITS = {
  plan: 'enterprise',
  overrides: {
    tenant: { capacity: 1_000_000, refillPerSecond: 100_000 },
    client: { capacity: 1_000_000, refillPerSecond: 100_000 },
  },
} as const;

/** Mounted beside the real functions for this run only, never declared in a module. */
const ECHO: FunctionDeclaration = {
  name: 'benchEcho',
  description: 'Benchmark only: answers at once, so the gateway overhead is what is measured',
  entry: 'bench/fixtures/echo.handler.ts',
  triggers: [{ kind: 'http', method: 'GET', path: '/bench/echo', roles: ROLES }],
  bindings: {},
  factory: createEchoHandler,
};

const LOAD_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const LOAD_CONCURRENCY = 8;
const WARMUP_REQUESTS = 200;

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

/**
 * The event API Gateway would send for `GET <path>?limit=25`, built once: the bare server's
 * "gateway". It carries the bearer token as API Gateway passes it on, and the authorizer's
 * flattened claims of that token (the handler reads the token's own claims and checks they match).
 */
function prebuiltEvent(path: string, auth: Record<string, string>): APIGatewayProxyEventV2WithJWTAuthorizer {
  const now = Date.now();
  const token = (auth.authorization ?? '').replace(/^Bearer /, '');
  const payload = decodeJwtPayload(token) ?? {};
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : [];
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: 'limit=25',
    headers: { host: '127.0.0.1', authorization: `Bearer ${token}` },
    queryStringParameters: { limit: '25' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: { ...payload, 'cognito:groups': `[${groups.join(' ')}]` } as Record<string, string>,
          scopes: [],
        },
      },
    },
  };
}

interface Comparison {
  readonly bare: LoadResult;
  readonly gateway: LoadResult;
}

type AnyHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<{ statusCode?: number; body?: string }>;

/**
 * Serves the same handler twice: from a bare node:http server with an event built once, and through
 * the local gateway (token check, event mapping, routing). Interleaved in two rounds so drift
 * (JIT, DynamoDB Local's JVM) hits both alike.
 */
async function compare(
  stackUrl: string,
  path: string,
  handler: AnyHandler,
  auth: Record<string, string>,
): Promise<Comparison> {
  const event = prebuiltEvent(path, auth);
  const bare = createServer(async (_req, res) => {
    const result = await handler(event, lambdaContext);
    res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json' });
    res.end(result.body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${path}?limit=25`;
  const gatewayUrl = `${stackUrl}${path}?limit=25`;
  await load(bareUrl, {}, WARMUP_REQUESTS, LOAD_CONCURRENCY);
  await load(gatewayUrl, auth, WARMUP_REQUESTS, LOAD_CONCURRENCY);
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
  return { bare: merge(bareRuns), gateway: merge(gatewayRuns) };
}

function rows(route: string, c: Comparison): (string | number)[][] {
  const ratio = (q: number) => (quantile(c.gateway.latenciesMs, q) / quantile(c.bare.latenciesMs, q)).toFixed(2);
  return [
    [route, 'bare node:http, prebuilt event', ...summarise(c.bare)],
    [route, 'local gateway', ...summarise(c.gateway)],
    [
      route,
      '**ratio gateway / bare**',
      `${(c.bare.requestsPerSecond / c.gateway.requestsPerSecond).toFixed(2)} (inverse throughput)`,
      ratio(0.5),
      ratio(0.99),
    ],
  ];
}

function summarise(result: LoadResult): [string, string, string] {
  return [
    result.requestsPerSecond.toFixed(0),
    quantile(result.latenciesMs, 0.5).toFixed(2),
    quantile(result.latenciesMs, 0.99).toFixed(2),
  ];
}

export default async function run(): Promise<BenchSection> {
  const stack = await startLocalStack({
    port: 0,
    simulator: false,
    logLevel: 'ERROR',
    functions: [...FUNCTIONS, ECHO],
  });
  try {
    const tenantId = 'acme';
    await stack.repository(dynamoDbRateLimitSettings).saveSettings(tenantId, BENCH_RATE_LIMITS);
    const dispatcherToken = await tokenFor(stack.url, tenantId, ['dispatcher']);

    // --- 1. gateway overhead -------------------------------------------------------------
    const auth = { authorization: `Bearer ${dispatcherToken}` };
    const echo = await compare(stack.url, '/bench/echo', createEchoHandler(), auth);
    const list = await compare(
      stack.url,
      '/v1/alerts',
      createListAlertsHandler(localDeps(listAlerts, stack.parts, stack.logger)),
      auth,
    );

    const table = [
      markdownTable(
        ['route', 'server', 'req/s', 'p50 ms', 'p99 ms'],
        [...rows('GET /bench/echo (no work)', echo), ...rows('GET /v1/alerts (limit 25, DynamoDB Local)', list)],
      ),
    ].join('\n');
    return {
      title: 'Local stack: gateway overhead',
      method: [
        `Gateway overhead: for each route, ${LOAD_REQUESTS} requests per server after ${WARMUP_REQUESTS} warm-up requests, closed loop with ${LOAD_CONCURRENCY} keep-alive connections, client in the same process.`,
        'The bare server is a plain `node:http` server calling the same handler with an API Gateway event built once; the local gateway adds what it does per request',
        '(RS256 signature check, payload-2.0 event mapping, route match, response mapping, request log line). The two are interleaved in two rounds.',
        '`/bench/echo` is a bench-only handler that does no work, so its ratio is the overhead itself; `GET /v1/alerts` shows it beside a real handler querying DynamoDB Local.',
        'Ingest → alert latency is measured with the ingest benchmarks (bench/ingest.bench.ts), on vehicles of the fleet.',
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
