import { describe, expect, it } from 'vitest';
import {
  chunkBySize,
  collapseDuplicates,
  normaliseTimestamp,
  stateUpdates,
} from '../../../functions/modules/fleet/domain/batch.js';

describe('telemetry batch', () => {
  it('normalises instants with offsets to UTC with milliseconds', () => {
    expect(normaliseTimestamp('2026-11-22T16:00:00+02:00')).toBe('2026-11-22T14:00:00.000Z');
    expect(normaliseTimestamp('2026-11-22T14:00:00Z')).toBe('2026-11-22T14:00:00.000Z');
  });

  it('collapses repeats of (vehicle, ts), keeping the first', () => {
    const first = { vehicleId: 'V', ts: 't1', speed: 1 };
    const collapsed = collapseDuplicates([first, { vehicleId: 'V', ts: 't1', speed: 2 }, { vehicleId: 'W', ts: 't1' }]);
    expect(collapsed).toEqual([first, { vehicleId: 'W', ts: 't1' }]);
  });

  it('folds each vehicle to its newest instant with field-by-field newest values', () => {
    const updates = stateUpdates([
      { vehicleId: 'V', ts: '2026-11-22T14:00:02.000Z', speed: 30 },
      { vehicleId: 'V', ts: '2026-11-22T14:00:01.000Z', speed: 10, fuelLevel: 50 },
      { vehicleId: 'W', ts: '2026-11-22T14:00:00.000Z', rpm: 900 },
    ]);
    expect(updates).toEqual([
      { vehicleId: 'V', ts: '2026-11-22T14:00:02.000Z', values: { speed: 30, fuelLevel: 50 } },
      { vehicleId: 'W', ts: '2026-11-22T14:00:00.000Z', values: { rpm: 900 } },
    ]);
  });
});

describe('chunkBySize', () => {
  it('keeps a normal batch whole and splits only past the limit, in order', () => {
    const readings = Array.from({ length: 10 }, (_, i) => ({ vehicleId: `V-${i}`, ts: 't' }));
    const size = Buffer.byteLength(JSON.stringify(readings[0])) + 1;

    expect(chunkBySize(readings, 1_000_000)).toEqual([readings]);
    expect(chunkBySize(readings, size * 4).map((c) => c.length)).toEqual([4, 4, 2]);
    expect(chunkBySize(readings, 1).flat()).toEqual(readings);
    expect(chunkBySize([], 10)).toEqual([]);
  });
});
