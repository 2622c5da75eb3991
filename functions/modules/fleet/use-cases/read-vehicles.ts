import type { FleetScope } from '../domain/fleet-scope.js';
import { canSee } from '../domain/fleet-scope.js';
import { type VehicleDetail, type VehicleSummary, vehicleDetail, vehicleSummary } from '../domain/vehicle-view.js';
import { VehicleNotFound } from '../errors.js';
import { type VehicleRegistry, vehicleOf } from '../ports/vehicle-registry.js';

/** The ports reading vehicles needs. */
export interface ReadVehiclesPorts {
  readonly vehicles: Pick<VehicleRegistry, 'get' | 'list' | 'conditions'>;
}

export interface ListVehiclesCommand {
  readonly scope: FleetScope;
  /** Case-insensitive substring of the vehicle id or name. */
  readonly q?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface VehicleSummaryPage {
  readonly items: VehicleSummary[];
  readonly nextCursor?: string;
}

/**
 * One page of the vehicles the caller may see, in id order, each with its live state:
 * 1. a page of the tenant's vehicles (a driver's filtered to theirs);
 * 2. the states of that page in one batch read, joined.
 */
export async function listVehicles(
  ports: ReadVehiclesPorts,
  command: ListVehiclesCommand,
): Promise<VehicleSummaryPage> {
  const { scope } = command;
  const page = await ports.vehicles.list(
    scope.tenantId,
    {
      ...(command.q === undefined ? {} : { q: command.q }),
      ...(scope.driverId === undefined ? {} : { driverId: scope.driverId }),
    },
    command.limit,
    command.cursor,
  );
  const conditions = await ports.vehicles.conditions(
    scope.tenantId,
    page.items.map((vehicle) => vehicle.vehicleId),
  );
  const byId = new Map(conditions.map((condition) => [condition.vehicleId, condition]));
  const items = page.items.map((vehicle) => vehicleSummary(vehicle, byId.get(vehicle.vehicleId)));
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

/** A vehicle the caller may see, with its state; VehicleNotFound (404) for any other, another tenant's included. */
export async function getVehicle(
  ports: ReadVehiclesPorts,
  scope: FleetScope,
  vehicleId: string,
): Promise<VehicleDetail> {
  const record = await ports.vehicles.get(scope.tenantId, vehicleId);
  const vehicle = record ? vehicleOf(record) : undefined;
  if (!vehicle || !canSee(scope, vehicle)) throw new VehicleNotFound(vehicleId);
  const [condition] = await ports.vehicles.conditions(scope.tenantId, [vehicleId]);
  return vehicleDetail(vehicle, condition);
}
