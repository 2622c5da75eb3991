import { describe, expect, it } from 'vitest';
import { maintenancePredictedAlert } from '../../functions/ml/maintenance-prediction.js';

const prediction = (probability: number) => ({ vehicleId: 'TRK-204', probability, horizonHours: 48, threshold: 0.8 });

describe('maintenancePredictedAlert', () => {
  it('raises nothing at or below the threshold', () => {
    expect(maintenancePredictedAlert(prediction(0.8))).toBeUndefined();
    expect(maintenancePredictedAlert(prediction(0.2))).toBeUndefined();
  });

  it('raises a WARNING candidate above 0.8 and CRITICAL when failure is near certain', () => {
    expect(maintenancePredictedAlert(prediction(0.85))).toEqual({
      ruleId: 'MAINTENANCE_PREDICTED',
      severity: 'WARNING',
      vehicleId: 'TRK-204',
      probability: 0.85,
      message: 'TRK-204: 85% chance of failure within 48 operating hours; schedule maintenance',
    });
    expect(maintenancePredictedAlert(prediction(0.97))?.severity).toBe('CRITICAL');
  });

  it('treats a NaN probability as no prediction', () => {
    expect(maintenancePredictedAlert(prediction(Number.NaN))).toBeUndefined();
  });
});
