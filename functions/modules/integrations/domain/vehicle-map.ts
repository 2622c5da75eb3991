import type { VendorReading } from './vendor-reading.js';

/** At most this many vendor ids per partner: the map lives on the partner's item (400 KB). */
export const MAX_VEHICLE_MAPPINGS = 2000;

/** A partner's vendor vehicle id → fleetops vehicle id. */
export type VehicleMap = Readonly<Record<string, string>>;

/**
 * The fleetops vehicle a vendor's vehicle is: the mapping of its vendor id, else of its display
 * name, else the display name itself (operators often name vendor vehicles by fleet number), else
 * the vendor id unchanged. Whether that vehicle is the tenant's is ingest's question.
 */
export function vehicleIdOf(
  map: VehicleMap | undefined,
  vendor: Pick<VendorReading, 'vendorVehicleId' | 'vendorVehicleName'>,
): string {
  const byId = map?.[vendor.vendorVehicleId];
  if (byId !== undefined) return byId;
  if (vendor.vendorVehicleName !== undefined) return map?.[vendor.vendorVehicleName] ?? vendor.vendorVehicleName;
  return vendor.vendorVehicleId;
}
