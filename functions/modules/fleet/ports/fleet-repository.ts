import type { Tenant, User, Vehicle, VehicleState } from '../domain/fleet.js';
import type { Reading } from '../domain/reading.js';

/** Tenants, users, vehicles and vehicle state. */
export interface FleetRepository {
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  putTenant(tenant: Tenant): Promise<void>;
  putUser(user: User): Promise<void>;
  listUsers(tenantId: string): Promise<User[]>;
  putVehicle(vehicle: Vehicle): Promise<void>;
  listVehicles(tenantId: string): Promise<Vehicle[]>;
  /** The ids among `vehicleIds` that are not vehicles of this tenant (another tenant's count as unknown). */
  unknownVehicles(tenantId: string, vehicleIds: readonly string[]): Promise<string[]>;
  /** Merges readings into the vehicle's state; an older reading never overwrites a newer one. */
  updateVehicleState(tenantId: string, readings: readonly Reading[]): Promise<void>;
  getVehicleState(tenantId: string, vehicleId: string): Promise<VehicleState | undefined>;
  /** The states of these vehicles that exist, in any order: one read per 100 vehicles, not one per vehicle. */
  getVehicleStates(tenantId: string, vehicleIds: readonly string[]): Promise<VehicleState[]>;
  /**
   * Each vehicle's `lastSeenAt` (the newest stored reading its state has taken in), for the vehicles
   * that have a state: one small read per 100 vehicles. Ingest looks up only readings at or before it.
   */
  lastSeen(tenantId: string, vehicleIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}
