import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../functions/modules/alerts/domain/alert.js';
import { DEFAULT_RULE_PACK } from '../../../functions/modules/alerts/domain/default-rule-pack.js';
import { effectiveRules } from '../../../functions/modules/alerts/domain/effective-rules.js';
import { applyCommand } from '../../../functions/modules/alerts/domain/lifecycle.js';
import type { Rule } from '../../../functions/modules/alerts/domain/rule.js';
import { InvalidTransition } from '../../../functions/modules/alerts/errors.js';

const open: Alert = {
  tenantId: 'acme',
  alertId: '01JDAAAAAAAAAAAAAAAAAAAAAA',
  vehicleId: 'TRK-101',
  type: 'ENGINE_FAILURE',
  ruleId: 'engine-failure',
  severity: 'CRITICAL',
  status: 'open',
  message: 'm',
  raisedAt: '2026-11-22T14:00:00.000Z',
  history: [{ at: '2026-11-22T14:00:00.000Z', by: 'system', action: 'raised' }],
};
const at = '2026-11-22T14:05:00.000Z';

describe('alert lifecycle', () => {
  it('acknowledges an open alert with who, when and the note in history', () => {
    const { alert, changed } = applyCommand(open, { action: 'acknowledge', by: 'd1', at, note: 'on it' });
    expect(changed).toBe(true);
    expect(alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'd1', acknowledgedAt: at });
    expect(alert.history.at(-1)).toEqual({ at, by: 'd1', action: 'acknowledged', note: 'on it' });
    expect(open.status).toBe('open');
  });

  it('makes a repeated acknowledge by the same user a no-op, and by another user a 409', () => {
    const { alert } = applyCommand(open, { action: 'acknowledge', by: 'd1', at });
    expect(applyCommand(alert, { action: 'acknowledge', by: 'd1', at })).toEqual({ alert, changed: false });
    expect(() => applyCommand(alert, { action: 'acknowledge', by: 'd2', at })).toThrow(InvalidTransition);
  });

  it('resolves open or acknowledged alerts; acknowledging or assigning a resolved one is 409', () => {
    const resolvedFromOpen = applyCommand(open, { action: 'resolve', by: 'd1', at }).alert;
    const acked = applyCommand(open, { action: 'acknowledge', by: 'd1', at }).alert;
    const resolved = applyCommand(acked, { action: 'resolve', by: 'd2', at, note: 'fixed' }).alert;
    expect(resolvedFromOpen).toMatchObject({ status: 'resolved', resolvedBy: 'd1', resolvedAt: at });
    expect(resolved.history.map((h) => h.action)).toEqual(['raised', 'acknowledged', 'resolved']);
    expect(() => applyCommand(resolved, { action: 'acknowledge', by: 'd1', at })).toThrow(InvalidTransition);
    expect(() => applyCommand(resolved, { action: 'assign', by: 'd1', at, userId: 'u9' })).toThrow(InvalidTransition);
    expect(() => applyCommand(resolved, { action: 'resolve', by: 'd1', at })).toThrow(InvalidTransition);
    expect(applyCommand(resolved, { action: 'resolve', by: 'd2', at }).changed).toBe(false);
  });

  it('records the engine’s resolve as auto-resolved by system', () => {
    const { alert } = applyCommand(open, { action: 'resolve', auto: true, by: 'system', at, note: 'clear' });
    expect(alert.history.at(-1)).toEqual({ at, by: 'system', action: 'auto-resolved', note: 'clear' });
    expect(() => applyCommand(alert, { action: 'resolve', auto: true, by: 'system', at })).toThrow(InvalidTransition);
  });

  it('assigns (unchanged when already assigned to that user) and takes notes at any status', () => {
    const assigned = applyCommand(open, { action: 'assign', by: 'd1', at, userId: 'm7' });
    expect(assigned.alert.assigneeId).toBe('m7');
    expect(applyCommand(assigned.alert, { action: 'assign', by: 'd2', at, userId: 'm7' }).changed).toBe(false);
    const resolved = applyCommand(open, { action: 'resolve', by: 'd1', at }).alert;
    const noted = applyCommand(resolved, { action: 'note', by: 'a1', at, text: 'customer called' }).alert;
    expect(noted.history.at(-1)).toEqual({ at, by: 'a1', action: 'noted', note: 'customer called' });
  });

  it('attaches one correlated finding per alert', () => {
    const first = applyCommand(open, { action: 'correlate', by: 'system', at, note: 'MAINTENANCE_PREDICTED: 97%' });
    expect(first.changed).toBe(true);
    expect(applyCommand(first.alert, { action: 'correlate', by: 'system', at, note: 'again' }).changed).toBe(false);
  });
});

describe('effective rules', () => {
  const own: Rule = {
    ruleId: 'rule_depot',
    name: 'Depot',
    type: 'GEOFENCE_EXIT',
    severity: 'HIGH',
    enabled: true,
    condition: { geofence: { circle: { lat: 1, lng: 1, radiusM: 100 } }, on: 'exit' },
  };

  it('is the default pack (source default) followed by the tenant’s own rules (source tenant)', () => {
    const rules = effectiveRules([{ ...own, revision: 1 }]);
    expect(rules.map((r) => [r.ruleId, r.source])).toEqual([
      ...DEFAULT_RULE_PACK.map((r) => [r.ruleId, 'default']),
      ['rule_depot', 'tenant'],
    ]);
  });

  it('lets a stored rule with a default id override that default in place', () => {
    const override: Rule = { ...(DEFAULT_RULE_PACK[3] as Rule), enabled: false };
    const rules = effectiveRules([{ ...override, revision: 2 }]);
    expect(rules).toHaveLength(DEFAULT_RULE_PACK.length);
    expect(rules[3]).toEqual({ ...override, revision: 2, source: 'tenant', overridesDefault: true });
  });
});
