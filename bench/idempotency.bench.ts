/**
 * Idempotency-Key cost on an alert lifecycle route (docs/adr/0062): the `changeAlert` handler
 * in-process over DynamoDB Local, a note without a key, with a fresh key (claim + use case +
 * completion) and the replay of a completed key (one failed conditional put, no use case).
 * `npx tsx bench/idempotency.bench.ts` prints this section alone.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { dynamoDbAlertRepository } from '../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import type { Alert } from '../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../functions/modules/alerts/domain/alert-id.js';
import { createChangeAlertHandler } from '../functions/modules/alerts/handlers/change-alert.handler.js';
import { systemClock } from '../functions/platform/clock.js';
import { dynamoDbIdempotencyStore } from '../functions/platform/idempotency/dynamodb-idempotency-store.js';
import { withBenchDynamo } from './bench-dynamo.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const SAMPLES = 200;
const WARM_UP = 30;

function noteEvent(alertId: string, text: string, key?: string): APIGatewayProxyEventV2WithJWTAuthorizer {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: 'bench-user', 'custom:tenantId': 'acme', 'cognito:groups': ['dispatcher'], token_use: 'id' };
  const token = `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
  return {
    version: '2.0',
    routeKey: 'POST /v1/alerts/{alertId}/notes',
    rawPath: `/v1/alerts/${alertId}/notes`,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    pathParameters: { alertId },
    requestContext: {
      http: { method: 'POST', path: `/v1/alerts/${alertId}/notes` },
      routeKey: 'POST /v1/alerts/{alertId}/notes',
      authorizer: { jwt: { claims: { ...claims, 'cognito:groups': '[dispatcher]' }, scopes: null } },
    },
    body: JSON.stringify({ text }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function run(): Promise<BenchSection> {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'; // no EMF document per request on stdout
  return withBenchDynamo(async ({ tables }) => {
    const { build } = await tables('bench-idem');
    const alerts = build(dynamoDbAlertRepository);
    const handler = createChangeAlertHandler({
      alerts,
      events: { publish: async () => {} },
      idempotency: build(dynamoDbIdempotencyStore),
      clock: systemClock,
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'bench', serviceName: 'bench' }),
      tracer: new Tracer({ serviceName: 'bench', enabled: false }),
      rateLimits: { consume: async () => ({ allowed: true, buckets: [] }) },
    });
    // One alert per sample, so every note appends to a short history as in normal use.
    const ts = new Date('2026-11-24T08:00:00.000Z');
    const alertIds: string[] = [];
    for (let i = 0; i < SAMPLES + WARM_UP; i++) {
      const at = new Date(ts.getTime() + i * 1000).toISOString();
      const alert: Alert = {
        tenantId: 'acme',
        alertId: alertIdFor('acme', `B-${i}`, 'engine-failure', at),
        vehicleId: `B-${i}`,
        type: 'ENGINE_FAILURE',
        ruleId: 'engine-failure',
        severity: 'CRITICAL',
        status: 'open',
        message: 'Engine failure',
        raisedAt: at,
        history: [{ at, by: 'system', action: 'raised' }],
      };
      await alerts.raiseIfNotOpen(alert);
      alertIds.push(alert.alertId);
    }
    // Interleaved per alert (no key, fresh key, replay), so load on the machine weighs on each row alike.
    const rows: Record<'plain' | 'fresh' | 'replay', number[]> = { plain: [], fresh: [], replay: [] };
    const time = async (into: number[], event: APIGatewayProxyEventV2WithJWTAuthorizer, keep: boolean) => {
      const start = performance.now();
      const result = await handler(event);
      const elapsed = performance.now() - start;
      if (result.statusCode !== 200) throw new Error(`bench request answered ${result.statusCode}`);
      if (keep) into.push(elapsed);
    };
    for (let i = 0; i < alertIds.length; i++) {
      const id = alertIds[i] as string;
      await time(rows.plain, noteEvent(id, 'plain'), i >= WARM_UP);
      await time(rows.fresh, noteEvent(id, 'keyed', `bench-${i}`), i >= WARM_UP);
      await time(rows.replay, noteEvent(id, 'keyed', `bench-${i}`), i >= WARM_UP);
    }
    const { plain, fresh, replay } = rows;
    const row = (what: string, t: number[]) => [
      what,
      t.length,
      quantile(t, 0.5).toFixed(2),
      quantile(t, 0.99).toFixed(2),
    ];
    return {
      title: 'Idempotency-Key on an alert lifecycle route',
      method:
        `The changeAlert handler in-process (middy chain, zod, DynamoDB Local over HTTP, a no-op bus) adding a note: ` +
        `${SAMPLES} requests per row after ${WARM_UP} warm-up, interleaved per alert, one at a time. "fresh key" claims the key ` +
        'and stores the response (two writes more); "replay" answers the stored response without running the use case.',
      table: markdownTable(
        ['request', 'n', 'p50 ms', 'p99 ms'],
        [row('note, no key', plain), row('note, fresh key', fresh), row('same key again (replay)', replay)],
      ),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  process.stdout.write(`## ${section.title}\n\n${section.method}\n\n${section.table}\n`);
}
