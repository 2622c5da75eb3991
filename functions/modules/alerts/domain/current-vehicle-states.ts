import type { VehicleState } from '../../fleet/domain/fleet.js';
import { type Reading, SENSOR_FIELDS } from '../../fleet/domain/reading.js';

/**
 * The vehicles' states as of this batch: each stored state with the batch's newer readings folded
 * in, sensor by sensor, and a state for a vehicle reporting for the first time. Ingest publishes a
 * batch before the ingest log consumer moves vehicle state (docs/adr/0061), so what must
 * judge the batch's own values (the failure model's snapshot) cannot rely on the stored state
 * having caught up yet. Older readings (late arrivals) never move a value back.
 */
export function currentVehicleStates(
  tenantId: string,
  stored: readonly VehicleState[],
  readings: readonly Reading[],
): VehicleState[] {
  const states = new Map(stored.map((state) => [state.vehicleId, state]));
  const ordered = [...readings].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  for (const reading of ordered) {
    const state = states.get(reading.vehicleId);
    if (state && state.lastSeenAt >= reading.ts) continue;
    const values: Record<string, number> = { ...(state?.readings ?? {}) };
    for (const field of SENSOR_FIELDS) {
      const value = reading[field];
      if (typeof value === 'number') values[field] = value;
    }
    states.set(reading.vehicleId, {
      ...(state ?? { tenantId, vehicleId: reading.vehicleId }),
      lastSeenAt: reading.ts,
      readings: values,
    });
  }
  return [...states.values()];
}
