/**
 * Wall-clock arithmetic in an IANA time zone with the platform's Intl data only (no tz library):
 * the offset of a zone at an instant is read from `Intl.DateTimeFormat`, and a local wall time is
 * turned into an instant by trying the offsets in force half a day either side and keeping the
 * one that reads back as that wall time.
 */

/** A wall-clock reading in some zone. `month` is 1–12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** True when the runtime knows the zone (`Europe/Berlin`, `UTC`, …). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `instant`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** Milliseconds the zone is ahead of UTC at `instant` (Europe/Berlin in summer: +7 200 000). */
export function offsetMs(instant: Date, timeZone: string): number {
  const local = toLocal(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock reads `local`. A time skipped by a spring-forward
 * change (02:30 in Berlin on the last Sunday of March) maps to the instant that many minutes after
 * the change; a time repeated by a fall-back change maps to its first occurrence.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  // The zone's offsets half a day either side cover any one change; each gives a candidate instant.
  const before = offsetMs(new Date(wall - 43_200_000), timeZone);
  const after = offsetMs(new Date(wall + 43_200_000), timeZone);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (candidate + offsetMs(new Date(candidate), timeZone) === wall) return new Date(candidate);
  }
  // A skipped wall time: read it with the offset before the change, which lands after the change.
  return new Date(wall - before);
}

/** The calendar day after `local`'s (month and year roll over). */
export function nextDay(local: LocalDateTime): Pick<LocalDateTime, 'year' | 'month' | 'day'> {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `"HH:MM"` → minutes after midnight; undefined for anything else. */
export function parseClockTime(value: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}
