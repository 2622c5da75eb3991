import { apiRequest } from './http.js';
import type { Alert } from './types.js';

/** Where a vehicle last reported a position, and when. */
export interface VehiclePositionFix {
  readonly lat: number;
  readonly lng: number;
  readonly ts: string;
}

/** A vehicle as `GET /v1/vehicles` lists it (contract "Fleet"). */
export interface VehicleSummary {
  readonly vehicleId: string;
  readonly name: string;
  readonly type: string;
  readonly driverId?: string;
  readonly lastSeenAt?: string;
  readonly position?: VehiclePositionFix;
  /** The latest value of each sensor. */
  readonly readings?: Readonly<Record<string, number>>;
  readonly openAlerts: number;
}

/** The last recorded service: the baseline of maintenance intervals. */
export interface LastService {
  readonly ts: string;
  readonly odometer?: number;
  readonly engineHours?: number;
}

/** A vehicle as `GET /v1/vehicles/{vehicleId}` answers it. */
export interface VehicleDetail extends VehicleSummary {
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly lastService?: LastService;
}

/** One page of the vehicle list. */
export interface VehiclePage {
  readonly items: VehicleSummary[];
  readonly nextCursor?: string;
}

/** One point of a telemetry series: a reading, or a bucket's aggregate starting at `ts`. */
export type TelemetryPoint = { readonly ts: string; readonly count?: number } & Readonly<
  Record<string, number | string | undefined>
>;

/** `GET /v1/vehicles/{vehicleId}/telemetry`: the readings of a range, oldest first, maybe downsampled. */
export interface TelemetrySeries {
  readonly vehicleId: string;
  readonly from: string;
  readonly to: string;
  readonly readings: number;
  readonly downsampled: boolean;
  readonly bucketSeconds?: number;
  readonly items: TelemetryPoint[];
}

/** Body of `POST /v1/vehicles/{vehicleId}/services`. */
export interface ServiceInput {
  readonly ts?: string;
  readonly odometer?: number;
  readonly engineHours?: number;
  readonly notes?: string;
}

const vehiclePath = (vehicleId: string) => `/v1/vehicles/${encodeURIComponent(vehicleId)}`;

/** `GET /v1/vehicles?q=&limit=&cursor=`: the vehicles the caller may see (a driver only theirs). */
export function listVehicles(options: { q?: string; cursor?: string; limit?: number } = {}): Promise<VehiclePage> {
  const query = new URLSearchParams({ limit: String(options.limit ?? 25) });
  if (options.q) query.set('q', options.q);
  if (options.cursor) query.set('cursor', options.cursor);
  return apiRequest<VehiclePage>(`/v1/vehicles?${query}`);
}

/** `GET /v1/vehicles/{vehicleId}`: the vehicle with odometer, engine hours and last service. */
export function getVehicle(vehicleId: string): Promise<VehicleDetail> {
  return apiRequest<VehicleDetail>(vehiclePath(vehicleId));
}

/** `GET /v1/vehicles/{vehicleId}/telemetry?from=&to=`: readings of the range, oldest first. */
export function vehicleTelemetry(vehicleId: string, from: Date, to: Date, limit = 500): Promise<TelemetrySeries> {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), limit: String(limit) });
  return apiRequest<TelemetrySeries>(`${vehiclePath(vehicleId)}/telemetry?${query}`);
}

/** `POST /v1/vehicles/{vehicleId}/services`: records a service; the vehicle's lastService moves forward. */
export function recordService(vehicleId: string, service: ServiceInput): Promise<ServiceInput & { ts: string }> {
  return apiRequest(`${vehiclePath(vehicleId)}/services`, { method: 'POST', body: service });
}

/** `GET /v1/alerts?vehicleId=`: the vehicle's alerts, newest first (alert readers only). */
export async function vehicleAlerts(vehicleId: string, limit = 20): Promise<Alert[]> {
  const query = new URLSearchParams({ vehicleId, limit: String(limit) });
  return (await apiRequest<{ items: Alert[] }>(`/v1/alerts?${query}`)).items;
}
