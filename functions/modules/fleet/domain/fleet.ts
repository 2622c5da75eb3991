import type { Role } from '../../../platform/wiring/roles.js';

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  /** E.164 number texted for CRITICAL alerts. */
  readonly onCallPhone?: string;
}

export interface User {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly phone?: string;
  readonly email?: string;
}

/** The kinds of vehicle a fleet registers. */
export const VEHICLE_TYPES = ['truck', 'van', 'car'] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

/** A vehicle id: what readings, alerts and keys name a vehicle by (no `#`, the key separator). */
export const VEHICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export interface Vehicle {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly name: string;
  readonly type: VehicleType;
  /** The userId of the driver assigned to it: that driver sees this vehicle, other drivers do not. */
  readonly driverId?: string;
}

/** Where a vehicle last reported a position, and when. */
export interface Position {
  readonly lat: number;
  readonly lng: number;
  readonly ts: string;
}

/** The last recorded service, the baseline of maintenance intervals. */
export interface LastService {
  readonly ts: string;
  readonly odometer?: number;
  readonly engineHours?: number;
}

/**
 * What the fleet knows of a vehicle's condition (contract "Vehicle state"). Before its first
 * reading a vehicle may already have a service or open alerts, but no lastSeenAt, position or
 * readings.
 */
export interface VehicleCondition {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly lastSeenAt?: string;
  readonly position?: Position;
  /** The latest value of each sensor, field by field. */
  readonly readings?: Readonly<Record<string, number>>;
  /** km, the latest odometer reading. */
  readonly odometer?: number;
  /** Hours with rpm > 0, accumulated from consecutive readings (each gap capped at 5 minutes). */
  readonly engineHours?: number;
  readonly lastService?: LastService;
  /** Alerts raised for this vehicle and not yet resolved (acknowledged ones included). */
  readonly openAlerts: number;
}

/**
 * The state of a vehicle that has reported at least once: what evaluation reads for the vehicles
 * of a batch (their state is moved forward before `telemetry.received` is published).
 */
export interface VehicleState extends Omit<VehicleCondition, 'lastSeenAt' | 'readings' | 'openAlerts'> {
  readonly lastSeenAt: string;
  readonly readings: Readonly<Record<string, number>>;
  /**
   * Always set on a state read from the store. Optional in the type only so that states built by
   * hand (other modules' tests and fakes, written before this field) still compile.
   */
  readonly openAlerts?: number;
}

/** One recorded service of a vehicle (kept as history; the newest becomes the state's lastService). */
export interface VehicleService {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly ts: string;
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly notes?: string;
  /** userId of whoever recorded it. */
  readonly recordedBy: string;
  readonly recordedAt: string;
}
