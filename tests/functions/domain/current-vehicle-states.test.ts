import { describe, expect, it } from 'vitest';
import { currentVehicleStates } from '../../../functions/modules/alerts/domain/current-vehicle-states.js';

describe('currentVehicleStates', () => {
  const stored = {
    tenantId: 'acme',
    vehicleId: 'TRK-1',
    lastSeenAt: '2026-11-22T14:00:00.000Z',
    readings: { engineTemp: 90, oilPressure: 40, batteryVoltage: 13.8, rpm: 2000 },
    openAlerts: 0,
  };

  it("folds the batch's newer readings into the stored state, sensor by sensor", () => {
    const [state] = currentVehicleStates(
      'acme',
      [stored],
      [
        { vehicleId: 'TRK-1', ts: '2026-11-22T14:00:05.000Z', engineTemp: 120 },
        { vehicleId: 'TRK-1', ts: '2026-11-22T14:00:10.000Z', oilPressure: 10 },
      ],
    );
    expect(state).toEqual({
      ...stored,
      lastSeenAt: '2026-11-22T14:00:10.000Z',
      readings: { engineTemp: 120, oilPressure: 10, batteryVoltage: 13.8, rpm: 2000 },
    });
  });

  it('never moves a value back for a late reading', () => {
    const [state] = currentVehicleStates(
      'acme',
      [stored],
      [{ vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00.000Z', engineTemp: 50 }],
    );
    expect(state).toEqual(stored);
  });

  it('builds a state for a vehicle reporting for the first time', () => {
    const states = currentVehicleStates('acme', [], [{ vehicleId: 'NEW-1', ts: '2026-11-22T14:00:00.000Z', rpm: 900 }]);
    expect(states).toEqual([
      { tenantId: 'acme', vehicleId: 'NEW-1', lastSeenAt: '2026-11-22T14:00:00.000Z', readings: { rpm: 900 } },
    ]);
  });
});
