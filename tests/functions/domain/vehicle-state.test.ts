import { describe, expect, it } from 'vitest';
import { bucketWidthMs, SeriesBuilder } from '../../../functions/modules/fleet/domain/downsample.js';
import { fleetScopeOf } from '../../../functions/modules/fleet/domain/fleet-scope.js';
import type { Reading } from '../../../functions/modules/fleet/domain/reading.js';
import { advanceState, engineHoursOf } from '../../../functions/modules/fleet/domain/vehicle-state.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 14, 0, 0) + seconds * 1000).toISOString();
const reading = (seconds: number, values: Partial<Reading> = {}): Reading => ({
  vehicleId: 'V',
  ts: at(seconds),
  ...values,
});

describe('advanceState', () => {
  it('takes each field from the newest reading that has it, and the newest position', () => {
    // Act: given out of order
    const advance = advanceState('V', undefined, [
      reading(20, { speed: 70 }),
      reading(0, { speed: 10, fuelLevel: 50, lat: 1, lng: 2 }),
      reading(10, { fuelLevel: 49, lat: 3, lng: 4 }),
    ]);

    // Assess
    expect(advance).toMatchObject({ ts: at(20), values: { speed: 70, fuelLevel: 49, lat: 3, lng: 4 } });
    expect(advance?.position).toEqual({ lat: 3, lng: 4, ts: at(10) });
  });

  it('ignores readings not newer than the state: a late or replayed reading changes nothing', () => {
    const before = { lastSeenAt: at(30), rpm: 900 };

    expect(advanceState('V', before, [reading(10, { speed: 5 }), reading(30, { speed: 6 })])).toBeUndefined();
    const mixed = advanceState('V', before, [reading(10, { fuelLevel: 99 }), reading(40, { speed: 7 })]);
    // The old fuelLevel must not ride along with the newer reading.
    expect(mixed?.values).toEqual({ speed: 7 });
  });

  it('counts engine time between consecutive readings with rpm > 0, each gap capped at 5 minutes', () => {
    // Prepare: running 0→60 s, stopped at 120 s, running again 180 s → 1180 s (a 1000 s gap, capped)
    const readings = [
      reading(60, { rpm: 1000 }),
      reading(120, { rpm: 0 }),
      reading(180, { rpm: 800 }),
      reading(1180, { rpm: 800 }),
      reading(1190, { speed: 3 }), // no rpm: the engine is still taken to run at 800
    ];

    // Act
    const advance = advanceState('V', { lastSeenAt: at(0), rpm: 900 }, readings);

    // Assess: 60 (0→60) + 0 (60→120, stopped at 120) + 0 (120→180) + 300 (capped) + 10
    expect(advance?.engineSeconds).toBe(370);
    expect(engineHoursOf(3600 * 2.5)).toBe(2.5);
  });

  it('adds no engine time for a first reading, nor for a state without rpm', () => {
    expect(advanceState('V', undefined, [reading(0, { rpm: 900 })])?.engineSeconds).toBe(0);
    expect(advanceState('V', { lastSeenAt: at(0) }, [reading(10, { rpm: 900 })])?.engineSeconds).toBe(0);
  });
});

describe('telemetry downsampling', () => {
  const from = Date.parse(at(0));

  it('picks the smallest nice bucket width that fits the range in the limit', () => {
    expect(bucketWidthMs(from, from + 3_600_000, 500)).toBe(10_000); // 1 h / 500 → 7.2 s → 10 s
    expect(bucketWidthMs(from, from + 86_400_000, 500)).toBe(300_000); // 24 h → 172.8 s → 5 min
    expect(bucketWidthMs(from, from + 7 * 86_400_000, 10)).toBe(86_400_000); // 7 days touch 8 day buckets
    const width = bucketWidthMs(from, from + 90 * 86_400_000, 10);
    expect(Math.floor((from + 90 * 86_400_000) / width) - Math.floor(from / width) + 1).toBeLessThanOrEqual(10);
  });

  it('returns the readings as they are while the range holds at most limit of them', () => {
    const series = new SeriesBuilder(from, from + 60_000, 10);
    series.add([reading(0, { speed: 1 }), reading(5, { speed: 2 })]);

    expect(series.build()).toEqual({
      points: [
        { ts: at(0), speed: 1 },
        { ts: at(5), speed: 2 },
      ],
      readings: 2,
    });
  });

  it('past the limit, averages sensors per bucket and keeps the last position and odometer', () => {
    // Prepare: 100 readings, one a second, limit 10 over 100 s → 10 s buckets
    const series = new SeriesBuilder(from, from + 99_000, 10);
    const readings = Array.from({ length: 100 }, (_, i) =>
      reading(i, { speed: i, lat: 40 + i / 1000, lng: -87, odometer: 1000 + i }),
    );

    // Act: handed over in pages, as the repository pages them
    series.add(readings.slice(0, 7));
    series.add(readings.slice(7));
    const built = series.build();

    // Assess
    expect(built.bucketSeconds).toBe(10);
    expect(built.readings).toBe(100);
    expect(built.points).toHaveLength(10);
    expect(built.points[0]).toEqual({ ts: at(0), count: 10, speed: 4.5, lat: 40.009, lng: -87, odometer: 1009 });
    expect(built.points[9]).toMatchObject({ ts: at(90), count: 10, speed: 94.5, odometer: 1099 });
  });
});

describe('fleetScopeOf', () => {
  it('narrows a driver to their own vehicles, but not a driver who also dispatches', () => {
    expect(fleetScopeOf({ tenantId: 'acme', userId: 'd1', roles: ['driver'] })).toEqual({
      tenantId: 'acme',
      driverId: 'd1',
    });
    expect(fleetScopeOf({ tenantId: 'acme', userId: 'd1', roles: ['driver', 'dispatcher'] })).toEqual({
      tenantId: 'acme',
    });
  });
});
