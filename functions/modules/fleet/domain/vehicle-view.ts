import type { LastService, Position, Vehicle, VehicleCondition } from './fleet.js';

/** A vehicle as the list shows it (contract "Fleet"): master data and its live state. */
export interface VehicleSummary {
  readonly vehicleId: string;
  readonly name: string;
  readonly type: Vehicle['type'];
  readonly driverId?: string;
  readonly lastSeenAt?: string;
  readonly position?: Position;
  readonly readings?: Readonly<Record<string, number>>;
  readonly openAlerts: number;
}

/** A vehicle as its detail shows it: the summary plus odometer, engine hours and the last service. */
export interface VehicleDetail extends VehicleSummary {
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly lastService?: LastService;
}

/** Joins a vehicle with its condition (none before its first reading, service or alert). */
export function vehicleDetail(vehicle: Vehicle, condition: VehicleCondition | undefined): VehicleDetail {
  return {
    ...vehicleSummary(vehicle, condition),
    ...(condition?.odometer === undefined ? {} : { odometer: condition.odometer }),
    ...(condition?.engineHours === undefined ? {} : { engineHours: condition.engineHours }),
    ...(condition?.lastService === undefined ? {} : { lastService: condition.lastService }),
  };
}

/** The list's view of a vehicle: exactly the contract's item fields. */
export function vehicleSummary(vehicle: Vehicle, condition: VehicleCondition | undefined): VehicleSummary {
  return {
    vehicleId: vehicle.vehicleId,
    name: vehicle.name,
    type: vehicle.type,
    ...(vehicle.driverId === undefined ? {} : { driverId: vehicle.driverId }),
    ...(condition?.lastSeenAt === undefined ? {} : { lastSeenAt: condition.lastSeenAt }),
    ...(condition?.position === undefined ? {} : { position: condition.position }),
    ...(condition?.readings === undefined ? {} : { readings: condition.readings }),
    openAlerts: condition?.openAlerts ?? 0,
  };
}
