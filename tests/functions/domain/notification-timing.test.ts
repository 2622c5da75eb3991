import { describe, expect, it } from 'vitest';
import {
  DAILY_DIGEST_HOUR,
  digestWindowEnd,
  isDigested,
} from '../../../functions/modules/notifications/domain/digest.js';
import {
  isQuiet,
  type QuietHours,
  quietHoursEnd,
} from '../../../functions/modules/notifications/domain/quiet-hours.js';
import { fromLocal, offsetMs, toLocal } from '../../../functions/platform/time/zoned-time.js';

const berlinNights: QuietHours = { start: '22:00', end: '06:00', timezone: 'Europe/Berlin', allowCritical: true };

describe('zoned time (Intl only)', () => {
  it('reads the offset of a zone in winter and in summer', () => {
    expect(offsetMs(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(offsetMs(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(offsetMs(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(19_800_000);
  });

  it('turns a local wall time into the instant, on both sides of a DST change', () => {
    const local = { year: 2026, month: 3, day: 29, hour: 6, minute: 0, second: 0 };
    expect(fromLocal(local, 'Europe/Berlin').toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(fromLocal({ ...local, day: 28 }, 'Europe/Berlin').toISOString()).toBe('2026-03-28T05:00:00.000Z');
    // 02:30 does not exist that night: it maps past the change, never before it.
    const skipped = fromLocal({ ...local, hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(skipped.getTime()).toBeGreaterThan(Date.parse('2026-03-29T01:00:00Z'));
    // 02:30 happens twice on 25 October: the first one (summer time) is taken.
    expect(fromLocal({ ...local, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(toLocal(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toMatchObject({ hour: 2, minute: 30 });
  });
});

describe('quiet hours', () => {
  it('runs across midnight on the user wall clock', () => {
    expect(isQuiet(new Date('2026-01-15T21:30:00Z'), berlinNights)).toBe(true); // 22:30 local
    expect(isQuiet(new Date('2026-01-15T04:59:00Z'), berlinNights)).toBe(true); // 05:59 local
    expect(isQuiet(new Date('2026-01-15T05:00:00Z'), berlinNights)).toBe(false); // 06:00 local: the end is outside
    expect(isQuiet(new Date('2026-01-15T20:59:00Z'), berlinNights)).toBe(false); // 21:59 local
    expect(isQuiet(new Date('2026-01-15T21:00:00Z'), berlinNights)).toBe(true); // 22:00 local: the start is inside
  });

  it('means the same local night in summer time (the UTC hours move)', () => {
    expect(isQuiet(new Date('2026-07-15T20:30:00Z'), berlinNights)).toBe(true); // 22:30 CEST
    expect(isQuiet(new Date('2026-07-15T04:30:00Z'), berlinNights)).toBe(false); // 06:30 CEST
    expect(isQuiet(new Date('2026-07-15T21:30:00Z'), { ...berlinNights, timezone: 'America/New_York' })).toBe(false);
  });

  it('handles a window inside one day and an empty window', () => {
    const lunch: QuietHours = { start: '12:00', end: '13:00', timezone: 'UTC', allowCritical: false };
    expect(isQuiet(new Date('2026-01-15T12:30:00Z'), lunch)).toBe(true);
    expect(isQuiet(new Date('2026-01-15T13:30:00Z'), lunch)).toBe(false);
    expect(isQuiet(new Date('2026-01-15T12:30:00Z'), { ...lunch, end: '12:00' })).toBe(false);
  });

  it('ends at the local end time the next morning, also on the night the clocks change', () => {
    expect(quietHoursEnd(new Date('2026-01-15T21:30:00Z'), berlinNights)?.toISOString()).toBe(
      '2026-01-16T05:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-01-16T02:00:00Z'), berlinNights)?.toISOString()).toBe(
      '2026-01-16T05:00:00.000Z',
    );
    // Spring forward (29 March): 22:00 CET → 06:00 CEST is seven hours.
    const spring = new Date('2026-03-28T21:00:00Z');
    expect(quietHoursEnd(spring, berlinNights)?.toISOString()).toBe('2026-03-29T04:00:00.000Z');
    // Fall back (25 October): 22:00 CEST → 06:00 CET is nine hours.
    const autumn = new Date('2026-10-24T20:00:00Z');
    expect(quietHoursEnd(autumn, berlinNights)?.toISOString()).toBe('2026-10-25T05:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-01-15T12:00:00Z'), berlinNights)).toBeUndefined();
  });

  it('rejects a malformed time', () => {
    expect(() => isQuiet(new Date(), { ...berlinNights, start: '25:00' })).toThrow(RangeError);
  });
});

describe('digest windows', () => {
  it('closes hourly at the next local full hour', () => {
    expect(digestWindowEnd(new Date('2026-01-15T10:20:00Z'), 'hourly', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-15T11:00:00.000Z',
    );
    // Asia/Kolkata is UTC+05:30: its full hours are at :30 UTC.
    expect(digestWindowEnd(new Date('2026-01-15T10:20:00Z'), 'hourly', 'Asia/Kolkata').toISOString()).toBe(
      '2026-01-15T10:30:00.000Z',
    );
  });

  it(`closes daily at ${DAILY_DIGEST_HOUR}:00 local, today or tomorrow`, () => {
    expect(digestWindowEnd(new Date('2026-01-15T05:00:00Z'), 'daily', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-15T07:00:00.000Z',
    );
    expect(digestWindowEnd(new Date('2026-01-15T09:00:00Z'), 'daily', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-16T07:00:00.000Z',
    );
    // Across the spring change the daily window closes at 08:00 CEST, 23 hours later.
    expect(digestWindowEnd(new Date('2026-03-28T08:00:00Z'), 'daily', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('collects only the chosen severities, and nothing when off', () => {
    expect(isDigested('LOW', { frequency: 'daily', severities: ['LOW', 'INFO'] })).toBe(true);
    expect(isDigested('HIGH', { frequency: 'daily', severities: ['LOW', 'INFO'] })).toBe(false);
    expect(isDigested('LOW', { frequency: 'off', severities: ['LOW'] })).toBe(false);
    expect(isDigested('LOW', undefined)).toBe(false);
  });
});
