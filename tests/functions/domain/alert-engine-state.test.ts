import { describe, expect, it } from 'vitest';
import { drivingWindows, emptySpeedBuffer } from '../../../functions/modules/alerts/domain/driving-windows.js';
import { messageOf } from '../../../functions/modules/alerts/domain/firing-message.js';
import type { MaintenanceFacts } from '../../../functions/modules/alerts/domain/maintenance.js';
import { heldForAt, observeAt, RUN_SIZE } from '../../../functions/modules/alerts/domain/packed-run.js';
import type { Condition, Rule } from '../../../functions/modules/alerts/domain/rule.js';
import {
  compileRules,
  evaluateReadings,
  type VehicleContext,
  type VehicleEvaluationState,
} from '../../../functions/modules/alerts/domain/rule-engine.js';
import type { Reading } from '../../../functions/modules/fleet/domain/reading.js';

const T0 = Date.parse('2026-11-22T14:00:00.000Z');
const iso = (second: number) => new Date(T0 + second * 1000).toISOString();
const r = (second: number, values: Partial<Reading> = {}, vehicleId = 'TRK-101'): Reading => ({
  vehicleId,
  ts: iso(second),
  ...values,
});
const rule = (condition: Condition, extra: Partial<Rule> = {}): Rule => ({
  ruleId: 'r1',
  name: 'Rule one',
  type: 'RULE_ONE',
  severity: 'HIGH',
  enabled: true,
  condition,
  ...extra,
});

/** Runs batches in order against one state map; returns the seconds of the readings that fired, per batch. */
function engine(rules: Rule[], contexts: ReadonlyMap<string, VehicleContext> = new Map()) {
  const compiled = compileRules(rules);
  const states = new Map<string, VehicleEvaluationState>();
  return {
    states,
    batch(readings: Reading[]) {
      const result = evaluateReadings(compiled, readings, states, contexts);
      return {
        fired: result.firings.map((f) => (Date.parse(f.reading.ts) - T0) / 1000),
        clearances: result.clearances,
      };
    },
    markOpen(alertId: string, vehicleId = 'TRK-101', ruleId = 'r1') {
      const state = states.get(vehicleId);
      if (!state) throw new Error('no state yet');
      state.rules[ruleId] = { ...state.rules[ruleId], open: alertId };
    },
  };
}

const hot = { metric: 'engineTemp', op: '>=', value: 105 } as const;

/** A packed run on its own, with the object form's names (the engine keeps it at an offset). */
const emptyRun = () => new Float64Array(RUN_SIZE);
const observe = (run: Float64Array, ts: number, value: boolean) => observeAt(run, 0, ts, value);
const heldFor = (run: Float64Array, value: boolean) => heldForAt(run, 0, value);

describe('condition runs (event time, out of order)', () => {
  it('measures how long the condition has held, and restarts on a false', () => {
    const run = emptyRun();
    observe(run, 1000, true);
    observe(run, 4000, true);
    expect(heldFor(run, true)).toBe(3000);
    observe(run, 5000, false);
    expect(heldFor(run, true)).toBe(0);
    expect(heldFor(run, false)).toBe(0);
    observe(run, 9000, false);
    expect(heldFor(run, false)).toBe(4000);
  });

  it('a late true before the run extends it backwards; a late false inside it cuts it', () => {
    const run = emptyRun();
    observe(run, 5000, true);
    observe(run, 9000, true);
    observe(run, 2000, true);
    expect(heldFor(run, true)).toBe(7000);
    // Cool at 6 s: the run now starts at the first hot reading after it.
    observe(run, 6000, false);
    expect(heldFor(run, true)).toBe(0);
    observe(run, 10_000, true);
    expect(heldFor(run, true)).toBe(1000);
  });

  it('is idempotent: a duplicate observation changes nothing', () => {
    const run = emptyRun();
    observe(run, 1000, true);
    observe(run, 3000, true);
    const copy = structuredClone(run);
    observe(run, 3000, true);
    observe(run, 1000, true);
    expect(run).toEqual(copy);
  });

  it('never overestimates after dropping instants of a long run', () => {
    const run = emptyRun();
    for (let s = 0; s <= 100; s++) observe(run, s * 1000, true);
    observe(run, 50_500, false);
    expect(heldFor(run, true)).toBeGreaterThan(0);
    expect(heldFor(run, true)).toBeLessThanOrEqual(49_500);
  });
});

describe('forSeconds', () => {
  it('fires once the condition has held that long in event time, not before', () => {
    const e = engine([rule(hot, { forSeconds: 30 })]);
    expect(e.batch([r(0, { engineTemp: 110 }), r(10, { engineTemp: 110 })]).fired).toEqual([]);
    expect(e.batch([r(20, { engineTemp: 110 })]).fired).toEqual([]);
    expect(e.batch([r(30, { engineTemp: 111 })]).fired).toEqual([30]);
  });

  it('restarts after a reading where it does not hold', () => {
    const e = engine([rule(hot, { forSeconds: 30 })]);
    e.batch([r(0, { engineTemp: 110 }), r(20, { engineTemp: 90 }), r(25, { engineTemp: 110 })]);
    expect(e.batch([r(40, { engineTemp: 110 })]).fired).toEqual([]);
    expect(e.batch([r(55, { engineTemp: 110 })]).fired).toEqual([55]);
  });

  it('is robust to out-of-order readings: a late cool reading inside the run delays the firing', () => {
    const e = engine([rule(hot, { forSeconds: 30 })]);
    e.batch([r(0, { engineTemp: 110 }), r(25, { engineTemp: 110 })]);
    // The reading of second 15 arrives late: the engine was cool then.
    e.batch([r(15, { engineTemp: 80 })]);
    expect(e.batch([r(45, { engineTemp: 110 })]).fired).toEqual([]);
    expect(e.batch([r(55, { engineTemp: 110 })]).fired).toEqual([55]);
  });

  it('is robust to out-of-order readings: a late hot reading extends the run back', () => {
    const e = engine([rule(hot, { forSeconds: 30 })]);
    e.batch([r(20, { engineTemp: 110 })]);
    expect(e.batch([r(40, { engineTemp: 110 }), r(5, { engineTemp: 110 })]).fired).toEqual([40]);
  });

  it('ignores readings that do not carry the metric: a GPS-only reading does not break the run', () => {
    const e = engine([rule(hot, { forSeconds: 20 })]);
    e.batch([r(0, { engineTemp: 110 }), r(10, { lat: 1, lng: 1 })]);
    expect(e.batch([r(20, { engineTemp: 110 })]).fired).toEqual([20]);
  });
});

describe('geofences', () => {
  const depot = { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } };
  const zone = {
    polygon: [
      [52.0, 13.0],
      [52.0, 13.1],
      [52.1, 13.1],
      [52.1, 13.0],
    ] as [number, number][],
  };
  const inDepot = { lat: 52.5201, lng: 13.4051 };
  const outOfDepot = { lat: 52.53, lng: 13.405 }; // ~1.1 km north
  const inZone = { lat: 52.05, lng: 13.05 };
  const outOfZone = { lat: 52.05, lng: 13.15 };

  it('circle exit fires on the crossing only, not while outside nor on the first position', () => {
    const e = engine([rule({ geofence: depot, on: 'exit' })]);
    expect(e.batch([r(0, outOfDepot)]).fired).toEqual([]);
    expect(e.batch([r(5, inDepot), r(10, inDepot)]).fired).toEqual([]);
    expect(e.batch([r(15, outOfDepot), r(20, outOfDepot)]).fired).toEqual([15]);
    expect(e.batch([r(25, outOfDepot)]).fired).toEqual([]);
  });

  it('polygon enter fires when the vehicle crosses into the zone', () => {
    const e = engine([rule({ geofence: zone, on: 'enter' })]);
    expect(e.batch([r(0, outOfZone), r(5, outOfZone)]).fired).toEqual([]);
    expect(e.batch([r(10, inZone)]).fired).toEqual([10]);
    expect(e.batch([r(15, outOfZone), r(20, inZone)]).fired).toEqual([20]);
  });

  it('a late position cannot invent a crossing', () => {
    const e = engine([rule({ geofence: depot, on: 'exit' })]);
    e.batch([r(0, inDepot), r(10, inDepot)]);
    expect(e.batch([r(5, outOfDepot)]).fired).toEqual([]);
    expect(e.batch([r(15, inDepot)]).fired).toEqual([]);
  });

  it('inside / outside hold while the vehicle is there', () => {
    const inside = engine([rule({ geofence: zone, on: 'inside' })]);
    const outside = engine([rule({ geofence: depot, on: 'outside' })]);
    expect(inside.batch([r(0, inZone)]).fired).toEqual([0]);
    expect(inside.batch([r(5, outOfZone)]).fired).toEqual([]);
    expect(outside.batch([r(0, outOfDepot)]).fired).toEqual([0]);
    expect(outside.batch([r(5, inDepot)]).fired).toEqual([]);
  });

  it('exit with forSeconds fires once the vehicle has stayed outside that long', () => {
    const e = engine([rule({ geofence: depot, on: 'exit' }, { forSeconds: 60 })]);
    e.batch([r(0, inDepot), r(10, outOfDepot)]);
    expect(e.batch([r(40, outOfDepot)]).fired).toEqual([]);
    expect(e.batch([r(70, outOfDepot)]).fired).toEqual([70]);
  });

  it('combines with thresholds: leaving the depot above 30 km/h', () => {
    const e = engine([
      rule({
        all: [
          { geofence: depot, on: 'exit' },
          { metric: 'speed', op: '>', value: 30 },
        ],
      }),
    ]);
    e.batch([r(0, { ...inDepot, speed: 10 })]);
    expect(e.batch([r(5, { ...outOfDepot, speed: 20 })]).fired).toEqual([]);
    e.batch([r(10, { ...inDepot, speed: 10 })]);
    expect(e.batch([r(15, { ...outOfDepot, speed: 50 })]).fired).toEqual([15]);
  });

  it('keeps the side per vehicle', () => {
    const e = engine([rule({ geofence: depot, on: 'exit' })]);
    e.batch([r(0, inDepot, 'TRK-1'), r(0, outOfDepot, 'TRK-2')]);
    const result = evaluateReadings(
      compileRules([rule({ geofence: depot, on: 'exit' })]),
      [r(5, outOfDepot, 'TRK-1'), r(5, outOfDepot, 'TRK-2')],
      e.states,
    );
    expect(result.firings.map((f) => f.vehicleId)).toEqual(['TRK-1']);
  });
});

describe('auto-resolve', () => {
  it('yields a clearance once an open alert’s condition has been clear that long', () => {
    const e = engine([rule(hot, { autoResolveAfterSeconds: 60 })]);
    expect(e.batch([r(0, { engineTemp: 110 })]).fired).toEqual([0]);
    e.markOpen('ALERT-1');
    expect(e.batch([r(10, { engineTemp: 90 }), r(40, { engineTemp: 90 })]).clearances).toEqual([]);
    expect(e.batch([r(70, { engineTemp: 90 })]).clearances).toEqual([
      { vehicleId: 'TRK-101', ruleId: 'r1', alertId: 'ALERT-1', at: T0 + 70_000 },
    ]);
  });

  it('a late hot reading inside the clear period restarts it', () => {
    const e = engine([rule(hot, { autoResolveAfterSeconds: 60 })]);
    e.batch([r(0, { engineTemp: 110 })]);
    e.markOpen('ALERT-1');
    e.batch([r(10, { engineTemp: 90 }), r(50, { engineTemp: 90 })]);
    e.batch([r(30, { engineTemp: 110 })]);
    // Clear again from 50 s on: 60 s later, not 60 s after 10 s.
    expect(e.batch([r(75, { engineTemp: 90 })]).clearances).toEqual([]);
    expect(e.batch([r(109, { engineTemp: 90 })]).clearances).toEqual([]);
    expect(e.batch([r(110, { engineTemp: 90 })]).clearances).toHaveLength(1);
  });

  it('yields nothing for a rule without an open alert, or without autoResolveAfterSeconds', () => {
    const withOption = engine([rule(hot, { autoResolveAfterSeconds: 10 })]);
    withOption.batch([r(0, { engineTemp: 90 })]);
    expect(withOption.batch([r(60, { engineTemp: 90 })]).clearances).toEqual([]);
    const without = engine([rule(hot)]);
    without.batch([r(0, { engineTemp: 110 })]);
    expect(without.batch([r(60, { engineTemp: 90 })]).clearances).toEqual([]);
  });

  it('drops the clearance when the rule fires again later in the same batch', () => {
    const e = engine([rule(hot, { autoResolveAfterSeconds: 0 })]);
    e.batch([r(0, { engineTemp: 110 })]);
    e.markOpen('ALERT-1');
    const result = e.batch([r(10, { engineTemp: 90 }), r(20, { engineTemp: 110 })]);
    expect(result.clearances).toEqual([]);
  });
});

describe('maintenance', () => {
  const service = { ts: '2026-01-01T00:00:00.000Z', odometer: 40_000, engineHours: 1000 };
  const at = (facts: MaintenanceFacts, seconds = 0, values: Partial<Reading> = {}) => {
    const e = engine(
      [rule({ maintenance: { everyKm: 10_000, everyEngineHours: 250, everyDays: 365 } })],
      new Map([['TRK-101', { facts }]]),
    );
    return evaluateReadings(
      compileRules([rule({ maintenance: { everyKm: 10_000, everyEngineHours: 250, everyDays: 365 } })]),
      [r(seconds, values)],
      e.states,
      new Map([['TRK-101', { facts }]]),
    ).firings.map((f) => ({ ...f, message: messageOf(f, { facts }) }));
  };

  it('holds from 90 % of any interval ("due soon") and says which', () => {
    const [soon] = at({ odometer: 49_100, engineHours: 1010, lastService: service });
    expect(soon?.message).toBe('Rule one on TRK-101: service due soon, 9100 of 10000 km since the last service.');
    const [due] = at({ odometer: 41_000, engineHours: 1260, lastService: service });
    expect(due?.message).toBe('Rule one on TRK-101: service due, 260 of 250 engine hours since the last service.');
  });

  it('counts days since the service, and uses a newer odometer from the reading', () => {
    const old = { ts: '2025-12-01T00:00:00.000Z', odometer: 40_000 };
    expect(at({ odometer: 41_000, lastService: old })).toHaveLength(1);
    expect(at({ odometer: 41_000, lastService: service })).toHaveLength(0);
    expect(at({ odometer: 41_000, lastService: service }, 0, { odometer: 49_500 })).toHaveLength(1);
  });

  it('tolerates missing fields: no service record, no reminder; an unknown input is skipped', () => {
    expect(at({ odometer: 99_000, engineHours: 9999 })).toEqual([]);
    expect(at({ lastService: { ts: '2026-11-01T00:00:00.000Z' } })).toEqual([]);
    expect(at({})).toEqual([]);
  });
});

describe('model conditions', () => {
  it('failure compares the model’s probability for the vehicle', () => {
    const rules = compileRules([rule({ model: 'failure', op: '>=', value: 0.7 })]);
    const run = (p?: number) =>
      evaluateReadings(
        rules,
        [r(0, { engineTemp: 95 })],
        new Map(),
        new Map([['TRK-101', p === undefined ? {} : { failureProbability: p }]]),
      ).firings.length;
    expect(rules.usesFailure).toBe(true);
    expect(run(0.7)).toBe(1);
    expect(run(0.69)).toBe(0);
    expect(run()).toBe(0);
  });

  it('driving_anomaly fires on the reading that ends a flagged window', () => {
    const rules = compileRules([rule({ model: 'driving_anomaly' })]);
    const flagged = new Map([['TRK-101', { anomalies: new Set([T0 + 20_000]) }]]);
    const result = evaluateReadings(rules, [r(15, { speed: 50 }), r(20, { speed: 10 })], new Map(), flagged);
    expect(rules.usesAnomaly).toBe(true);
    expect(result.firings.map((f) => f.reading.ts)).toEqual([iso(20)]);
  });
});

describe('driving windows', () => {
  const samples = (from: number, to: number, stepS: number, speed: (s: number) => number) => {
    const out = [];
    for (let s = from; s <= to; s += stepS) out.push({ ts: T0 + s * 1000, speed: speed(s) });
    return out;
  };

  it('builds 12 samples at 1 Hz from 1 Hz readings, one window per 5 s stride', () => {
    const windows = drivingWindows(
      'TRK-101',
      emptySpeedBuffer(),
      samples(0, 30, 1, (s) => 50 + s),
    );
    expect(windows.map((w) => (w.samples.at(-1)?.ts ?? 0) - T0)).toEqual([11_000, 16_000, 21_000, 26_000]);
    expect(windows[0]?.samples).toHaveLength(12);
    expect(windows[0]?.samples.map((s) => s.speed)).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61]);
  });

  it('interpolates a vehicle reporting every 5 s, across batches (the buffer is kept)', () => {
    const buffer = emptySpeedBuffer();
    expect(
      drivingWindows(
        'TRK-101',
        buffer,
        samples(0, 5, 5, () => 60),
      ),
    ).toEqual([]);
    const windows = drivingWindows(
      'TRK-101',
      buffer,
      samples(10, 15, 5, (s) => (s === 15 ? 10 : 60)),
    );
    expect(windows).toHaveLength(1);
    expect(windows[0]?.samples.map((s) => Math.round(s.speed))).toEqual([
      60, 60, 60, 60, 60, 60, 60, 50, 40, 30, 20, 10,
    ]);
  });

  it('downsamples a 10 Hz reporter and skips windows with a gap over 15 s', () => {
    const fast = drivingWindows(
      'TRK-101',
      emptySpeedBuffer(),
      samples(0, 12, 0.1, () => 40),
    );
    expect(fast[0]?.samples).toHaveLength(12);
    const sparse = drivingWindows(
      'TRK-101',
      emptySpeedBuffer(),
      samples(0, 60, 20, () => 40),
    );
    expect(sparse).toEqual([]);
  });
});

describe('parseInstant', () => {
  it('agrees with Date.parse on normalised instants and falls back on anything else', async () => {
    const { parseInstant } = await import('../../../functions/modules/alerts/domain/instant.js');
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 80 * 365 * 86_400_000);
      const text = new Date(ms).toISOString();
      expect(parseInstant(text)).toBe(ms);
    }
    // Every year the form can write, the turns of centuries and year 0000 (its January and
    // February are the fallback), each month's first and last millisecond.
    const yearZero = Date.parse('0000-01-01T00:00:00.000Z');
    for (let i = 0; i < 4000; i++) {
      const ms = yearZero + Math.floor(Math.random() * 10_000 * 365.2425 * 86_400_000);
      const text = new Date(ms).toISOString();
      if (text.length === 24) expect(parseInstant(text)).toBe(ms);
    }
    for (const year of [
      '0000',
      '0001',
      '0399',
      '0400',
      '1600',
      '1899',
      '1900',
      '1970',
      '2000',
      '2100',
      '2400',
      '9999',
    ]) {
      for (let month = 1; month <= 12; month++) {
        const mm = String(month).padStart(2, '0');
        for (const text of [`${year}-${mm}-01T00:00:00.000Z`, `${year}-${mm}-28T23:59:59.999Z`]) {
          expect(parseInstant(text)).toBe(Date.parse(text));
        }
      }
    }
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(parseInstant('2026-11-22T14:00:00Z')).toBe(Date.parse('2026-11-22T14:00:00Z'));
    expect(parseInstant('2026-11-22T14:00:00+01:00')).toBe(Date.parse('2026-11-22T14:00:00+01:00'));
    expect(Number.isNaN(parseInstant('not a time'))).toBe(true);
  });
});
