import { maintenanceStatus } from '../../alerts/domain/maintenance.js';
import type { MaintenanceCondition } from '../../alerts/domain/rule.js';
import { RuleNotFound } from '../../alerts/errors.js';
import type { AlertRepository } from '../../alerts/ports/alert-repository.js';
import type { RuleStore } from '../../alerts/ports/rule-store.js';
import { getRule, listRules } from '../../alerts/use-cases/manage-rules.js';
import type { AlertFacts, MaintenanceDue, RuleFacts, VehicleFacts } from '../domain/facts.js';
import type { AlertReader } from '../ports/alert-facts.js';

/**
 * The bot's view of alerts through the alerts module's ports and rule use cases (the rules in
 * force: default pack plus the tenant's overrides), and its maintenance computation, so the bot's
 * "due soon" is the engine's.
 */
export function alertsModuleFacts(
  alerts: Pick<AlertRepository, 'get' | 'openAlerts'>,
  rules: Pick<RuleStore, 'get' | 'list'>,
): AlertReader {
  const ruleStore = { rules: rules as RuleStore };
  return {
    async openAlerts(tenantId, vehicleId, limit) {
      // The (vehicle, rule) locks are exactly the unresolved alerts: no paging through resolved history.
      const refs = (await alerts.openAlerts(tenantId, vehicleId))
        .sort((a, b) => (a.alertId < b.alertId ? 1 : -1))
        .slice(0, limit);
      const found = await Promise.all(refs.map((ref) => alerts.get(tenantId, ref.alertId)));
      return found.filter((a) => a !== undefined && a.status !== 'resolved').map((a) => alertFacts(a as AlertFacts));
    },
    async alert(tenantId, alertId) {
      const alert = await alerts.get(tenantId, alertId);
      return alert && alert.tenantId === tenantId ? alertFacts(alert) : undefined;
    },
    async rule(tenantId, ruleId): Promise<RuleFacts | undefined> {
      try {
        const rule = await getRule(ruleStore, tenantId, ruleId);
        return {
          ruleId: rule.ruleId,
          name: rule.name,
          condition: rule.condition,
          ...(rule.forSeconds ? { forSeconds: rule.forSeconds } : {}),
        };
      } catch (error) {
        if (error instanceof RuleNotFound) return undefined;
        throw error;
      }
    },
    async maintenanceDue(tenantId: string, vehicle: VehicleFacts, now: Date): Promise<MaintenanceDue[]> {
      const inForce = await listRules(ruleStore, tenantId);
      const due: MaintenanceDue[] = [];
      for (const rule of inForce) {
        if (!rule.enabled || !('maintenance' in rule.condition)) continue;
        if (rule.vehicleIds && !rule.vehicleIds.includes(vehicle.vehicleId)) continue;
        const status = maintenanceStatus((rule.condition as MaintenanceCondition).maintenance, vehicle, now.getTime());
        if (status) due.push({ ruleName: rule.name, ratio: status.ratio, detail: status.detail });
      }
      return due;
    },
  };
}

function alertFacts(alert: AlertFacts): AlertFacts {
  return {
    alertId: alert.alertId,
    vehicleId: alert.vehicleId,
    type: alert.type,
    ...(alert.ruleId ? { ruleId: alert.ruleId } : {}),
    severity: alert.severity,
    status: alert.status,
    message: alert.message,
    raisedAt: alert.raisedAt,
    ...(alert.readings ? { readings: alert.readings } : {}),
  };
}
