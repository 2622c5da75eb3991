import type { Entity, UnderstandOptions } from './ports/language-understanding.js';

const PREFIX_BY_WORD: Record<string, string> = {
  trk: 'TRK',
  truck: 'TRK',
  lorry: 'TRK',
  van: 'VAN',
  bus: 'BUS',
  car: 'CAR',
};

// Prefixed ids (TRK-204, trk 204, VAN88), fleet words with a number (truck 4411, van #12) and
// generic units (unit 77, vehicle 9) whose prefix can only come from the tenant's fleet.
const VEHICLE = /\b(trk|van|bus|car|truck|lorry|unit|vehicle|veh)[\s-]*#?\s*(\d{1,5})\b/gi;
const GENERIC_ID = /\b([A-Z]{2,4})-(\d{1,5})\b/g;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const GENERIC_PLACES = ['depot', 'warehouse', 'yard', 'garage', 'workshop', 'office', 'customer site'];

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(base: Date, days: number): Date {
  const d = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

function resolveVehicle(word: string, digits: string, fleet: readonly string[] | undefined): string {
  const prefix = PREFIX_BY_WORD[word.toLowerCase()];
  const number = Number.parseInt(digits, 10);
  if (fleet && fleet.length > 0) {
    const matches = fleet.filter((id) => {
      const m = /^([A-Za-z]+)-?0*(\d+)$/.exec(id);
      if (!m || Number.parseInt(m[2] as string, 10) !== number) return false;
      return prefix === undefined || (m[1] as string).toUpperCase() === prefix;
    });
    if (matches.length === 1) return matches[0] as string;
  }
  return `${prefix ?? 'UNIT'}-${digits}`;
}

function extractDates(text: string, now: Date): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const m of lower.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const d = new Date(`${m[0]}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && isoDay(d) === m[0]) out.push(m[0]);
  }
  for (const m of lower.matchAll(/\b(day after tomorrow|today|tonight|tomorrow|yesterday)\b/g)) {
    const offset = { 'day after tomorrow': 2, today: 0, tonight: 0, tomorrow: 1, yesterday: -1 }[m[1] as string] ?? 0;
    out.push(isoDay(addDays(now, offset)));
  }
  for (const m of lower.matchAll(/\bin (\d{1,3}) days?\b/g)) out.push(isoDay(addDays(now, Number(m[1]))));
  const weekday = new RegExp(`\\b(?:(next|last|this|on)\\s+)?(${WEEKDAYS.join('|')})\\b`, 'g');
  for (const m of lower.matchAll(weekday)) {
    const target = WEEKDAYS.indexOf(m[2] as string);
    const today = now.getUTCDay();
    // "last X" is the most recent X before today; otherwise the first X after today.
    const delta = m[1] === 'last' ? -(((today - target + 6) % 7) + 1) : ((target - today + 6) % 7) + 1;
    out.push(isoDay(addDays(now, delta)));
  }
  return out;
}

function extractLocations(text: string): string[] {
  const out: string[] = [];
  const stop = new Set([...WEEKDAYS, ...MONTHS, 'i', 'the']);
  const proper =
    /\b(?:in|at|near|to|from|around|outside|towards)\s+((?:[A-Z][A-Za-z'-]+)(?:\s+(?:[A-Z][A-Za-z'-]+|\d+))*)/g;
  for (const m of text.matchAll(proper)) {
    const name = (m[1] as string).trim();
    if (stop.has(name.toLowerCase()) || /^[A-Z]{2,4}-?\d+$/.test(name)) continue;
    if (/^(TRK|VAN|BUS|CAR|Truck|Van|Unit)\b/.test(name)) continue;
    out.push(name);
  }
  const lower = text.toLowerCase();
  for (const place of GENERIC_PLACES) {
    if (new RegExp(`\\b(?:the|our|my)\\s+${place}\\b`).test(lower)) out.push(place);
  }
  return out;
}

/**
 * Rule-based entities: vehicle ids in their many spellings, normalised and resolved against the
 * fleet; dates (today, tomorrow, next Tuesday, ISO) as ISO days in UTC; locations (capitalised
 * place names after a preposition, and the depot/warehouse/yard words). Rules rather than a model
 * because the formats are closed and a wrong id is worse than a missing one.
 */
export function extractEntities(text: string, options: UnderstandOptions = {}): Entity[] {
  const entities: Entity[] = [];
  const seen = new Set<string>();
  const push = (type: Entity['type'], value: string): void => {
    const key = `${type}:${value}`;
    if (!seen.has(key)) {
      seen.add(key);
      entities.push({ type, value });
    }
  };
  for (const m of text.matchAll(VEHICLE))
    push('vehicle_id', resolveVehicle(m[1] as string, m[2] as string, options.fleet));
  for (const m of text.matchAll(GENERIC_ID)) {
    if (!(m[1] as string).toLowerCase().match(/^(trk|van|bus|car)$/)) push('vehicle_id', `${m[1]}-${m[2]}`);
  }
  for (const d of extractDates(text, options.now ?? new Date())) push('date', d);
  for (const l of extractLocations(text)) push('location', l);
  return entities;
}
