/**
 * Epoch milliseconds of an ISO-8601 instant. Readings arrive normalised to
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (fleet module); that form is parsed by hand, several times faster than
 * `Date.parse` (which the engine would otherwise call once per reading), anything else falls back.
 */
export function parseInstant(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  ) {
    return Date.parse(text);
  }
  const d = (i: number) => text.charCodeAt(i) - 48;
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  const hour = d(11) * 10 + d(12);
  const minute = d(14) * 10 + d(15);
  const second = d(17) * 10 + d(18);
  const ms = d(20) * 100 + d(21) * 10 + d(22);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || ms < 0 || ms > 999) {
    return Date.parse(text);
  }
  // Days from the civil date (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}
