/**
 * Alert engine throughput (C3): the pure domain engine alone, in this process's one thread, on
 * the default pack plus 50 tenant rules (20 of them geofences), beside the engine of main
 * (bench/fixtures/legacy-alert-engine.ts) on its own default pack, on the same readings in the
 * same run. `npm run bench` collects it; a throwaway runner can print it alone.
 */
import os from 'node:os';
import { DEFAULT_RULE_PACK } from '../functions/modules/alerts/domain/default-rule-pack.js';
import type { Condition, Rule } from '../functions/modules/alerts/domain/rule.js';
import {
  type CompiledRules,
  compileRules,
  evaluateReadings,
  type VehicleContext,
  type VehicleEvaluationState,
} from '../functions/modules/alerts/domain/rule-engine.js';
import type { Reading } from '../functions/modules/fleet/domain/reading.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';
import { candidateAlerts, DEFAULT_RULE_PACK as LEGACY_PACK } from './fixtures/legacy-alert-engine.js';

const VEHICLES = 500;
const BATCH = 500;
const READINGS_PER_PASS = 200_000;
const PASSES = 5;
const CENTRE = { lat: 52.52, lng: 13.405 };

/** A small deterministic PRNG, so every run evaluates the same readings. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 50 tenant rules: 10 circle and 10 polygon geofences, 15 thresholds, 10 compounds, 5 maintenance. */
function tenantRules(random: () => number): Rule[] {
  const rules: Rule[] = [];
  const some = (n: number) => Array.from({ length: n }, (_, i) => `TRK-${Math.floor(random() * VEHICLES) + i}`);
  const add = (condition: Condition, extra: Partial<Rule> = {}) =>
    rules.push({
      ruleId: `rule_${rules.length}`,
      name: `Tenant rule ${rules.length}`,
      type: `TENANT_${rules.length}`,
      severity: 'MEDIUM',
      enabled: true,
      condition,
      ...extra,
    });
  const near = () => ({ lat: CENTRE.lat + (random() - 0.5) * 0.2, lng: CENTRE.lng + (random() - 0.5) * 0.3 });
  for (let i = 0; i < 10; i++) {
    add(
      { geofence: { circle: { ...near(), radiusM: 300 + random() * 3000 } }, on: i % 2 ? 'exit' : 'enter' },
      { ...(i < 5 ? { vehicleIds: some(20) } : {}), cooldownSeconds: 600 },
    );
  }
  for (let i = 0; i < 10; i++) {
    const c = near();
    const polygon = Array.from({ length: 8 }, (_, k) => {
      const angle = (k / 8) * 2 * Math.PI;
      const r = 0.01 + random() * 0.02;
      return [c.lat + r * Math.sin(angle), c.lng + r * 1.6 * Math.cos(angle)] as [number, number];
    });
    add(
      { geofence: { polygon }, on: (['enter', 'exit', 'inside', 'outside'] as const)[i % 4] ?? 'inside' },
      i < 5 ? { vehicleIds: some(20) } : {},
    );
  }
  const metrics = ['engineTemp', 'oilPressure', 'speed', 'rpm', 'fuelLevel', 'batteryVoltage', 'acceleration'] as const;
  const limits = {
    engineTemp: 102,
    oilPressure: 20,
    speed: 100,
    rpm: 4200,
    fuelLevel: 15,
    batteryVoltage: 12,
    acceleration: 3.5,
  };
  for (let i = 0; i < 15; i++) {
    const metric = metrics[i % metrics.length] as (typeof metrics)[number];
    const low = metric === 'oilPressure' || metric === 'fuelLevel' || metric === 'batteryVoltage';
    add(
      { metric, op: low ? '<' : '>', value: limits[metric] },
      {
        ...(i % 2 === 0 ? { forSeconds: 30 + 30 * (i % 5) } : {}),
        ...(i % 3 === 0 ? { autoResolveAfterSeconds: 300 } : {}),
      },
    );
  }
  for (let i = 0; i < 10; i++) {
    const form = i % 2 === 0 ? 'all' : 'any';
    add(
      {
        [form]: [
          { metric: 'speed', op: '>', value: 80 + i },
          { metric: 'engineTemp', op: '>', value: 98 + i },
          ...(i % 3 === 0 ? [{ metric: 'rpm', op: '>=', value: 3800 } as const] : []),
        ],
      } as unknown as Condition,
      i % 2 === 0 ? { forSeconds: 60 } : {},
    );
  }
  for (let i = 0; i < 5; i++) add({ maintenance: { everyKm: 10_000 + i * 5000, everyDays: 180 + i * 30 } });
  return rules;
}

/** Batches of 500 readings, 5 s apart per vehicle, every sensor present, a random walk around Berlin. */
function batches(random: () => number, count: number): Reading[][] {
  const positions = Array.from({ length: VEHICLES }, () => ({
    lat: CENTRE.lat + (random() - 0.5) * 0.2,
    lng: CENTRE.lng + (random() - 0.5) * 0.3,
    speed: 50,
  }));
  const t0 = Date.parse('2026-11-22T06:00:00.000Z');
  const out: Reading[][] = [];
  let n = 0;
  for (let b = 0; b < count; b++) {
    const batch: Reading[] = [];
    for (let i = 0; i < BATCH; i++, n++) {
      const v = n % VEHICLES;
      const p = positions[v] as { lat: number; lng: number; speed: number };
      p.lat += (random() - 0.5) * 0.002;
      p.lng += (random() - 0.5) * 0.003;
      p.speed = Math.max(0, Math.min(140, p.speed + (random() - 0.5) * 12));
      batch.push({
        vehicleId: `TRK-${v}`,
        ts: new Date(t0 + Math.floor(n / VEHICLES) * 5000).toISOString(),
        engineTemp: 85 + random() * 20,
        oilPressure: 25 + random() * 30,
        speed: p.speed,
        rpm: 800 + p.speed * 30 + random() * 400,
        fuelLevel: 5 + random() * 90,
        batteryVoltage: 11.9 + random() * 2,
        acceleration: (random() - 0.5) * 6,
        lat: p.lat,
        lng: p.lng,
        odometer: 20_000 + v * 37 + n * 0.01,
      });
    }
    out.push(batch);
  }
  return out;
}

function contexts(): Map<string, VehicleContext> {
  const map = new Map<string, VehicleContext>();
  for (let v = 0; v < VEHICLES; v++) {
    map.set(`TRK-${v}`, {
      facts: {
        odometer: 20_000 + v * 37,
        engineHours: 900,
        lastService: { ts: '2026-06-01T00:00:00.000Z', odometer: 12_000 + v * 30, engineHours: 700 },
      },
      failureProbability: 0.05,
      anomalies: new Set(),
    });
  }
  return map;
}

interface Measured {
  readonly perSecond: number[];
  readonly firings: number;
}

/**
 * Runs an engine over the batches for PASSES passes (after a warm-up), returning readings/s per
 * pass. Each pass and the warm-up get an engine with empty evaluation state: the same engine run
 * twice over the same readings would see every reading of the second pass as late (event time
 * going back), which takes the out-of-order paths and never moves a geofence side.
 */
function measure(
  data: readonly Reading[][],
  engineWithEmptyState: () => (batch: readonly Reading[]) => number,
): Measured {
  const warmUp = engineWithEmptyState();
  for (const batch of data.slice(0, 100)) warmUp(batch); // JIT, state maps, geofence marks
  const perSecond: number[] = [];
  let firings = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    firings = 0;
    const evaluate = engineWithEmptyState();
    const start = performance.now();
    for (const batch of data) firings += evaluate(batch);
    perSecond.push((data.length * BATCH) / ((performance.now() - start) / 1000));
  }
  return { perSecond, firings };
}

function engine(compiled: CompiledRules, ctx: Map<string, VehicleContext>) {
  const states = new Map<string, VehicleEvaluationState>();
  return (batch: readonly Reading[]) => evaluateReadings(compiled, batch, states, ctx).firings.length;
}

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function run(): Promise<BenchSection> {
  const random = prng(2026);
  const tenant = tenantRules(random);
  const data = batches(random, READINGS_PER_PASS / BATCH);
  const full = compileRules([...DEFAULT_RULE_PACK, ...tenant]);
  const defaults = compileRules(DEFAULT_RULE_PACK);
  const raisedAt = '2026-11-22T14:00:00.000Z';

  const legacy = measure(data, () => (batch) => candidateAlerts('acme', batch, LEGACY_PACK, raisedAt).length);
  const defaultOnly = measure(data, () => engine(defaults, contexts()));
  const withTenant = measure(data, () => engine(full, contexts()));

  const row = (what: string, rules: number, m: Measured) => [
    what,
    rules,
    Math.round(quantile(m.perSecond, 0.5)).toLocaleString('en-US'),
    Math.round(Math.max(...m.perSecond)).toLocaleString('en-US'),
    (1e9 / quantile(m.perSecond, 0.5)).toFixed(0),
    m.firings.toLocaleString('en-US'),
  ];
  const table = markdownTable(
    ['engine', 'rules', 'readings/s (median of 5)', 'readings/s (best)', 'ns / reading', 'firings per pass'],
    [
      row('before (main): rule DSL + candidateAlerts, default pack', LEGACY_PACK.length, legacy),
      row('now: compiled engine, default pack', DEFAULT_RULE_PACK.length, defaultOnly),
      row(
        'now: compiled engine, default pack + 50 tenant rules (20 geofences)',
        DEFAULT_RULE_PACK.length + tenant.length,
        withTenant,
      ),
    ],
  );
  const method = [
    `The pure domain engine alone (no DynamoDB, no models, no bus), in one Node ${process.version} thread on ${os.cpus()[0]?.model ?? 'an unknown CPU'}.`,
    `Input: ${READINGS_PER_PASS.toLocaleString('en-US')} readings per pass in batches of ${BATCH} (the ingest maximum), ${VEHICLES} vehicles each reporting every 5 s in event time, every sensor present, positions on a random walk around Berlin; the same readings for every engine (seeded PRNG).`,
    'Tenant rules: 10 circle geofences (enter/exit) and 10 eight-vertex polygons (enter/exit/inside/outside), half of each scoped to 20 vehicles; 15 thresholds (8 with forSeconds, 5 with autoResolveAfterSeconds); 10 all/any compounds (5 with forSeconds); 5 maintenance intervals. Every vehicle has service facts, a failure probability and an (empty) anomaly set, as the use case would supply.',
    'The new engine keeps its evaluation state (runs, geofence sides) in memory across batches, as the use case loads and saves it per batch; "before" is the engine of main (commit d076436), copied to bench/fixtures/legacy-alert-engine.ts, building its candidate alerts (with their SHA-256 ids) as it did.',
    `One warm-up of 100 batches, then ${PASSES} timed passes, each by an engine with empty evaluation state (so every pass sees event time move forward, as ingest does); readings/s = readings / wall time of a pass. Firings are per pass, before the repository's one-open-alert lock.`,
  ].join(' ');
  return { title: 'Alert engine throughput (C3)', method, table };
}
