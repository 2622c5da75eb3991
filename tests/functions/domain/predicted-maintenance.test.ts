import { describe, expect, it } from 'vitest';
import {
  healthSnapshot,
  predictedMaintenanceAlerts,
} from '../../../functions/modules/alerts/domain/predicted-maintenance.js';
import type { VehicleState } from '../../../functions/modules/fleet/domain/fleet.js';

const state: VehicleState = {
  tenantId: 'acme',
  vehicleId: 'TRK-101',
  lastSeenAt: '2026-11-22T14:00:00.000Z',
  readings: { engineTemp: 101, oilPressure: 22, batteryVoltage: 12.3, rpm: 2100, speed: 64 },
};
const prediction = (probability: number) => ({ vehicleId: 'TRK-101', probability, horizonHours: 48, threshold: 0.8 });
const at = '2026-11-22T14:00:01.000Z';

describe('predictedMaintenanceAlerts', () => {
  it('raises nothing at or below the threshold, or for a probability that is not a number', () => {
    expect(predictedMaintenanceAlerts('acme', [prediction(0.8), prediction(0.2)], [state], at)).toEqual([]);
    expect(predictedMaintenanceAlerts('acme', [prediction(Number.NaN)], [state], at)).toEqual([]);
  });

  it('raises HIGH above 0.8 and CRITICAL above 0.95, carrying the scored state', () => {
    const [high] = predictedMaintenanceAlerts('acme', [prediction(0.85)], [state], at);
    const [critical] = predictedMaintenanceAlerts('acme', [prediction(0.97)], [state], at);

    expect(high).toMatchObject({
      tenantId: 'acme',
      vehicleId: 'TRK-101',
      type: 'MAINTENANCE_PREDICTED',
      severity: 'HIGH',
      status: 'open',
      raisedAt: at,
      readings: [{ vehicleId: 'TRK-101', ts: state.lastSeenAt, engineTemp: 101, speed: 64 }],
    });
    expect(high?.message).toBe('TRK-101: 85% chance of failure within 48 operating hours. Schedule maintenance.');
    expect(critical?.severity).toBe('CRITICAL');
    expect(critical?.alertId).toBe(high?.alertId);
  });

  it('ignores a prediction for a vehicle whose state it was not given', () => {
    expect(predictedMaintenanceAlerts('acme', [{ ...prediction(0.99), vehicleId: 'VAN-9' }], [state], at)).toEqual([]);
  });
});

describe('healthSnapshot', () => {
  it('takes the four model inputs from the state, or nothing when one is missing', () => {
    expect(healthSnapshot(state)).toEqual({
      vehicleId: 'TRK-101',
      engineTemp: 101,
      oilPressure: 22,
      batteryVoltage: 12.3,
      rpm: 2100,
    });
    expect(healthSnapshot({ ...state, readings: { engineTemp: 101, oilPressure: 22, rpm: 2100 } })).toBeUndefined();
  });
});
