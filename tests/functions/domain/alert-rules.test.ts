import { describe, expect, it } from 'vitest';
import { alertIdFor, ULID_PATTERN } from '../../../functions/modules/alerts/domain/alert-id.js';
import { DEFAULT_RULE_PACK } from '../../../functions/modules/alerts/domain/default-rule-pack.js';
import { candidateAlerts } from '../../../functions/modules/alerts/domain/raise-alerts.js';
import {
  type AlertRule,
  evaluateReading,
  InvalidRulePack,
  matches,
  renderMessage,
  validateRulePack,
} from '../../../functions/modules/alerts/domain/rules.js';
import type { Reading } from '../../../functions/modules/fleet/domain/reading.js';

const at = '2026-11-22T14:00:00.000Z';
const reading = (values: Partial<Reading>): Reading => ({ vehicleId: 'TRK-101', ts: at, ...values });
const types = (r: Reading) => evaluateReading(DEFAULT_RULE_PACK, r).map((f) => `${f.severity} ${f.type}`);

describe('default rule pack', () => {
  it('raises CRITICAL ENGINE_FAILURE for the seed fault (120 °C, 10 psi) and nothing else', () => {
    // Prepare
    const fault = reading({ engineTemp: 120, oilPressure: 10 });

    // Act
    const findings = types(fault);

    // Assess: OVERHEAT and LOW_OIL_PRESSURE also match but are superseded by the root cause.
    expect(findings).toEqual(['CRITICAL ENGINE_FAILURE']);
  });

  it('raises nothing for a healthy engine (90 °C, 40 psi)', () => {
    expect(types(reading({ engineTemp: 90, oilPressure: 40, speed: 80, fuelLevel: 60, batteryVoltage: 13.8 }))).toEqual(
      [],
    );
  });

  it('treats the thresholds inclusively or exclusively as declared', () => {
    expect(types(reading({ engineTemp: 110, oilPressure: 15 }))).toEqual(['CRITICAL ENGINE_FAILURE']);
    expect(types(reading({ engineTemp: 109.9, oilPressure: 15 }))).toEqual(['HIGH OVERHEAT', 'HIGH LOW_OIL_PRESSURE']);
    expect(types(reading({ engineTemp: 110, oilPressure: 15.1 }))).toEqual(['HIGH OVERHEAT']);
    expect(types(reading({ engineTemp: 104.9 }))).toEqual([]);
    expect(types(reading({ speed: 120 }))).toEqual([]);
    expect(types(reading({ speed: 120.5 }))).toEqual(['MEDIUM SPEEDING']);
    expect(types(reading({ batteryVoltage: 11.8 }))).toEqual([]);
    expect(types(reading({ batteryVoltage: 11.7 }))).toEqual(['MEDIUM LOW_BATTERY']);
    expect(types(reading({ fuelLevel: 10 }))).toEqual([]);
    expect(types(reading({ fuelLevel: 9 }))).toEqual(['LOW LOW_FUEL']);
  });

  it('never fires on a missing field', () => {
    expect(types(reading({ engineTemp: 130 }))).toEqual(['HIGH OVERHEAT']);
    expect(types(reading({}))).toEqual([]);
  });

  it('renders the reading into the message', () => {
    const [finding] = evaluateReading(DEFAULT_RULE_PACK, reading({ engineTemp: 120, oilPressure: 10 }));
    expect(finding?.message).toBe('Engine failure on TRK-101: 120 °C with oil pressure 10 psi. Stop the vehicle.');
  });
});

describe('rule DSL', () => {
  it('combines all / any and compares with every operator', () => {
    const r = reading({ speed: 50, rpm: 3000 });
    expect(
      matches(
        {
          all: [
            { field: 'speed', op: 'eq', value: 50 },
            { field: 'rpm', op: 'gt', value: 2999 },
          ],
        },
        r,
      ),
    ).toBe(true);
    expect(
      matches(
        {
          all: [
            { field: 'speed', op: 'lt', value: 50 },
            { field: 'rpm', op: 'gte', value: 0 },
          ],
        },
        r,
      ),
    ).toBe(false);
    expect(
      matches(
        {
          any: [
            { field: 'speed', op: 'lt', value: 50 },
            { field: 'rpm', op: 'lte', value: 3000 },
          ],
        },
        r,
      ),
    ).toBe(true);
    expect(matches({ any: [] }, r)).toBe(false);
    expect(matches({ all: [] }, r)).toBe(true);
  });

  it('supersedes only rules that fired on the same reading', () => {
    const rules: AlertRule[] = [
      { type: 'A', severity: 'HIGH', when: { field: 'speed', op: 'gt', value: 100 }, message: 'a', supersedes: ['B'] },
      { type: 'B', severity: 'LOW', when: { field: 'speed', op: 'gt', value: 50 }, message: 'b' },
    ];
    expect(evaluateReading(rules, reading({ speed: 150 })).map((f) => f.type)).toEqual(['A']);
    expect(evaluateReading(rules, reading({ speed: 70 })).map((f) => f.type)).toEqual(['B']);
  });

  it('refuses a pack that declares a type twice', () => {
    const rule: AlertRule = { type: 'X', severity: 'LOW', when: { all: [] }, message: '' };
    expect(() => validateRulePack([rule, rule])).toThrow(InvalidRulePack);
  });

  it('renders unknown placeholders as ?', () => {
    expect(renderMessage('{vehicleId} at {speed}', reading({}))).toBe('TRK-101 at ?');
  });
});

describe('alert ids', () => {
  it('are ULIDs of the reading time, deterministic per (tenant, vehicle, type, ts)', () => {
    const id = alertIdFor('acme', 'TRK-101', 'ENGINE_FAILURE', at);
    expect(id).toMatch(ULID_PATTERN);
    expect(alertIdFor('acme', 'TRK-101', 'ENGINE_FAILURE', at)).toBe(id);
    expect(alertIdFor('globex', 'TRK-101', 'ENGINE_FAILURE', at)).not.toBe(id);
    expect(alertIdFor('acme', 'TRK-101', 'ENGINE_FAILURE', '2026-11-22T14:00:01.000Z') > id).toBe(true);
  });

  it('candidateAlerts builds open alerts oldest reading first', () => {
    const later = reading({ ts: '2026-11-22T14:05:00.000Z', fuelLevel: 5 });
    const earlier = reading({ engineTemp: 120, oilPressure: 10 });
    const alerts = candidateAlerts('acme', [later, earlier], DEFAULT_RULE_PACK, at);
    expect(alerts.map((a) => [a.type, a.severity, a.status, a.reading.ts])).toEqual([
      ['ENGINE_FAILURE', 'CRITICAL', 'open', at],
      ['LOW_FUEL', 'LOW', 'open', later.ts],
    ]);
  });
});
