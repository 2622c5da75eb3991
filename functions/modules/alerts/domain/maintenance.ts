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
 * A vehicle's service position as numbers, read from its facts once per vehicle and batch: the
 * engine then asks each maintenance rule's ratio per reading without walking the facts again.
 * One reused instance per evaluation (fields always present, one object shape).
 */
export class ServiceBasis {
  /** The vehicle has a recorded service: without one no interval is due (no baseline guessed). */
  service = false;
  /** The odometer at the last service; `hasServiceOdometer` says whether it was recorded. */
  hasServiceOdometer = false;
  serviceOdometer = 0;
  /** The state's odometer, -Infinity when unknown (a reading's own odometer may be newer). */
  odometer = Number.NEGATIVE_INFINITY;
  /** Engine hours since the last service, when both ends are known (`hasHours`). */
  hasHours = false;
  hoursUsed = 0;
  /** Epoch ms of the last service (NaN when unparseable). */
  serviceMs = Number.NaN;

  /** Reads `facts` (serviceMs: the last service's instant, parsed by the caller). */
  set(facts: MaintenanceFacts | undefined, serviceMs: number): this {
    const service = facts?.lastService;
    this.service = service !== undefined;
    this.hasServiceOdometer = service?.odometer !== undefined;
    this.serviceOdometer = service?.odometer ?? 0;
    this.odometer = facts?.odometer ?? Number.NEGATIVE_INFINITY;
    this.hasHours = service?.engineHours !== undefined && facts?.engineHours !== undefined;
    this.hoursUsed = this.hasHours ? (facts?.engineHours as number) - (service?.engineHours as number) : 0;
    this.serviceMs = serviceMs;
    return this;
  }
}

/** A maintenance condition's intervals as numbers (NaN: no such interval), compiled once per rule. */
export class ServiceInterval {
  readonly km: number;
  readonly engineHours: number;
  readonly days: number;

  constructor(condition: MaintenanceCondition['maintenance']) {
    this.km = condition.everyKm ?? Number.NaN;
    this.engineHours = condition.everyEngineHours ?? Number.NaN;
    this.days = condition.everyDays ?? Number.NaN;
  }
}

/**
 * The largest share of any interval used, as {@link maintenanceStatus} computes it, without
 * building its text: what the engine asks per reading. -1 when unknown. `readingOdometer` is
 * -Infinity when the reading has none.
 */
export function intervalRatio(
  interval: ServiceInterval,
  basis: ServiceBasis,
  atMs: number,
  readingOdometer: number,
): number {
  if (!basis.service) return -1;
  let ratio = -1;
  const odometer = Math.max(basis.odometer, readingOdometer);
  // NaN: an interval the condition does not set is skipped.
  if (!Number.isNaN(interval.km) && basis.hasServiceOdometer && Number.isFinite(odometer)) {
    ratio = Math.max(ratio, (odometer - basis.serviceOdometer) / interval.km);
  }
  if (!Number.isNaN(interval.engineHours) && basis.hasHours) {
    ratio = Math.max(ratio, basis.hoursUsed / interval.engineHours);
  }
  if (!Number.isNaN(interval.days) && Number.isFinite(basis.serviceMs)) {
    ratio = Math.max(ratio, (atMs - basis.serviceMs) / DAY_MS / interval.days);
  }
  return ratio;
}
