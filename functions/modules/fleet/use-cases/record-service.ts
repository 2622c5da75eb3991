import type { VehicleService } from '../domain/fleet.js';
import { VehicleNotFound } from '../errors.js';
import type { VehicleRegistry } from '../ports/vehicle-registry.js';

/** The ports recording a service needs. */
export interface RecordServicePorts {
  readonly vehicles: Pick<VehicleRegistry, 'get' | 'conditions' | 'recordService'>;
}

export interface RecordServiceCommand {
  readonly tenantId: string;
  readonly vehicleId: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  /** When the service was done; defaults to `recordedAt`. */
  readonly ts?: string;
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly notes?: string;
}

/**
 * Records a service of a vehicle of the caller's tenant (404 otherwise):
 * 1. odometer and engine hours not given are taken from the vehicle's state, so "km since the last
 *    service" has a baseline even when the workshop did not note them;
 * 2. the service is kept in the history and becomes the state's lastService unless a newer one is
 *    recorded already. Resending the same (vehicle, ts) rewrites the same record.
 */
export async function recordService(ports: RecordServicePorts, command: RecordServiceCommand): Promise<VehicleService> {
  const vehicle = await ports.vehicles.get(command.tenantId, command.vehicleId);
  if (!vehicle) throw new VehicleNotFound(command.vehicleId);
  const [condition] = await ports.vehicles.conditions(command.tenantId, [command.vehicleId]);
  const odometer = command.odometer ?? condition?.odometer;
  const engineHours = command.engineHours ?? condition?.engineHours;
  const service: VehicleService = {
    tenantId: command.tenantId,
    vehicleId: command.vehicleId,
    ts: command.ts ?? command.recordedAt,
    ...(odometer === undefined ? {} : { odometer }),
    ...(engineHours === undefined ? {} : { engineHours }),
    ...(command.notes === undefined ? {} : { notes: command.notes }),
    recordedBy: command.recordedBy,
    recordedAt: command.recordedAt,
  };
  await ports.vehicles.recordService(service);
  return service;
}
