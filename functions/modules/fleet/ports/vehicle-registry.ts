import type { Vehicle, VehicleCondition, VehicleService, VehicleType } from '../domain/fleet.js';

/** An event owed for a vehicle write: set with the write, cleared once published (docs/adr/0080). */
export interface PendingEvent {
  readonly id: string;
  readonly detailType: string;
}

/** A vehicle as stored, with the event its last write still owes, if any. */
export interface VehicleRecord extends Vehicle {
  readonly pendingEvent?: PendingEvent;
}

/** A change to a vehicle; `driverId: null` unassigns the driver. */
export interface VehiclePatch {
  readonly name?: string;
  readonly type?: VehicleType;
  readonly driverId?: string | null;
}

/** Which of a tenant's vehicles a list shows. */
export interface VehicleFilter {
  /** Case-insensitive substring of the vehicle id or name (so a prefix matches too). */
  readonly q?: string;
  /** Only vehicles assigned to this driver. */
  readonly driverId?: string;
}

export interface VehiclePage {
  readonly items: Vehicle[];
  readonly nextCursor?: string;
}

export type RegisterResult =
  | { readonly created: true; readonly vehicle: VehicleRecord }
  | { readonly created: false; readonly existing: VehicleRecord };

/** The fleet's vehicle register (C2): vehicles, their services and their condition, per tenant. */
export interface VehicleRegistry {
  /** Stores a new vehicle unless the tenant has one with this id (then returns that one untouched). */
  register(vehicle: Vehicle, pendingEvent: PendingEvent): Promise<RegisterResult>;
  /** Applies a patch to an existing vehicle; undefined when the tenant has no such vehicle. */
  update(
    tenantId: string,
    vehicleId: string,
    patch: VehiclePatch,
    pendingEvent: PendingEvent,
  ): Promise<VehicleRecord | undefined>;
  /** Clears the pending event once published, unless a later write owes another one. */
  eventPublished(tenantId: string, vehicleId: string, pendingEventId: string): Promise<void>;
  get(tenantId: string, vehicleId: string): Promise<VehicleRecord | undefined>;
  /** One page of the tenant's vehicles in id order; a cursor of another tenant is refused (INVALID_CURSOR). */
  list(tenantId: string, filter: VehicleFilter, limit: number, cursor?: string): Promise<VehiclePage>;
  /** The condition (state) of these vehicles that have one, in any order. */
  conditions(tenantId: string, vehicleIds: readonly string[]): Promise<VehicleCondition[]>;
  /** Keeps the service in the vehicle's history and makes it lastService unless a newer one is there. */
  recordService(service: VehicleService): Promise<void>;
}

/** A stored vehicle without the registry's bookkeeping (the event it owes). */
export function vehicleOf(record: VehicleRecord): Vehicle {
  const { pendingEvent: _pending, ...vehicle } = record;
  return vehicle;
}
