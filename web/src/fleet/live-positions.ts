import type { VehicleSummary } from '../api/fleet-client.js';

/** A `vehicle.position` frame's data (contract "Fleet"). */
export interface LivePosition {
  readonly vehicleId: string;
  readonly lat: number;
  readonly lng: number;
  readonly speed?: number;
  readonly heading?: number;
  readonly ts: string;
}

/** Reads a frame's data as a position; undefined when it is not one. */
export function positionOf(data: unknown): LivePosition | undefined {
  const p = data as Partial<LivePosition> | null;
  if (!p || typeof p.vehicleId !== 'string' || typeof p.ts !== 'string') return undefined;
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng)) return undefined;
  return p as LivePosition;
}

/** The vehicles' last known positions from the list, as the live view starts with them. */
export function positionsFromVehicles(vehicles: readonly VehicleSummary[]): Map<string, LivePosition> {
  const positions = new Map<string, LivePosition>();
  for (const v of vehicles) {
    if (!v.position) continue;
    const speed = v.readings?.speed;
    positions.set(v.vehicleId, {
      vehicleId: v.vehicleId,
      lat: v.position.lat,
      lng: v.position.lng,
      ts: v.position.ts,
      ...(speed === undefined ? {} : { speed }),
    });
  }
  return positions;
}

/** Positions with `next` applied, unless it is older than what is held (frames may arrive out of order). */
export function withPosition(
  positions: ReadonlyMap<string, LivePosition>,
  next: LivePosition,
): Map<string, LivePosition> {
  const held = positions.get(next.vehicleId);
  const copy = new Map(positions);
  if (!held || Date.parse(next.ts) >= Date.parse(held.ts)) copy.set(next.vehicleId, next);
  return copy;
}

/**
 * The fleet list with one `vehicle.position` frame applied: the vehicle's position, last seen and
 * speed move on when the frame is newer than its position. The same array when nothing changes (the
 * vehicle is not on the list, or the frame is older), so a screen does not re-render for it.
 */
export function withLiveFix<V extends VehicleSummary>(vehicles: readonly V[], next: LivePosition): readonly V[] {
  const index = vehicles.findIndex((v) => v.vehicleId === next.vehicleId);
  const held = vehicles[index];
  if (!held) return vehicles;
  const at = Date.parse(next.ts);
  if (held.position && at < Date.parse(held.position.ts)) return vehicles;
  const moved: V = {
    ...held,
    position: { lat: next.lat, lng: next.lng, ts: next.ts },
    lastSeenAt: held.lastSeenAt && Date.parse(held.lastSeenAt) > at ? held.lastSeenAt : next.ts,
    ...(next.speed === undefined ? {} : { readings: { ...held.readings, speed: next.speed } }),
  };
  const copy = [...vehicles];
  copy[index] = moved;
  return copy;
}
