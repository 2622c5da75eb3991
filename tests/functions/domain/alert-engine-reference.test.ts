import { describe, expect, it } from 'vitest';
import { ruleStateView, type StateLayout } from '../../../functions/modules/alerts/domain/packed-state.js';
import type { Condition, GeofenceOn, Rule } from '../../../functions/modules/alerts/domain/rule.js';
import {
  compileRules,
  type EngineResult,
  evaluateReadings,
  type VehicleContext,
  type VehicleEvaluationState,
} from '../../../functions/modules/alerts/domain/rule-engine.js';
import type { Reading } from '../../../functions/modules/fleet/domain/reading.js';
import { seededRandom as prng } from '../../../local/simulator/vehicle-model.js';
import * as reference from './fixtures/reference-rule-engine.js';

/**
 * The engine against the one it replaced (fixtures/reference-rule-engine.ts, docs/adr/0127): on
 * random rule packs and random batches — several readings per vehicle, late and duplicate
 * readings, readings without a position or a sensor, rules scoped to vehicles named by several
 * rules, alerts marked open and cleared between batches as the use case does, states sometimes
 * round-tripped through JSON as the store does — both give the same firings, the same clearances
 * and the same stored states, batch after batch.
 */

const T0 = Date.parse('2026-11-22T14:00:00.000Z');
const CENTRE = { lat: 52.52, lng: 13.405 };
const VEHICLES = ['A', 'B', 'C', 'D', 'E', 'F'];

function randomPack(random: () => number): Rule[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const fence = (): Condition => {
    const on = pick<GeofenceOn>(['enter', 'exit', 'inside', 'outside']);
    const lat = CENTRE.lat + (random() - 0.5) * 0.02;
    const lng = CENTRE.lng + (random() - 0.5) * 0.03;
    if (random() < 0.5) return { geofence: { circle: { lat, lng, radiusM: 200 + random() * 800 } }, on };
    const r = 0.002 + random() * 0.004;
    const polygon = Array.from({ length: 6 }, (_, k) => {
      const angle = (k / 6) * 2 * Math.PI;
      return [lat + r * Math.sin(angle), lng + r * 1.6 * Math.cos(angle)] as [number, number];
    });
    return { geofence: { polygon }, on };
  };
  const threshold = (): Condition => ({
    metric: pick(['engineTemp', 'speed', 'fuelLevel'] as const),
    op: pick(['>', '>=', '<', '<=', '==', '!='] as const),
    value: pick([50, 60, 100]),
  });
  const leaf = (): Condition => {
    const x = random();
    if (x < 0.35) return fence();
    if (x < 0.75) return threshold();
    if (x < 0.85) return { maintenance: { everyKm: 5000 + Math.floor(random() * 6000), everyDays: 200 } };
    if (x < 0.93) return { model: 'failure', op: '>', value: 0.5 };
    return { model: 'driving_anomaly' };
  };
  const count = 4 + Math.floor(random() * 10);
  const rules: Rule[] = [];
  for (let i = 0; i < count; i++) {
    const x = random();
    const condition: Condition =
      x < 0.6 ? leaf() : x < 0.8 ? { all: [leaf(), leaf(), leaf()] } : { any: [leaf(), leaf()] };
    const scoped = random() < 0.4 ? VEHICLES.filter(() => random() < 0.4) : undefined;
    rules.push({
      ruleId: `r${i}`,
      name: `Rule ${i}`,
      type: `RULE_${i}`,
      severity: 'HIGH',
      enabled: random() < 0.9,
      condition,
      ...(scoped ? { vehicleIds: scoped } : {}),
      ...(random() < 0.4 ? { forSeconds: pick([5, 15, 40]) } : {}),
      ...(random() < 0.4 ? { autoResolveAfterSeconds: pick([0, 10, 30]) } : {}),
      ...(i > 0 && random() < 0.2 ? { supersedes: [`r${Math.floor(random() * i)}`] } : {}),
    });
  }
  return rules;
}

function randomBatch(random: () => number, batch: number): Reading[] {
  const readings: Reading[] = [];
  const size = 1 + Math.floor(random() * 14);
  for (let i = 0; i < size; i++) {
    // Mostly forward in event time, some late by up to 30 s, some exact duplicates of an instant.
    const second = batch * 10 + Math.floor(random() * 10) - (random() < 0.2 ? Math.floor(random() * 30) : 0);
    const reading: Record<string, unknown> = {
      vehicleId: VEHICLES[Math.floor(random() * VEHICLES.length)],
      ts: new Date(T0 + Math.max(0, second) * 1000).toISOString(),
    };
    if (random() < 0.8) {
      reading.lat = CENTRE.lat + (random() - 0.5) * 0.02;
      reading.lng = CENTRE.lng + (random() - 0.5) * 0.03;
    }
    if (random() < 0.7) reading.engineTemp = [40, 60, 100, 110][Math.floor(random() * 4)];
    if (random() < 0.7) reading.speed = [0, 50, 60, 120][Math.floor(random() * 4)];
    if (random() < 0.5) reading.fuelLevel = [10, 50, 60][Math.floor(random() * 3)];
    if (random() < 0.5) reading.odometer = 20_000 + batch * 50;
    readings.push(reading as unknown as Reading);
  }
  return readings;
}

function contexts(random: () => number, batch: readonly Reading[]): Map<string, VehicleContext> {
  const map = new Map<string, VehicleContext>();
  for (const vehicleId of VEHICLES) {
    if (random() < 0.2) continue; // some vehicles have no context at all
    map.set(vehicleId, {
      facts: { odometer: 14_000, lastService: { ts: '2026-06-01T00:00:00.000Z', odometer: 10_000 } },
      failureProbability: random(),
      anomalies: new Set(batch.filter(() => random() < 0.3).map((r) => Date.parse(r.ts))),
    });
  }
  return map;
}

type Normalised = Record<string, Record<string, Record<string, unknown>>>;

/** The engine's states as per-rule runs, sides, open and tried (empty parts left out), sorted. */
function stored(states: ReadonlyMap<string, VehicleEvaluationState>, layout: StateLayout): Normalised {
  const out: Normalised = {};
  for (const [vehicleId, state] of [...states].sort(([a], [b]) => a.localeCompare(b))) {
    const rules: Record<string, Record<string, unknown>> = {};
    const ids = new Set([...Object.keys(state.rules), ...layout.slots.map((s) => s.ruleId)]);
    for (const ruleId of [...ids].sort()) {
      const entry = { ...ruleStateView(state, layout, ruleId), ...state.rules[ruleId] };
      if (Object.keys(entry).length > 0) rules[ruleId] = entry;
    }
    out[vehicleId] = rules;
  }
  return out;
}

/** The same of the engine it replaced, whose states held those per rule, empty runs and sides included. */
function storedBefore(states: ReadonlyMap<string, reference.VehicleEvaluationState>): Normalised {
  const out: Normalised = {};
  for (const [vehicleId, state] of [...states].sort(([a], [b]) => a.localeCompare(b))) {
    const rules: Record<string, Record<string, unknown>> = {};
    for (const ruleId of Object.keys(state.rules).sort()) {
      const { run, geo, ...rest } = state.rules[ruleId] as reference.RuleState;
      const entry: Record<string, unknown> = { ...rest };
      if (run && (run.t !== 0 || run.f !== 0 || run.r.length > 0)) entry.run = run;
      if (geo && Object.keys(geo).length > 0) entry.geo = geo;
      if (Object.keys(entry).length > 0) rules[ruleId] = entry;
    }
    out[vehicleId] = rules;
  }
  return out;
}

const summary = (result: EngineResult) => ({
  firings: result.firings.map((f) => `${f.vehicleId}/${f.rule.ruleId}@${f.reading.ts}`),
  clearances: result.clearances,
});

describe('the engine against the one it replaced', () => {
  it('gives the same firings, clearances and stored states on random packs and batches', () => {
    let compared = 0;
    let fired = 0;
    let cleared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      // Prepare: one pack, two engines with their own state maps.
      const random = prng(seed);
      const pack = randomPack(random);
      const current = compileRules(pack);
      const before = reference.compileRules(pack);
      let mine = new Map<string, VehicleEvaluationState>();
      let theirs = new Map<string, reference.VehicleEvaluationState>();
      for (let b = 0; b < 25; b++) {
        const batch = randomBatch(random, b);
        const ctx = contexts(random, batch);

        // Act
        const got = summary(evaluateReadings(current, batch, mine, ctx));
        const want = summary(reference.evaluateReadings(before, batch, theirs, ctx));

        // Assess
        expect(got).toEqual(want);
        expect(stored(mine, current.layout)).toEqual(storedBefore(theirs));
        compared++;
        fired += want.firings.length;
        cleared += want.clearances.length;

        // The use case in between: some firings raise (the rule's state records the open alert),
        // clearances resolve; sometimes the states come back from the store as JSON.
        for (const firing of want.firings) {
          if (random() < 0.5) continue;
          const alertId = `${firing}#${b}`;
          // Where the engine it replaced kept a rule state: the rules whose `open` it reads.
          const [vehicleId = '', ruleId = ''] = firing.split('@')[0]?.split('/') ?? [];
          const st = theirs.get(vehicleId)?.rules[ruleId];
          if (!st) continue;
          st.open = alertId;
          const rules = mine.get(vehicleId)?.rules as Record<string, { open?: string }>;
          rules[ruleId] = { ...rules[ruleId], open: alertId };
        }
        for (const c of want.clearances) {
          for (const states of [mine, theirs]) delete states.get(c.vehicleId)?.rules[c.ruleId]?.open;
        }
        if (random() < 0.3) {
          mine = new Map(JSON.parse(JSON.stringify([...mine])));
          theirs = new Map(JSON.parse(JSON.stringify([...theirs])));
        }
      }
    }
    // The streams exercised what they are for.
    expect(compared).toBe(40 * 25);
    expect(fired).toBeGreaterThan(1000);
    expect(cleared).toBeGreaterThan(20);
  });
});

describe('rules per vehicle', () => {
  it('lists for each vehicle the unscoped rules and those naming it, in pack order', () => {
    // Prepare
    const rule = (ruleId: string, vehicleIds?: string[]): Rule => ({
      ruleId,
      name: ruleId,
      type: ruleId,
      severity: 'LOW',
      enabled: true,
      condition: { metric: 'speed', op: '>', value: 1 },
      ...(vehicleIds ? { vehicleIds } : {}),
    });

    // Act
    const compiled = compileRules([
      rule('all1'),
      rule('ab', ['A', 'B']),
      rule('all2'),
      rule('b', ['B']),
      { ...rule('off', ['A']), enabled: false },
    ]);
    const ids = (vehicleId: string) =>
      (compiled.byVehicle.get(vehicleId) ?? compiled.unscoped).map((c) => c.rule.ruleId);

    // Assess: a disabled rule names no one; a vehicle no rule names gets the unscoped list.
    expect(ids('A')).toEqual(['all1', 'ab', 'all2']);
    expect(ids('B')).toEqual(['all1', 'ab', 'all2', 'b']);
    expect(ids('Z')).toEqual(['all1', 'all2']);
    expect([...compiled.byVehicle.keys()].sort()).toEqual(['A', 'B']);
  });
});
