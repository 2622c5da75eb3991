import type { Position } from './fleet.js';
import { type Reading, SENSOR_FIELDS } from './reading.js';

/** A gap between two readings longer than this counts only this much engine time (contract). */
export const MAX_ENGINE_GAP_MS = 5 * 60_000;

/** What moving a vehicle's state forward needs to know of the state before. */
export interface StateBefore {
  readonly lastSeenAt?: string;
  /** The rpm of the state's newest reading, if it had one. */
  readonly rpm?: number;
}

/** How one vehicle's state moves forward for a set of its readings. */
export interface StateAdvance {
  readonly vehicleId: string;
  /** The newest reading's instant: the new lastSeenAt. */
  readonly ts: string;
  /** Per sensor, its value in the newest reading that has it. */
  readonly values: Readonly<Record<string, number>>;
  /** The newest reading with both lat and lng, if any. */
  readonly position?: Position;
  /** Engine time these readings add, in seconds. */
  readonly engineSeconds: number;
}

/**
 * Folds a vehicle's readings into the change they make to its state. Only readings newer than
 * `before.lastSeenAt` count: state is monotone in event time, so a late or replayed reading changes
 * nothing (undefined when none is newer). Engine time is the time between consecutive readings
 * (the state's last one included) that both have rpm > 0, each gap capped at
 * {@link MAX_ENGINE_GAP_MS}; a reading without rpm keeps the previous rpm.
 */
export function advanceState(
  vehicleId: string,
  before: StateBefore | undefined,
  readings: readonly Reading[],
): StateAdvance | undefined {
  const since = before?.lastSeenAt;
  const newer = readings
    .filter((reading) => reading.vehicleId === vehicleId && (since === undefined || reading.ts > since))
    .sort((a, b) => a.ts.localeCompare(b.ts));
  const newest = newer[newer.length - 1];
  if (!newest) return undefined;

  const values: Record<string, number> = {};
  let position: Position | undefined;
  let engineMs = 0;
  let previousTs = since;
  let previousRpm = before?.rpm;
  for (const reading of newer) {
    for (const field of SENSOR_FIELDS) {
      const value = reading[field];
      if (typeof value === 'number') values[field] = value;
    }
    if (typeof reading.lat === 'number' && typeof reading.lng === 'number') {
      position = { lat: reading.lat, lng: reading.lng, ts: reading.ts };
    }
    const rpm = reading.rpm ?? previousRpm;
    // Equal instants (a repeated ts) add nothing: the gap is zero.
    if (previousTs !== undefined && (previousRpm ?? 0) > 0 && (rpm ?? 0) > 0) {
      engineMs += Math.min(Date.parse(reading.ts) - Date.parse(previousTs), MAX_ENGINE_GAP_MS);
    }
    previousTs = reading.ts;
    previousRpm = rpm;
  }
  return {
    vehicleId,
    ts: newest.ts,
    values,
    ...(position ? { position } : {}),
    engineSeconds: engineMs / 1000,
  };
}

/** Engine seconds as the hours the API shows, to the millihour (3.6 s). */
export function engineHoursOf(engineSeconds: number): number {
  return Math.round((engineSeconds / 3600) * 1000) / 1000;
}
