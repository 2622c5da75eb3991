/**
 * Business hours of a tenant in its own time zone, and the arithmetic the SLA clock needs: how much
 * business time lies between two instants, and when a given amount of it will have passed. Local
 * days are walked one by one and each opening interval is turned into instants with the zone's
 * offset *on that day*, so a day of 23 or 25 hours (a DST change) counts what the wall clock says.
 */

import { offsetMs } from '../../../platform/time/zoned-time.js';

/** `HH:MM`, 24-hour. */
export type LocalTime = string;

/** Opening intervals of one weekday, `[from, to)`, in local wall-clock time. */
export type DayHours = readonly (readonly [LocalTime, LocalTime])[];

/** A tenant's calendar: an IANA time zone and its opening hours per weekday (0 = Sunday). */
export interface BusinessHours {
  readonly timeZone: string;
  /** Absent: open around the clock. Index 0 is Sunday; a missing or empty day is closed. */
  readonly weekly?: readonly DayHours[];
}

/** Open every hour of every day (the default when a tenant has set none). */
export const ALWAYS_OPEN: BusinessHours = { timeZone: 'UTC' };

const DAY_MS = 86_400_000;
/** How far the walks look ahead; a calendar open less than this often is a configuration error. */
const MAX_DAYS = 3660;

/** The local calendar day (as a UTC midnight, for arithmetic) that holds the instant. */
function localDay(instant: number, timeZone: string): number {
  const local = instant + offsetMs(new Date(instant), timeZone);
  return Math.floor(local / DAY_MS) * DAY_MS;
}

/**
 * The instant at which the wall clock of the zone shows `day` + `minutes`. A wall time skipped by
 * a spring-forward change maps to the instant just after the gap; one repeated in autumn to its
 * first occurrence.
 */
function instantOf(day: number, minutes: number, timeZone: string): number {
  const wall = day + minutes * 60_000;
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return guess;
}

function minutesOf(time: LocalTime): number {
  const [h, m] = time.split(':').map(Number);
  return (h as number) * 60 + (m as number);
}

/** The opening intervals of one local day as instants, in order. */
function openIntervals(hours: BusinessHours, day: number): [number, number][] {
  if (!hours.weekly) return [[instantOf(day, 0, hours.timeZone), instantOf(day + DAY_MS, 0, hours.timeZone)]];
  const weekday = new Date(day).getUTCDay();
  return (hours.weekly[weekday] ?? []).map(([from, to]) => [
    instantOf(day, minutesOf(from), hours.timeZone),
    to === '24:00' ? instantOf(day + DAY_MS, 0, hours.timeZone) : instantOf(day, minutesOf(to), hours.timeZone),
  ]);
}

/** Business time between two instants, in ms (0 when `to` is not after `from`). */
export function businessMsBetween(hours: BusinessHours, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  const last = localDay(end, hours.timeZone);
  for (let day = localDay(start, hours.timeZone), n = 0; day <= last && n < MAX_DAYS; day += DAY_MS, n++) {
    for (const [open, close] of openIntervals(hours, day)) {
      const a = Math.max(open, start);
      const b = Math.min(close, end);
      if (b > a) total += b - a;
    }
  }
  return total;
}

/**
 * The instant at which `ms` of business time will have passed after `from` (`from` itself when
 * `ms` is 0 or less). Throws when the calendar is never open.
 */
export function addBusinessMs(hours: BusinessHours, from: Date, ms: number): Date {
  const start = from.getTime();
  if (ms <= 0) return new Date(start);
  let left = ms;
  for (let day = localDay(start, hours.timeZone), n = 0; n < MAX_DAYS; day += DAY_MS, n++) {
    for (const [open, close] of openIntervals(hours, day)) {
      const a = Math.max(open, start);
      if (close <= a) continue;
      if (close - a >= left) return new Date(a + left);
      left -= close - a;
    }
  }
  throw new Error(`The calendar in ${hours.timeZone} has no open hours`);
}
