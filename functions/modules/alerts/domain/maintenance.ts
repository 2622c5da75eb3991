import type { MaintenanceCondition } from './rule.js';

/** Share of an interval from which a service is "due soon". */
export const DUE_SOON_RATIO = 0.9;
const DAY_MS = 86_400_000;

/**
 * What the alert engine knows of a vehicle's service position: the vehicle state's fields of the
 * contract (fleet module), any of them possibly missing.
 */
export interface MaintenanceFacts {
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly lastService?: { readonly ts: string; readonly odometer?: number; readonly engineHours?: number };
}

/** How far a vehicle is through its service interval. */
export interface MaintenanceStatus {
  /** The largest share of any interval used (1 = due). */
  readonly ratio: number;
  readonly detail: string;
}

/**
 * The vehicle's position in the condition's intervals, measured from its last recorded service;
 * undefined when there is no service record or none of the interval's inputs is known (no record,
 * no reminder: the engine does not guess a baseline). `odometer` of the reading, when newer than
 * the state's, is used.
 */
export function maintenanceStatus(
  condition: MaintenanceCondition['maintenance'],
  facts: MaintenanceFacts | undefined,
  atMs: number,
  readingOdometer?: number,
  serviceMs: number = facts?.lastService ? Date.parse(facts.lastService.ts) : Number.NaN,
): MaintenanceStatus | undefined {
  const service = facts?.lastService;
  if (!service) return undefined;
  let ratio = -1;
  let detail = '';
  const consider = (used: number, every: number, unit: string) => {
    const r = used / every;
    if (r > ratio) {
      ratio = r;
      detail = `${Math.round(used)} of ${every} ${unit} since the last service`;
    }
  };
  const odometer = Math.max(facts?.odometer ?? -Infinity, readingOdometer ?? -Infinity);
  if (condition.everyKm !== undefined && service.odometer !== undefined && Number.isFinite(odometer)) {
    consider(odometer - service.odometer, condition.everyKm, 'km');
  }
  if (
    condition.everyEngineHours !== undefined &&
    service.engineHours !== undefined &&
    facts?.engineHours !== undefined
  ) {
    consider(facts.engineHours - service.engineHours, condition.everyEngineHours, 'engine hours');
  }
  if (condition.everyDays !== undefined && Number.isFinite(serviceMs)) {
    consider((atMs - serviceMs) / DAY_MS, condition.everyDays, 'days');
  }
  return ratio < 0 ? undefined : { ratio, detail };
}

/**
 * The largest share of any interval used, as {@link maintenanceStatus} computes it, without
 * building its text: what the engine asks per reading. -1 when unknown.
 */
export function maintenanceRatio(
  condition: MaintenanceCondition['maintenance'],
  facts: MaintenanceFacts | undefined,
  atMs: number,
  readingOdometer: number | undefined,
  serviceMs: number,
): number {
  const service = facts?.lastService;
  if (!service) return -1;
  let ratio = -1;
  const odometer = Math.max(facts?.odometer ?? -Infinity, readingOdometer ?? -Infinity);
  if (condition.everyKm !== undefined && service.odometer !== undefined && Number.isFinite(odometer)) {
    ratio = Math.max(ratio, (odometer - service.odometer) / condition.everyKm);
  }
  if (
    condition.everyEngineHours !== undefined &&
    service.engineHours !== undefined &&
    facts?.engineHours !== undefined
  ) {
    ratio = Math.max(ratio, (facts.engineHours - service.engineHours) / condition.everyEngineHours);
  }
  if (condition.everyDays !== undefined && Number.isFinite(serviceMs)) {
    ratio = Math.max(ratio, (atMs - serviceMs) / DAY_MS / condition.everyDays);
  }
  return ratio;
}
