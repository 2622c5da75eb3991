import type { VehicleDetail } from '../api/fleet-client.js';
import type { MaintenanceCondition, RuleView } from '../api/rules-client.js';

/** Share of an interval from which a service is "due soon" (the alert engine's 90 %). */
export const DUE_SOON_RATIO = 0.9;
const DAY_MS = 86_400_000;

/** One service interval of one maintenance rule, measured from the vehicle's last service. */
export interface IntervalStatus {
  readonly ruleName: string;
  readonly unit: 'km' | 'engine hours' | 'days';
  readonly every: number;
  readonly used: number;
  readonly state: 'due' | 'due soon' | 'ok';
}

/**
 * How far the vehicle is through every interval of the tenant's enabled maintenance rules, as the
 * alert engine measures it (functions/modules/alerts/domain/maintenance.ts): from the last recorded
 * service, only intervals whose inputs are known. No service record, no status: the engine does not
 * guess a baseline either.
 */
export function maintenanceDue(vehicle: VehicleDetail, rules: readonly RuleView[], nowMs: number): IntervalStatus[] {
  const service = vehicle.lastService;
  if (!service) return [];
  const statuses: IntervalStatus[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !('maintenance' in rule.condition)) continue;
    if (rule.vehicleIds && !rule.vehicleIds.includes(vehicle.vehicleId)) continue;
    const { everyKm, everyEngineHours, everyDays } = (rule.condition as MaintenanceCondition).maintenance;
    const add = (unit: IntervalStatus['unit'], every: number | undefined, used: number | undefined) => {
      if (every === undefined || used === undefined || !Number.isFinite(used)) return;
      const ratio = used / every;
      statuses.push({
        ruleName: rule.name,
        unit,
        every,
        used: Math.max(0, used),
        state: ratio >= 1 ? 'due' : ratio >= DUE_SOON_RATIO ? 'due soon' : 'ok',
      });
    };
    add(
      'km',
      everyKm,
      vehicle.odometer === undefined || service.odometer === undefined
        ? undefined
        : vehicle.odometer - service.odometer,
    );
    add(
      'engine hours',
      everyEngineHours,
      vehicle.engineHours === undefined || service.engineHours === undefined
        ? undefined
        : vehicle.engineHours - service.engineHours,
    );
    add('days', everyDays, (nowMs - Date.parse(service.ts)) / DAY_MS);
  }
  return statuses;
}
