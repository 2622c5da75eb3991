/**
 * Evaluation of a fleet whose faults persist (docs/adr/0130): the evaluateAlerts handler in-process
 * over DynamoDB Local, every vehicle of each batch still reporting the conditions whose alerts are
 * open. "now" drops those firings after one batched read of their locks; the baseline, measured in
 * the same run on another tenant, is the same handler with that read answering "no lock held", so
 * every firing goes to the raise transaction as before. `npx tsx bench/persisting-faults.bench.ts`
 * prints this section alone.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { dynamoDbAlertRepository } from '../functions/modules/alerts/adapters/dynamodb-alert-repository.js';
import { dynamoDbEvaluationStateStore } from '../functions/modules/alerts/adapters/dynamodb-evaluation-state-store.js';
import { dynamoDbRuleStore } from '../functions/modules/alerts/adapters/dynamodb-rule-store.js';
import { createEvaluateAlertsHandler } from '../functions/modules/alerts/handlers/evaluate-alerts.handler.js';
import type { AlertRepository } from '../functions/modules/alerts/ports/alert-repository.js';
import { dynamoDbFleetRepository } from '../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import type { Reading, TelemetryReceived } from '../functions/modules/fleet/domain/reading.js';
import { systemClock } from '../functions/platform/clock.js';
import { busEvent } from '../tests/support/api-gateway-events.js';
import { withBenchDynamo } from './bench-dynamo.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';
import { onEveryCommand, perUnit, total } from './command-counts.js';

const VEHICLES = 20;
const WARM_UP = 5;
const BATCHES = 60;
const T0 = Date.parse('2026-11-22T14:00:00.000Z');

/** Hot, speeding, low on fuel and battery: four default rules hold on every reading. */
function reading(vehicle: number, batch: number): Reading {
  return {
    vehicleId: `TRK-${vehicle}`,
    ts: new Date(T0 + batch * 5000).toISOString(),
    engineTemp: 108,
    oilPressure: 40,
    speed: 130,
    fuelLevel: 5,
    batteryVoltage: 11.2,
  };
}

/** The bus event of one batch: every vehicle's reading at the batch's instant. */
function event(tenantId: string, batch: number) {
  const readings = Array.from({ length: VEHICLES }, (_, v) => reading(v, batch));
  return busEvent<TelemetryReceived>('fleetops.telemetry', 'telemetry.received', {
    tenantId,
    batchId: `${tenantId}-${batch}`,
    readings,
  });
}

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function run(): Promise<BenchSection> {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  return withBenchDynamo(async ({ client, tables }) => {
    const { build } = await tables('bench-persist');
    const alerts = build(dynamoDbAlertRepository);
    const deps = {
      alerts,
      evaluations: build(dynamoDbEvaluationStateStore),
      ruleStore: build(dynamoDbRuleStore),
      fleet: build(dynamoDbFleetRepository),
      failures: { predict: async () => [] },
      anomalies: { detect: async () => [] },
      events: { publish: async () => {} },
      clock: systemClock,
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'bench', serviceName: 'bench' }),
      tracer: new Tracer({ serviceName: 'bench', enabled: false }),
    };
    // The baseline: no lock is ever reported held, so each firing tries its raise transaction.
    const noneHeld: AlertRepository = Object.create(alerts, { heldLocks: { value: async () => new Map() } });
    const variants = [
      { name: 'now: firings of open alerts dropped after one lock read', tenant: 'now', deps },
      { name: 'before: every firing tries to raise', tenant: 'before', deps: { ...deps, alerts: noneHeld } },
    ].map((v) => ({
      ...v,
      handler: createEvaluateAlertsHandler(v.deps),
      times: [] as number[],
      commands: new Map<string, number>(),
    }));
    let counting: Map<string, number> | undefined;
    onEveryCommand(client, (name) => {
      if (counting) counting.set(name, (counting.get(name) ?? 0) + 1);
    });
    // Interleaved batch by batch, so load on the machine weighs on both alike.
    for (let b = 0; b < WARM_UP + BATCHES; b++) {
      for (const v of variants) {
        const measured = b >= WARM_UP;
        counting = measured ? v.commands : undefined;
        const start = performance.now();
        await v.handler(event(v.tenant, b));
        if (measured) v.times.push(performance.now() - start);
        counting = undefined;
      }
    }
    const table = markdownTable(
      ['evaluation', 'batches', 'DynamoDB commands per batch', 'p50 ms', 'p99 ms'],
      variants.map((v) => [
        v.name,
        v.times.length,
        `${(total(v.commands) / v.times.length).toFixed(1)} (${perUnit(v.commands, v.times.length, 1)})`,
        quantile(v.times, 0.5).toFixed(1),
        quantile(v.times, 0.99).toFixed(1),
      ]),
    );
    return {
      title: 'Alert evaluation while faults persist',
      method:
        `The evaluateAlerts handler in-process (zod, the rules cache, the real alert, evaluation-state, rule and fleet adapters on DynamoDB Local over HTTP; no failure or anomaly model, a no-op bus), ` +
        `default pack. Each batch holds one reading for each of ${VEHICLES} vehicles, 5 s of event time after the last, all hot, speeding, low on fuel and low on battery, so four rules fire on every reading while their alerts stay open. ` +
        `${WARM_UP} warm-up batches (the first raises the alerts), then ${BATCHES} measured, one at a time, the two rows interleaved batch by batch on their own tenants. ` +
        `"before" is this handler with the lock read answering "none held", i.e. the behaviour before docs/adr/0130: each firing runs the raise transaction, which fails on the held lock and reads it.`,
      table,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  process.stdout.write(`## ${section.title}\n\n${section.method}\n\n${section.table}\n`);
}
