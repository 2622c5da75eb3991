import type { Reading } from '../../fleet/domain/reading.js';
import type { Connection } from '../ports/connection-repository.js';

/** The `data` of a `vehicle.position` frame, whose fields the v1 API contract fixes for clients. */
export interface VehiclePosition {
  readonly vehicleId: string;
  readonly lat: number;
  readonly lng: number;
  readonly speed?: number;
  readonly heading?: number;
  readonly ts: string;
}

/** Subscribes to every vehicle of the tenant. */
export const ALL_VEHICLES = '*';

/** At most one frame per vehicle per this many milliseconds on one socket (issue #9). */
export const POSITION_INTERVAL_MS = 1000;

/**
 * The newest position of each vehicle in a batch: readings with both `lat` and `lng`, the latest
 * `ts` per vehicle. This is the per-invocation half of the coalescing: a batch carrying many
 * readings of one vehicle sends at most one frame for it.
 */
export function latestPositions(readings: readonly Reading[]): VehiclePosition[] {
  const latest = new Map<string, Reading>();
  for (const reading of readings) {
    if (!Number.isFinite(reading.lat) || !Number.isFinite(reading.lng)) continue;
    const seen = latest.get(reading.vehicleId);
    if (!seen || Date.parse(reading.ts) > Date.parse(seen.ts)) latest.set(reading.vehicleId, reading);
  }
  return [...latest.values()].map((reading) => {
    const heading = (reading as { heading?: unknown }).heading;
    return {
      vehicleId: reading.vehicleId,
      lat: reading.lat as number,
      lng: reading.lng as number,
      ...(Number.isFinite(reading.speed) ? { speed: reading.speed as number } : {}),
      ...(typeof heading === 'number' && Number.isFinite(heading) ? { heading } : {}),
      ts: reading.ts,
    };
  });
}

/** Whether the connection subscribed to this vehicle (or to all of its tenant's). */
export function subscribesTo(connection: Connection, vehicleId: string): boolean {
  const subscriptions = connection.positionSubscriptions ?? [];
  return subscriptions.includes(ALL_VEHICLES) || subscriptions.includes(vehicleId);
}

/**
 * The positions a connection should get now: those it subscribes to whose vehicle it has not
 * been sent a frame for in the last {@link POSITION_INTERVAL_MS} (the per-socket half).
 */
export function duePositions(
  connection: Connection,
  positions: readonly VehiclePosition[],
  nowMs: number,
  intervalMs = POSITION_INTERVAL_MS,
): VehiclePosition[] {
  const sentAt = connection.positionSentAt ?? {};
  return positions.filter((p) => {
    if (!subscribesTo(connection, p.vehicleId)) return false;
    const last = sentAt[p.vehicleId];
    return last === undefined || nowMs - last >= intervalMs;
  });
}

/**
 * The sent-at record after sending `sent` at `nowMs`: entries older than the interval are dropped
 * (they no longer hold anything back), so the record stays as small as one second of frames.
 */
export function nextSentAt(
  previous: Readonly<Record<string, number>> | undefined,
  sent: readonly VehiclePosition[],
  nowMs: number,
  intervalMs = POSITION_INTERVAL_MS,
): Record<string, number> {
  const next: Record<string, number> = {};
  for (const [vehicleId, at] of Object.entries(previous ?? {})) if (nowMs - at < intervalMs) next[vehicleId] = at;
  for (const position of sent) next[position.vehicleId] = nowMs;
  return next;
}
