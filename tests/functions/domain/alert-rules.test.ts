import { describe, expect, it } from 'vitest';
import { alertIdFor, ULID_PATTERN } from '../../../functions/modules/alerts/domain/alert-id.js';
import {
  DEFAULT_PACK_COMPILED,
  DEFAULT_RULE_PACK,
} from '../../../functions/modules/alerts/domain/default-rule-pack.js';
import { messageOf, renderMessage } from '../../../functions/modules/alerts/domain/firing-message.js';
import { alertForFiring } from '../../../functions/modules/alerts/domain/raise.js';
import type { Condition, Rule } from '../../../functions/modules/alerts/domain/rule.js';
import {
  compileRules,
  evaluateReadings,
  InvalidRulePack,
} from '../../../functions/modules/alerts/domain/rule-engine.js';
import type { Reading } from '../../../functions/modules/fleet/domain/reading.js';

const at = '2026-11-22T14:00:00.000Z';
const reading = (values: Partial<Reading>): Reading => ({ vehicleId: 'TRK-101', ts: at, ...values });
const fired = (r: Reading) =>
  evaluateReadings(DEFAULT_PACK_COMPILED, [r], new Map()).firings.map((f) => `${f.rule.severity} ${f.rule.type}`);
const rule = (ruleId: string, condition: Condition, extra: Partial<Rule> = {}): Rule => ({
  ruleId,
  name: ruleId,
  type: ruleId.toUpperCase(),
  severity: 'HIGH',
  enabled: true,
  condition,
  ...extra,
});
const firesOn = (condition: Condition, r: Reading) =>
  evaluateReadings(compileRules([rule('r', condition)]), [r], new Map()).firings.length === 1;

describe('default rule pack', () => {
  it('raises CRITICAL ENGINE_FAILURE for the seed fault (120 °C, 10 psi) and nothing else', () => {
    // Act
    const findings = fired(reading({ engineTemp: 120, oilPressure: 10 }));

    // Assess: OVERHEAT and LOW_OIL_PRESSURE also hold but are superseded by the root cause.
    expect(findings).toEqual(['CRITICAL ENGINE_FAILURE']);
  });

  it('raises nothing for a healthy engine (90 °C, 40 psi)', () => {
    expect(fired(reading({ engineTemp: 90, oilPressure: 40, speed: 80, fuelLevel: 60, batteryVoltage: 13.8 }))).toEqual(
      [],
    );
  });

  it('treats the thresholds inclusively or exclusively as declared', () => {
    expect(fired(reading({ engineTemp: 110, oilPressure: 15 }))).toEqual(['CRITICAL ENGINE_FAILURE']);
    expect(fired(reading({ engineTemp: 109.9, oilPressure: 15 }))).toEqual(['HIGH OVERHEAT', 'HIGH LOW_OIL_PRESSURE']);
    expect(fired(reading({ engineTemp: 110, oilPressure: 15.1 }))).toEqual(['HIGH OVERHEAT']);
    expect(fired(reading({ engineTemp: 104.9 }))).toEqual([]);
    expect(fired(reading({ speed: 120 }))).toEqual([]);
    expect(fired(reading({ speed: 120.5 }))).toEqual(['MEDIUM SPEEDING']);
    expect(fired(reading({ batteryVoltage: 11.8 }))).toEqual([]);
    expect(fired(reading({ batteryVoltage: 11.7 }))).toEqual(['MEDIUM LOW_BATTERY']);
    expect(fired(reading({ fuelLevel: 10 }))).toEqual([]);
    expect(fired(reading({ fuelLevel: 9 }))).toEqual(['LOW LOW_FUEL']);
  });

  it('never fires on a missing field', () => {
    expect(fired(reading({ engineTemp: 130 }))).toEqual(['HIGH OVERHEAT']);
    expect(fired(reading({}))).toEqual([]);
  });

  it('renders the reading into the message', () => {
    const [firing] = evaluateReadings(
      DEFAULT_PACK_COMPILED,
      [reading({ engineTemp: 120, oilPressure: 10 })],
      new Map(),
    ).firings;
    expect(messageOf(firing as NonNullable<typeof firing>)).toBe(
      'Engine failure on TRK-101: 120 °C with oil pressure 10 psi. Stop the vehicle.',
    );
  });

  it('has unique rule ids', () => {
    expect(new Set(DEFAULT_RULE_PACK.map((r) => r.ruleId)).size).toBe(DEFAULT_RULE_PACK.length);
  });
});

describe('threshold conditions and all / any', () => {
  it.each<[Condition['op' & keyof Condition] | string, number, boolean]>([
    ['>', 51, true],
    ['>', 50, false],
    ['>=', 50, true],
    ['<', 49, true],
    ['<', 50, false],
    ['<=', 50, true],
    ['==', 50, true],
    ['==', 50.1, false],
    ['!=', 50.1, true],
    ['!=', 50, false],
  ])('speed %s 50 with speed %d → %s', (op, speed, expected) => {
    const condition = { metric: 'speed', op, value: 50 } as Condition;
    expect(firesOn(condition, reading({ speed }))).toBe(expected);
  });

  it('all needs every condition, any needs one', () => {
    const hot = { metric: 'engineTemp', op: '>', value: 100 } as const;
    const fast = { metric: 'speed', op: '>', value: 100 } as const;
    const both = reading({ engineTemp: 101, speed: 101 });
    const one = reading({ engineTemp: 101, speed: 10 });
    expect(firesOn({ all: [hot, fast] }, both)).toBe(true);
    expect(firesOn({ all: [hot, fast] }, one)).toBe(false);
    expect(firesOn({ any: [hot, fast] }, one)).toBe(true);
    expect(firesOn({ any: [hot, fast] }, reading({ engineTemp: 1, speed: 1 }))).toBe(false);
    expect(firesOn({ any: [{ all: [hot, fast] }, { metric: 'rpm', op: '>', value: 5000 }] }, one)).toBe(false);
    expect(firesOn({ any: [{ all: [hot, fast] }, { metric: 'rpm', op: '>', value: 5000 }] }, both)).toBe(true);
  });

  it('supersedes only rules that fired on the same reading', () => {
    const rules = compileRules([
      rule('a', { metric: 'speed', op: '>', value: 100 }, { supersedes: ['b'] }),
      rule('b', { metric: 'speed', op: '>', value: 50 }),
    ]);
    const ids = (speed: number) =>
      evaluateReadings(rules, [reading({ speed })], new Map()).firings.map((f) => f.rule.ruleId);
    expect(ids(150)).toEqual(['a']);
    expect(ids(70)).toEqual(['b']);
  });

  it('applies a rule with vehicleIds to those vehicles only, and leaves disabled rules out', () => {
    const rules = compileRules([
      rule('scoped', { metric: 'speed', op: '>', value: 50 }, { vehicleIds: ['VAN-12'] }),
      rule('off', { metric: 'speed', op: '>', value: 50 }, { enabled: false }),
    ]);
    const result = evaluateReadings(
      rules,
      [reading({ speed: 90 }), { vehicleId: 'VAN-12', ts: at, speed: 90 }],
      new Map(),
    );
    expect(result.firings.map((f) => [f.vehicleId, f.rule.ruleId])).toEqual([['VAN-12', 'scoped']]);
  });

  it('keeps one firing per (vehicle, rule) per batch: the oldest reading', () => {
    const later = reading({ ts: '2026-11-22T14:00:05.000Z', speed: 130 });
    const earlier = reading({ speed: 125 });
    const { firings } = evaluateReadings(DEFAULT_PACK_COMPILED, [later, earlier], new Map());
    expect(firings.map((f) => f.reading.ts)).toEqual([at]);
  });

  it('refuses a pack that declares a rule id twice', () => {
    const r = rule('x', { metric: 'speed', op: '>', value: 1 });
    expect(() => compileRules([r, r])).toThrow(InvalidRulePack);
  });

  it('renders unknown placeholders as ?', () => {
    expect(renderMessage('{vehicleId} at {speed}', reading({}))).toBe('TRK-101 at ?');
  });
});

describe('alerts of firings', () => {
  it('have ULIDs of the reading time, deterministic per (tenant, vehicle, rule, ts)', () => {
    const id = alertIdFor('acme', 'TRK-101', 'engine-failure', at);
    expect(id).toMatch(ULID_PATTERN);
    expect(alertIdFor('acme', 'TRK-101', 'engine-failure', at)).toBe(id);
    expect(alertIdFor('globex', 'TRK-101', 'engine-failure', at)).not.toBe(id);
    expect(alertIdFor('acme', 'TRK-101', 'engine-failure', '2026-11-22T14:00:01.000Z') > id).toBe(true);
  });

  it('are open, carry the rule, the reading and a raised history entry by system', () => {
    const fault = reading({ engineTemp: 120, oilPressure: 10 });
    const [firing] = evaluateReadings(DEFAULT_PACK_COMPILED, [fault], new Map()).firings;
    const alert = alertForFiring('acme', firing as NonNullable<typeof firing>, '2026-11-22T14:00:02.000Z');
    expect(alert).toEqual({
      tenantId: 'acme',
      alertId: alertIdFor('acme', 'TRK-101', 'engine-failure', at),
      vehicleId: 'TRK-101',
      type: 'ENGINE_FAILURE',
      ruleId: 'engine-failure',
      severity: 'CRITICAL',
      status: 'open',
      message: 'Engine failure on TRK-101: 120 °C with oil pressure 10 psi. Stop the vehicle.',
      raisedAt: '2026-11-22T14:00:02.000Z',
      readings: [fault],
      history: [{ at: '2026-11-22T14:00:02.000Z', by: 'system', action: 'raised' }],
    });
  });
});
