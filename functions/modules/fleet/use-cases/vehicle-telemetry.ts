import { SeriesBuilder, type TelemetrySeries } from '../domain/downsample.js';
import { canSee, type FleetScope } from '../domain/fleet-scope.js';
import { VehicleNotFound } from '../errors.js';
import type { TelemetryHistory } from '../ports/telemetry-history.js';
import { type VehicleRegistry, vehicleOf } from '../ports/vehicle-registry.js';

/** The ports reading a vehicle's telemetry needs. */
export interface VehicleTelemetryPorts {
  readonly vehicles: Pick<VehicleRegistry, 'get'>;
  readonly history: TelemetryHistory;
}

export interface VehicleTelemetryQuery {
  readonly scope: FleetScope;
  readonly vehicleId: string;
  /** Normalised ISO instants, from <= to. */
  readonly from: string;
  readonly to: string;
  /** At most this many points; a range holding more readings is downsampled. */
  readonly limit: number;
}

/**
 * A vehicle's readings in [from, to]: 1. the vehicle must be one the caller may see (404 otherwise);
 * 2. its readings are folded page by page into a series of at most `limit` points, raw when the
 * range holds that few, else buckets (see SeriesBuilder).
 */
export async function vehicleTelemetry(
  ports: VehicleTelemetryPorts,
  query: VehicleTelemetryQuery,
): Promise<TelemetrySeries> {
  const record = await ports.vehicles.get(query.scope.tenantId, query.vehicleId);
  if (!record || !canSee(query.scope, vehicleOf(record))) throw new VehicleNotFound(query.vehicleId);
  const series = new SeriesBuilder(Date.parse(query.from), Date.parse(query.to), query.limit);
  for await (const page of ports.history.readings(query.scope.tenantId, query.vehicleId, query.from, query.to)) {
    series.add(page);
  }
  return series.build();
}
