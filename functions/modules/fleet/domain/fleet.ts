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

export interface Vehicle {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly name: string;
  readonly type: 'truck' | 'van' | 'car';
  readonly driverId?: string;
}

/** Last known state of a vehicle: the newest reading's values, field by field. */
export interface VehicleState {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly lastSeenAt: string;
  readonly readings: Readonly<Record<string, number>>;
}
