import type { SlaClock } from '../../api/tickets-client.js';
import { formatTime } from '../format-time.js';

/** "1 h 5 min", "12 min", "less than a minute". */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * One SLA clock as words, counting down from when it was read (`readAtMs`) to `nowMs`: "due in
 * 25 min (by 10:30 CET)", "overdue by 3 min", "paused while pending, 25 min left", "met at …",
 * "breached at …". Business hours are the server's: between two reads a running clock is counted
 * down in wall time, and the next read corrects it.
 */
export function slaText(clock: SlaClock, readAtMs: number, nowMs: number): string {
  if (clock.metAt) return `met at ${formatTime(clock.metAt)}`;
  const left = clock.remainingMs;
  if (clock.state === 'paused') {
    return left === undefined ? 'paused while pending' : `paused while pending, ${durationText(left)} left`;
  }
  if (clock.state === 'breached' && (left === undefined || left < 0)) {
    const overdue = left === undefined ? '' : `, overdue by ${durationText(left - (nowMs - readAtMs))}`;
    return `breached${clock.breachedAt ? ` at ${formatTime(clock.breachedAt)}` : ''}${overdue}`;
  }
  if (left === undefined) return clock.state;
  const now = left - (nowMs - readAtMs);
  if (now < 0) return `overdue by ${durationText(now)}`;
  return `due in ${durationText(now)}${clock.dueAt ? ` (by ${formatTime(clock.dueAt)})` : ''}`;
}
