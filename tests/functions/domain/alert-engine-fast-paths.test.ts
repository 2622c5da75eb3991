import { describe, expect, it } from 'vitest';
import {
  extendRun,
  heldForAt,
  observeAt,
  RUN_SIZE,
  runAt,
} from '../../../functions/modules/alerts/domain/packed-run.js';
import { ruleStateView } from '../../../functions/modules/alerts/domain/packed-state.js';
import type { Condition, Rule } from '../../../functions/modules/alerts/domain/rule.js';
import {
  compileRules,
  evaluateReadings,
  type VehicleEvaluationState,
} from '../../../functions/modules/alerts/domain/rule-engine.js';
import { type Reading, SENSOR_FIELDS } from '../../../functions/modules/fleet/domain/reading.js';
import { seededRandom as prng } from '../../../local/simulator/vehicle-model.js';
import { type ConditionRun, emptyRun, heldFor, observe, RUN_KEEP } from './fixtures/object-condition-run.js';

/**
 * The engine's fast paths (docs/adr/0119-alert-engine-hot-loop.md) against what they replaced:
 * condition runs edited in place against the allocating reference they were, sensors read once
 * per reading into a presence mask, readings grouped by vehicle without arrays, numeric geofence
 * keys against the stored "0", "1", … form.
 */

const T0 = Date.parse('2026-11-22T14:00:00.000Z');
const iso = (second: number) => new Date(T0 + second * 1000).toISOString();
const rule = (ruleId: string, condition: Condition, extra: Partial<Rule> = {}): Rule => ({
  ruleId,
  name: ruleId,
  type: ruleId.toUpperCase(),
  severity: 'HIGH',
  enabled: true,
  condition,
  ...extra,
});

/** The condition run as it was written before (splice, slice, a new array per flip): the reference. */
function referenceObserve(run: ConditionRun, ts: number, value: boolean): void {
  const insertSorted = (r: number[]) => {
    let i = r.length;
    while (i > 0 && (r[i - 1] as number) > ts) i--;
    if (i > 0 && r[i - 1] === ts) return;
    r.splice(i, 0, ts);
    if (r.length > RUN_KEEP + 1) r.splice(1, 1);
  };
  const cutAfter = (r: number[]) => {
    let i = 0;
    while (i < r.length && (r[i] as number) <= ts) i++;
    return i === 0 ? r : r.slice(i);
  };
  const mine = value ? 't' : 'f';
  const other = value ? 'f' : 't';
  const current = run[mine] > run[other];
  if (ts > run[other]) {
    if (current) insertSorted(run.r);
    else run.r = [ts];
    if (ts > run[mine]) run[mine] = ts;
  } else {
    if (ts > run[mine]) run[mine] = ts;
    if (!current) run.r = cutAfter(run.r);
  }
}

/**
 * One random stream of 60 observations of a condition: mostly in order with long runs (past
 * RUN_KEEP), a quarter late (up to 20 s back), a tenth seeing the other value.
 */
function observations(random: () => number): { ts: number; seen: boolean }[] {
  const out: { ts: number; seen: boolean }[] = [];
  let clock = 1000;
  let value = random() < 0.5;
  for (let step = 0; step < 60; step++) {
    if (random() < 0.15) value = !value;
    const late = random() < 0.25;
    if (!late) clock += 1000 * (1 + Math.floor(random() * 3));
    const ts = late ? clock - Math.floor(random() * 20) * 1000 : clock;
    out.push({ ts, seen: random() < 0.1 ? !value : value });
  }
  return out;
}

describe('condition runs edited in place', () => {
  it('agree with the allocating reference on random streams: late, duplicate, long runs', () => {
    // Prepare: mostly in order with long runs (past RUN_KEEP), some late readings and duplicates.
    const random = prng(119);
    for (let stream = 0; stream < 250; stream++) {
      const run = emptyRun();
      const reference = emptyRun();
      const packed = new Float64Array(5 + RUN_SIZE + 1);
      packed.fill(-1, 0, 5);
      packed[5 + RUN_SIZE] = -1;
      for (const [step, { ts, seen }] of observations(random).entries()) {
        // Act
        observe(run, ts, seen);
        referenceObserve(reference, ts, seen);
        observeAt(packed, 5, ts, seen);

        // Assess: the object run, the packed one (at an offset, between other numbers) and the reference.
        const got = `${JSON.stringify(run)} ${heldFor(run, true)} ${heldFor(run, false)}`;
        const want = `${JSON.stringify(reference)} ${heldFor(reference, true)} ${heldFor(reference, false)}`;
        const gotPacked = `${JSON.stringify(runAt(packed, 5))} ${heldForAt(packed, 5, true)} ${heldForAt(packed, 5, false)}`;
        if (got !== want) expect({ stream, step, got }).toEqual({ stream, step, got: want });
        if (gotPacked !== want) expect({ stream, step, gotPacked }).toEqual({ stream, step, gotPacked: want });
        expect(packed[4]).toBe(-1);
        expect(packed[5 + RUN_SIZE]).toBe(-1);
      }
    }
  });

  it('extendRun folds an in-order continuation exactly as observeAt does, and declines everything else', () => {
    // Prepare: streams as in the test above; one array folded by observeAt alone, one by
    // extendRun with observeAt as its fallback, as the engine does.
    const random = prng(134);
    let extended = 0;
    let declined = 0;
    for (let stream = 0; stream < 250; stream++) {
      const general = new Float64Array(RUN_SIZE);
      const fast = new Float64Array(RUN_SIZE);
      for (const [step, { ts, seen }] of observations(random).entries()) {
        // Act
        observeAt(general, 0, ts, seen);
        const before = [...fast];
        let lasted = extendRun(fast, 0, ts, seen);
        if (lasted < 0) {
          declined++;
          expect([...fast]).toEqual(before);
          observeAt(fast, 0, ts, seen);
          lasted = heldForAt(fast, 0, seen);
        } else extended++;

        // Assess: the same numbers, and the duration heldForAt gives for the value seen.
        if ([...fast].join() !== [...general].join())
          expect({ stream, step, fast: [...fast] }).toEqual({ stream, step, fast: [...general] });
        expect(lasted).toBe(heldForAt(general, 0, seen));
      }
    }
    expect(extended).toBeGreaterThan(5000);
    expect(declined).toBeGreaterThan(2000);
  });

  it('keep the first instant and the newest once full, in order and out of order', () => {
    // Prepare: a full run of 1..9 s.
    const run = emptyRun();
    for (let s = 1; s <= RUN_KEEP + 1; s++) observe(run, s * 1000, true);

    // Act: a late instant before the start, then one inside, then a newer one.
    observe(run, 500, true);
    const afterEarly = [...run.r];
    observe(run, 4500, true);
    const afterInside = [...run.r];
    observe(run, 20_000, true);

    // Assess
    expect(afterEarly).toEqual([500, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(afterInside).toEqual([500, 3000, 4000, 4500, 5000, 6000, 7000, 8000, 9000]);
    expect(run.r).toEqual([500, 4000, 4500, 5000, 6000, 7000, 8000, 9000, 20_000]);
    expect(run.r).toHaveLength(RUN_KEEP + 1);
  });
});

describe('sensors read once per reading', () => {
  it('reads every sensor field of the contract into its own threshold, 0 included', () => {
    // Prepare: one rule per field, each holding for any value.
    const compiled = compileRules(SENSOR_FIELDS.map((field) => rule(field, { metric: field, op: '>=', value: -1e9 })));

    for (const field of SENSOR_FIELDS) {
      // Act: a reading carrying only this field, at 0.
      const { firings } = evaluateReadings(compiled, [{ vehicleId: 'TRK-1', ts: iso(0), [field]: 0 }], new Map());

      // Assess
      expect(firings.map((f) => f.rule.ruleId)).toEqual([field]);
    }
  });

  it('a threshold on a metric the reading lacks never holds, not even != or ==', () => {
    // Prepare
    const compiled = compileRules([
      rule('ne', { metric: 'fuelLevel', op: '!=', value: 50 }),
      rule('eq', { metric: 'fuelLevel', op: '==', value: 0 }),
      rule('lt', {
        any: [
          { metric: 'fuelLevel', op: '<', value: 10 },
          { metric: 'speed', op: '>', value: 100 },
        ],
      }),
    ]);
    const fired = (values: Partial<Reading>) =>
      evaluateReadings(compiled, [{ vehicleId: 'TRK-1', ts: iso(0), ...values }], new Map()).firings.map(
        (f) => f.rule.ruleId,
      );

    // Act + Assess
    expect(fired({ speed: 50 })).toEqual([]);
    expect(fired({ fuelLevel: 0 })).toEqual(['ne', 'eq', 'lt']);
    expect(fired({ fuelLevel: 50, speed: 120 })).toEqual(['lt']);
  });
});

describe('readings grouped by vehicle', () => {
  it('takes each vehicle’s readings oldest first, vehicles in order of first appearance', () => {
    // Prepare: an enter rule, so the order of one vehicle's readings decides whether it fires.
    const zone = { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } };
    const compiled = compileRules([rule('enter', { geofence: zone, on: 'enter' })]);
    const outside = { lat: 52.6, lng: 13.405 };
    const inside = { lat: 52.52, lng: 13.405 };
    const batch: Reading[] = [
      { vehicleId: 'B', ts: iso(2), ...inside },
      { vehicleId: 'A', ts: iso(3), ...inside },
      { vehicleId: 'B', ts: iso(1), ...outside },
      { vehicleId: 'A', ts: iso(1), ...outside },
      { vehicleId: 'C', ts: iso(1), ...inside },
      { vehicleId: 'A', ts: iso(2), ...inside },
    ];

    // Act
    const { firings } = evaluateReadings(compiled, batch, new Map());

    // Assess: A enters at 2 s (its first crossing), B at 2 s; C has no earlier side, so no crossing.
    expect(firings.map((f) => `${f.vehicleId}@${f.reading.ts}`)).toEqual([`B@${iso(2)}`, `A@${iso(2)}`]);
  });
});

describe('geofence sides through the stored form', () => {
  it('keeps each fence’s side across a JSON round trip, as the state store does (packed, base64)', () => {
    // Prepare: two fences in one rule, so both sides are kept.
    const a = { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } };
    const b = { circle: { lat: 52.53, lng: 13.405, radiusM: 500 } };
    const compiled = compileRules([
      rule('both', {
        any: [
          { geofence: a, on: 'exit' },
          { geofence: b, on: 'exit' },
        ],
      }),
    ]);
    const states = new Map<string, VehicleEvaluationState>();
    evaluateReadings(compiled, [{ vehicleId: 'TRK-1', ts: iso(0), lat: 52.52, lng: 13.405 }], states);
    const storedJson = JSON.stringify(states.get('TRK-1'));
    const stored = JSON.parse(storedJson) as VehicleEvaluationState;

    // Act: the next batch starts from the stored state, far from both fences.
    const reloaded = new Map([['TRK-1', stored]]);
    const { firings } = evaluateReadings(
      compiled,
      [{ vehicleId: 'TRK-1', ts: iso(5), lat: 53, lng: 13.405 }],
      reloaded,
    );

    // Assess: inside a only at first; leaving a is the crossing. The stored values are text.
    expect(typeof JSON.parse(storedJson).packed.values).toBe('string');
    expect(ruleStateView(JSON.parse(storedJson), compiled.layout, 'both')?.geo).toEqual({ 0: [1, T0], 1: [0, T0] });
    expect(firings).toHaveLength(1);
    expect(ruleStateView(reloaded.get('TRK-1') as VehicleEvaluationState, compiled.layout, 'both')?.geo).toEqual({
      0: [0, T0 + 5000],
      1: [0, T0 + 5000],
    });
  });

  it('continues from a state stored before the packed form: its runs and sides are taken over', () => {
    // Prepare: a forSeconds rule and a fence, with the per-rule objects states held then.
    const compiled = compileRules([
      rule('hot-for-a-minute', { metric: 'engineTemp', op: '>', value: 100 }, { forSeconds: 60 }),
      rule('left-depot', { geofence: { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } }, on: 'exit' }),
    ]);
    const legacy = {
      vehicleId: 'TRK-1',
      rules: {
        'hot-for-a-minute': { run: { t: T0 + 40_000, f: 0, r: [T0, T0 + 40_000] } },
        'left-depot': { geo: { '0': [1, T0 + 40_000] } },
      },
    } as unknown as VehicleEvaluationState;
    const states = new Map([['TRK-1', legacy]]);

    // Act: hot 65 s after the run began, and outside the depot.
    const { firings } = evaluateReadings(
      compiled,
      [{ vehicleId: 'TRK-1', ts: new Date(T0 + 65_000).toISOString(), engineTemp: 110, lat: 53, lng: 13.405 }],
      states,
    );

    // Assess: both fired from the old state; the old objects are gone from `rules`.
    expect(firings.map((f) => f.rule.ruleId)).toEqual(['hot-for-a-minute', 'left-depot']);
    expect(legacy.rules).toEqual({ 'hot-for-a-minute': {}, 'left-depot': {} });
  });

  it('starts afresh from a damaged packed state instead of failing the evaluation', () => {
    const compiled = compileRules([rule('hot', { metric: 'engineTemp', op: '>', value: 100 }, { forSeconds: 60 })]);
    const damaged = [
      { layout: compiled.layout.key, values: 'AAAA' }, // too short for the layout
      { layout: compiled.layout.key, values: 42 },
      { layout: 7, values: null },
    ];
    for (const packed of damaged) {
      const states = new Map([
        ['TRK-1', { vehicleId: 'TRK-1', rules: {}, packed } as unknown as VehicleEvaluationState],
      ]);

      evaluateReadings(compiled, [{ vehicleId: 'TRK-1', ts: iso(0), engineTemp: 110 }], states);

      expect(ruleStateView(states.get('TRK-1') as VehicleEvaluationState, compiled.layout, 'hot')).toEqual({
        run: { t: T0, f: 0, r: [T0] },
      });
    }
  });

  it('carries runs and sides over to a changed rule set by ruleId, and drops those of removed rules', () => {
    const hot = rule('hot', { metric: 'engineTemp', op: '>', value: 100 }, { forSeconds: 60 });
    const fence = rule('fence', { geofence: { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } }, on: 'exit' });
    const gone = rule('gone', { metric: 'speed', op: '>', value: 100 }, { forSeconds: 30 });
    const before = compileRules([gone, hot, fence]);
    const states = new Map<string, VehicleEvaluationState>();
    evaluateReadings(
      before,
      [{ vehicleId: 'TRK-1', ts: iso(0), engineTemp: 110, speed: 120, lat: 52.52, lng: 13.405 }],
      states,
    );
    const stored = JSON.parse(JSON.stringify(states.get('TRK-1'))) as VehicleEvaluationState;

    // Act: the tenant removed one rule and added another; the state is read with the new layout.
    const after = compileRules([
      hot,
      rule('new', { metric: 'fuelLevel', op: '<', value: 10 }, { forSeconds: 30 }),
      fence,
    ]);

    // Assess
    expect(after.layout.key).not.toBe(before.layout.key);
    expect(ruleStateView(stored, after.layout, 'hot')).toEqual({ run: { t: T0, f: 0, r: [T0] } });
    expect(ruleStateView(stored, after.layout, 'fence')).toEqual({ geo: { 0: [1, T0] } });
    expect(ruleStateView(stored, after.layout, 'new')).toBeUndefined();
    expect(ruleStateView(stored, after.layout, 'gone')).toBeUndefined();
  });

  it('carries each vehicle over by its own old layout when a batch holds states of several', () => {
    const hot = rule('hot', { metric: 'engineTemp', op: '>', value: 100 }, { forSeconds: 60 });
    const fence = rule('fence', { geofence: { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } }, on: 'exit' });
    const slow = rule('slow', { metric: 'speed', op: '<', value: 5 }, { forSeconds: 30 });
    const first = compileRules([hot, fence]);
    const second = compileRules([slow, hot]);
    const states = new Map<string, VehicleEvaluationState>();
    // TRK-1 and TRK-2 were stored under the first rule set, TRK-3 under the second, at other instants.
    evaluateReadings(
      first,
      [
        { vehicleId: 'TRK-1', ts: iso(0), engineTemp: 110, lat: 52.52, lng: 13.405 },
        { vehicleId: 'TRK-2', ts: iso(5), engineTemp: 90, lat: 53, lng: 13.405 },
      ],
      states,
    );
    evaluateReadings(second, [{ vehicleId: 'TRK-3', ts: iso(9), engineTemp: 120, speed: 2 }], states);
    const json = JSON.stringify([...states.values()]);
    const stored = JSON.parse(json) as VehicleEvaluationState[];
    // What each rule had recorded, read with the layout each state was stored under.
    const storedUnder = [first, first, second];
    const was = (i: number, ruleId: string) =>
      ruleStateView(
        (JSON.parse(json) as VehicleEvaluationState[])[i] as VehicleEvaluationState,
        (storedUnder[i] as typeof first).layout,
        ruleId,
      );

    // Act: all three read with a third rule set in one go, as one batch's states are.
    const third = compileRules([fence, hot, slow]);
    const view = (i: number, ruleId: string) =>
      ruleStateView(stored[i] as VehicleEvaluationState, third.layout, ruleId);

    // Assess: each state kept what its own rules recorded, in the new places; the others start empty.
    for (const i of [0, 1, 2]) {
      for (const ruleId of ['hot', 'fence', 'slow']) expect(view(i, ruleId), `${i} ${ruleId}`).toEqual(was(i, ruleId));
    }
    expect(view(0, 'hot')).toEqual({ run: { t: T0, f: 0, r: [T0] } });
    expect(view(0, 'fence')).toEqual({ geo: { 0: [1, T0] } });
    expect(view(1, 'fence')).toEqual({ geo: { 0: [0, T0 + 5_000] } });
    expect(view(2, 'slow')?.run?.t).toBe(T0 + 9_000);
    expect([view(0, 'slow'), view(1, 'slow'), view(2, 'fence')]).toEqual([undefined, undefined, undefined]);
  });
});
