import { fromLocal, nextDay, parseClockTime, toLocal } from '../../../platform/time/zoned-time.js';

/** A user's quiet hours (contract: `quietHours`): local wall times in their IANA zone. */
export interface QuietHours {
  /** `"22:00"`: quiet from this local time… */
  readonly start: string;
  /** …until this one (`"06:00"`, the next morning when it is earlier than `start`). */
  readonly end: string;
  readonly timezone: string;
  /** The user lets CRITICAL alerts through (when the tenant's policy allows break-through). */
  readonly allowCritical: boolean;
}

function minutes(value: string, field: string): number {
  const parsed = parseClockTime(value);
  if (parsed === undefined) throw new RangeError(`quietHours.${field} must be HH:MM, got ${value}`);
  return parsed;
}

/**
 * Whether `instant` falls in the quiet hours, read on the user's wall clock, so "22:00–06:00" means
 * the same local night in winter and summer time. A window whose end is earlier than its start runs
 * across midnight; `start` is inside, `end` is not; equal start and end means never quiet.
 */
export function isQuiet(instant: Date, quiet: QuietHours): boolean {
  const start = minutes(quiet.start, 'start');
  const end = minutes(quiet.end, 'end');
  if (start === end) return false;
  const local = toLocal(instant, quiet.timezone);
  const now = local.hour * 60 + local.minute;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * When the quiet hours that hold `instant` end: the next instant at which the user's wall clock
 * reads `end`. Undefined when `instant` is not quiet. DST-correct: on the night the clocks change,
 * a 22:00–06:00 window is 7 or 9 hours long, and ends at 06:00 local all the same.
 */
export function quietHoursEnd(instant: Date, quiet: QuietHours): Date | undefined {
  if (!isQuiet(instant, quiet)) return undefined;
  const end = minutes(quiet.end, 'end');
  const local = toLocal(instant, quiet.timezone);
  const now = local.hour * 60 + local.minute;
  const day = now < end ? local : { ...local, ...nextDay(local) };
  return fromLocal(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(end / 60), minute: end % 60, second: 0 },
    quiet.timezone,
  );
}
