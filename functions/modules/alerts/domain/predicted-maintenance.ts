import type { FailurePrediction, VehicleHealthReading } from '../../../ml/ports/failure-predictor.js';
import type { VehicleState } from '../../fleet/domain/fleet.js';
import type { Reading } from '../../fleet/domain/reading.js';
import { type Alert, type Severity, SYSTEM_ACTOR } from './alert.js';
import { alertIdFor } from './alert-id.js';

/** The alert type a failure prediction above threshold raises (event `maintenance.predicted`). */
export const MAINTENANCE_PREDICTED = 'MAINTENANCE_PREDICTED';

/** Above this probability the predicted failure is treated as imminent. */
export const IMMINENT_FAILURE_PROBABILITY = 0.95;

/**
 * The model's input for a vehicle, from its last known state: the failure model needs engine
 * temperature, oil pressure, battery voltage and rpm together, and one reading rarely carries all
 * four, so the merged state (newest value of each field) is what is scored. Undefined when the
 * vehicle has not reported all four yet.
 */
export function healthSnapshot(state: VehicleState): VehicleHealthReading | undefined {
  const { engineTemp, oilPressure, batteryVoltage, rpm } = state.readings;
  if (engineTemp === undefined || oilPressure === undefined || batteryVoltage === undefined || rpm === undefined) {
    return undefined;
  }
  return { vehicleId: state.vehicleId, engineTemp, oilPressure, batteryVoltage, rpm };
}

/**
 * The `MAINTENANCE_PREDICTED` alerts for predictions above their threshold (the seeds' 0.8):
 * HIGH, or CRITICAL when failure is near certain. The alert carries the state that was scored, and
 * its id is derived from (tenant, vehicle, type, state time) like rule alerts, so a retried
 * evaluation recognises what it raised.
 */
export function predictedMaintenanceAlerts(
  tenantId: string,
  predictions: readonly FailurePrediction[],
  states: readonly VehicleState[],
  raisedAt: string,
): Alert[] {
  const stateOf = new Map(states.map((s) => [s.vehicleId, s]));
  return predictions.flatMap((prediction) => {
    const state = stateOf.get(prediction.vehicleId);
    if (!state || !(prediction.probability > prediction.threshold)) return [];
    const severity: Severity = prediction.probability > IMMINENT_FAILURE_PROBABILITY ? 'CRITICAL' : 'HIGH';
    const percent = Math.round(prediction.probability * 100);
    const reading = { ...state.readings, vehicleId: state.vehicleId, ts: state.lastSeenAt } as Reading;
    return [
      {
        tenantId,
        alertId: alertIdFor(tenantId, state.vehicleId, MAINTENANCE_PREDICTED, state.lastSeenAt),
        vehicleId: state.vehicleId,
        type: MAINTENANCE_PREDICTED,
        severity,
        status: 'open' as const,
        message: `${state.vehicleId}: ${percent}% chance of failure within ${prediction.horizonHours} operating hours. Schedule maintenance.`,
        readings: [reading],
        raisedAt,
        history: [{ at: raisedAt, by: SYSTEM_ACTOR, action: 'raised' as const }],
      },
    ];
  });
}
