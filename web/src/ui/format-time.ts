// dateStyle/timeStyle cannot be combined with timeZoneName, hence the separate fields.
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

/** A date and time in the user's time zone, the zone written out ("22 Nov 2026, 10:00 CET"). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** HH:MM and the zone, for "showing data from …". */
export function formatClock(epochMs: number): string {
  return clock.format(new Date(epochMs));
}

/** The user's IANA time zone, e.g. "Europe/Berlin". */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
