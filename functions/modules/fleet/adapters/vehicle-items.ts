import type { LastService, Position, Vehicle, VehicleCondition, VehicleState } from '../domain/fleet.js';
import { SENSOR_FIELDS } from '../domain/reading.js';
import { engineHoursOf } from '../domain/vehicle-state.js';
import type { PendingEvent, VehicleRecord } from '../ports/vehicle-registry.js';
import { ENTITY, keys } from './keys.js';

/**
 * The stored form of a vehicle. `searchKey` (id and name, lower case) is what `q` matches with
 * `contains`, so the list filter is case-insensitive without a second index.
 */
export function vehicleItem(vehicle: Vehicle, pendingEvent?: PendingEvent): Record<string, unknown> {
  return {
    tenantId: vehicle.tenantId,
    vehicleId: vehicle.vehicleId,
    name: vehicle.name,
    type: vehicle.type,
    ...(vehicle.driverId === undefined ? {} : { driverId: vehicle.driverId }),
    pk: keys.tenant(vehicle.tenantId),
    sk: keys.vehicle(vehicle.vehicleId),
    entity: ENTITY.vehicle,
    searchKey: searchKeyOf(vehicle.vehicleId, vehicle.name),
    ...(pendingEvent ? { pendingEvent } : {}),
  };
}

/** What `q` is matched against. */
export function searchKeyOf(vehicleId: string, name: string): string {
  return `${vehicleId}\u0000${name}`.toLowerCase();
}

/** A vehicle item back into the domain type (storage attributes and searchKey stay behind). */
export function toVehicleRecord(item: Readonly<Record<string, unknown>>): VehicleRecord {
  const pending = item.pendingEvent as PendingEvent | undefined;
  return {
    tenantId: String(item.tenantId),
    vehicleId: String(item.vehicleId),
    name: String(item.name),
    type: item.type as Vehicle['type'],
    ...(typeof item.driverId === 'string' ? { driverId: item.driverId } : {}),
    ...(pending && typeof pending.id === 'string' ? { pendingEvent: pending } : {}),
  };
}

/**
 * A vehicle-state item as the domain's VehicleCondition. Sensors are top-level attributes (so a
 * reading that lacks a field leaves the previous value); open alerts are a string set of ids.
 */
export function toVehicleCondition(tenantId: string, item: Readonly<Record<string, unknown>>): VehicleCondition {
  const readings: Record<string, number> = {};
  for (const field of SENSOR_FIELDS) {
    const value = item[field];
    if (typeof value === 'number') readings[field] = value;
  }
  const openAlertIds = item.openAlertIds;
  const openAlerts = openAlertIds instanceof Set ? openAlertIds.size : 0;
  const position = item.position as Position | undefined;
  const lastService = item.lastService as LastService | undefined;
  return {
    tenantId,
    vehicleId: String(item.vehicleId),
    ...(typeof item.lastSeenAt === 'string' ? { lastSeenAt: item.lastSeenAt, readings } : {}),
    ...(position ? { position: { lat: position.lat, lng: position.lng, ts: position.ts } } : {}),
    ...(typeof item.odometer === 'number' ? { odometer: item.odometer } : {}),
    ...(typeof item.engineSeconds === 'number' ? { engineHours: engineHoursOf(item.engineSeconds) } : {}),
    ...(lastService ? { lastService } : {}),
    openAlerts,
  };
}

/** The condition of a vehicle that has reported, as evaluation reads it; undefined before its first reading. */
export function toVehicleState(tenantId: string, item: Readonly<Record<string, unknown>>): VehicleState | undefined {
  const condition = toVehicleCondition(tenantId, item);
  return condition.lastSeenAt !== undefined && condition.readings !== undefined
    ? { ...condition, lastSeenAt: condition.lastSeenAt, readings: condition.readings }
    : undefined;
}
