import type { Alert } from './alert.js';
import { SYSTEM_ACTOR } from './alert.js';
import { alertIdFor } from './alert-id.js';
import { messageOf } from './firing-message.js';
import type { Firing, VehicleContext } from './rule-engine.js';

/**
 * The alert a firing raises, with its deterministic id (tenant, vehicle, rule, reading instant):
 * a retried evaluation computes the same id and recognises what it raised. Whether it is raised
 * (one open alert per vehicle and rule, cool-down) is the repository's atomic decision.
 */
export function alertForFiring(tenantId: string, firing: Firing, raisedAt: string, vehicle?: VehicleContext): Alert {
  const { rule, reading } = firing;
  return {
    tenantId,
    alertId: alertIdFor(tenantId, firing.vehicleId, rule.ruleId, reading.ts),
    vehicleId: firing.vehicleId,
    type: rule.type,
    ruleId: rule.ruleId,
    severity: rule.severity,
    status: 'open',
    message: messageOf(firing, vehicle),
    raisedAt,
    readings: [reading],
    history: [{ at: raisedAt, by: SYSTEM_ACTOR, action: 'raised' }],
  };
}

/** The key of the one-open-alert lock: the rule, or the type for model alerts without a rule. */
export function lockKeyOf(alert: Pick<Alert, 'ruleId' | 'type'>): string {
  return alert.ruleId ?? alert.type;
}
