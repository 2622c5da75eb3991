import type { FailurePrediction } from '../ports/failure-predictor.js';

/** Alert candidate the alert engine turns into a `maintenance.predicted` alert. */
export interface MaintenancePredictedCandidate {
  ruleId: 'MAINTENANCE_PREDICTED';
  severity: 'WARNING' | 'CRITICAL';
  vehicleId: string;
  probability: number;
  message: string;
}

/** Above this probability a predicted failure is treated as imminent. */
export const CRITICAL_PROBABILITY = 0.95;

/**
 * Turns a failure prediction into a `maintenance.predicted` alert candidate, or `undefined` when
 * the probability is not above the threshold (0.8, the seeds' figure, carried by the prediction).
 * Pure, so the alert engine wires it with one call after `FailurePredictor.predict`.
 */
export function maintenancePredictedAlert(prediction: FailurePrediction): MaintenancePredictedCandidate | undefined {
  if (!(prediction.probability > prediction.threshold)) return undefined;
  const percent = Math.round(prediction.probability * 100);
  return {
    ruleId: 'MAINTENANCE_PREDICTED',
    severity: prediction.probability > CRITICAL_PROBABILITY ? 'CRITICAL' : 'WARNING',
    vehicleId: prediction.vehicleId,
    probability: prediction.probability,
    message: `${prediction.vehicleId}: ${percent}% chance of failure within ${prediction.horizonHours} operating hours; schedule maintenance`,
  };
}
