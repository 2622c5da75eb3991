import { describe, expect, it } from 'vitest';
import {
  addBusinessMs,
  type BusinessHours,
  businessMsBetween,
} from '../../../functions/modules/tickets/domain/business-hours.js';
import {
  DEFAULT_SLA_POLICY,
  dueBreaches,
  meetFirstResponse,
  nextDue,
  pauseSla,
  recordBreaches,
  reprioritiseSla,
  resolveSla,
  resumeSla,
  type SlaPolicy,
  slaStatus,
  startSla,
} from '../../../functions/modules/tickets/domain/sla.js';

const H = 3_600_000;
const M = 60_000;
const at = (iso: string) => new Date(iso);
const weekdays = (from: string, to: string) =>
  [[], [[from, to]], [[from, to]], [[from, to]], [[from, to]], [[from, to]], []] as const;
const BERLIN_OFFICE: BusinessHours = { timeZone: 'Europe/Berlin', weekly: weekdays('09:00', '17:00') };
const policyIn = (businessHours: BusinessHours): SlaPolicy => ({ ...DEFAULT_SLA_POLICY, businessHours });

describe('business hours', () => {
  it('counts only opening hours, in the local time of each day across the autumn DST change', () => {
    // Friday 2026-10-23 16:30 CEST (UTC+2) to Monday 2026-10-26 10:00 CET (UTC+1): clocks went back on Sunday
    const friday = at('2026-10-23T14:30:00Z');
    const monday = at('2026-10-26T09:00:00Z');

    expect(businessMsBetween(BERLIN_OFFICE, friday, monday)).toBe(30 * M + 1 * H);
    expect(addBusinessMs(BERLIN_OFFICE, friday, 60 * M).toISOString()).toBe('2026-10-26T08:30:00.000Z');
  });

  it('has a 23-hour day when the spring change skips an hour, around the clock as with 00:00-24:00', () => {
    const saturday = at('2026-03-27T23:00:00Z'); // Saturday 00:00 CET
    const monday = at('2026-03-29T22:00:00Z'); // Monday 00:00 CEST
    const allDay = [['00:00', '24:00']] as const;
    const everyDay: BusinessHours = { timeZone: 'Europe/Berlin', weekly: Array(7).fill(allDay) };

    expect(businessMsBetween({ timeZone: 'Europe/Berlin' }, saturday, monday)).toBe(47 * H);
    expect(businessMsBetween(everyDay, saturday, monday)).toBe(47 * H);
    expect(addBusinessMs(everyDay, saturday, 47 * H).toISOString()).toBe(monday.toISOString());
  });

  it('reads the weekday in the tenant zone, not in UTC', () => {
    // Sunday 2026-11-22 23:30 UTC is Monday 08:30 in Auckland (UTC+13): the office opens at 09:00 there
    const hours: BusinessHours = { timeZone: 'Pacific/Auckland', weekly: weekdays('09:00', '17:00') };
    expect(addBusinessMs(hours, at('2026-11-22T19:30:00Z'), 15 * M).toISOString()).toBe('2026-11-22T20:15:00.000Z');
  });

  it('refuses a calendar that is never open', () => {
    expect(() => addBusinessMs({ timeZone: 'UTC', weekly: [] }, at('2026-11-22T00:00:00Z'), M)).toThrow(
      /no open hours/,
    );
  });
});

describe('SLA clock', () => {
  const opened = at('2026-11-23T09:00:00Z'); // Monday 10:00 in Berlin

  it('starts both targets at hand-off, due in business time', () => {
    const sla = startSla(policyIn(BERLIN_OFFICE), 'high', opened);

    expect(sla.firstResponse.dueAt).toBe('2026-11-23T10:00:00.000Z');
    expect(sla.resolution.dueAt).toBe('2026-11-24T09:00:00.000Z'); // 8 business hours: 7 on Monday, 1 on Tuesday
    expect(nextDue(sla)).toBe('2026-11-23T10:00:00.000Z');
  });

  it('stands still while pending and runs on from where it stopped', () => {
    const sla = startSla(policyIn(BERLIN_OFFICE), 'high', opened);

    const paused = pauseSla(sla, at('2026-11-23T09:20:00Z'));
    const twoHoursLater = at('2026-11-23T11:20:00Z');
    const resumed = resumeSla(paused, twoHoursLater);

    expect(paused.firstResponse).toMatchObject({ usedMs: 20 * M });
    expect(paused.firstResponse.dueAt).toBeUndefined();
    expect(nextDue(paused)).toBeUndefined();
    expect(dueBreaches(paused, at('2026-11-30T00:00:00Z'))).toEqual([]);
    expect(slaStatus(paused, 'firstResponse', twoHoursLater)).toMatchObject({ state: 'paused', remainingMs: 40 * M });
    expect(resumed.firstResponse.dueAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('records a breach once when a running target passes, and keeps the overrun visible', () => {
    const sla = startSla(DEFAULT_SLA_POLICY, 'urgent', opened);
    const late = at('2026-11-23T09:16:00Z');

    const due = dueBreaches(sla, late);
    const breached = recordBreaches(sla, due, late);

    expect(dueBreaches(sla, at('2026-11-23T09:14:59Z'))).toEqual([]);
    expect(due).toEqual(['firstResponse']);
    expect(dueBreaches(breached, at('2026-11-23T10:00:00Z'))).toEqual([]);
    expect(nextDue(breached)).toBe(breached.resolution.dueAt);
    expect(slaStatus(breached, 'firstResponse', at('2026-11-23T09:20:00Z'))).toMatchObject({
      state: 'breached',
      breachedAt: late.toISOString(),
      remainingMs: -5 * M,
    });
  });

  it('stops counting at resolution: nothing is due however long it stays resolved', () => {
    const sla = meetFirstResponse(startSla(DEFAULT_SLA_POLICY, 'urgent', opened), at('2026-11-23T09:05:00Z'));

    const resolved = resolveSla(sla, at('2026-11-23T10:00:00Z'));
    const muchLater = at('2027-01-01T00:00:00Z');

    expect(nextDue(resolved)).toBeUndefined();
    expect(dueBreaches(resolved, muchLater)).toEqual([]);
    expect(slaStatus(resolved, 'resolution', muchLater)).toMatchObject({
      state: 'met',
      metAt: '2026-11-23T10:00:00.000Z',
    });
    expect(slaStatus(resolved, 'firstResponse', muchLater)).toMatchObject({ state: 'met' });
    expect(resolved.resolution.usedMs).toBe(1 * H);
  });

  it('runs the resolution clock on from its used time when a resolved ticket is reopened', () => {
    const resolved = resolveSla(startSla(DEFAULT_SLA_POLICY, 'urgent', opened), at('2026-11-23T10:00:00Z'));

    const reopened = resumeSla(resolved, at('2026-11-24T10:00:00Z'));

    expect(reopened.resolution.metAt).toBeUndefined();
    expect(reopened.resolution.dueAt).toBe('2026-11-24T13:00:00.000Z'); // 4 h target, 1 h used
  });

  it('takes the new targets on a change of priority, counting the time already used', () => {
    const sla = startSla(DEFAULT_SLA_POLICY, 'normal', opened);

    const urgent = reprioritiseSla(sla, DEFAULT_SLA_POLICY, 'urgent', at('2026-11-23T09:10:00Z'));

    expect(urgent.priority).toBe('urgent');
    expect(urgent.firstResponse).toMatchObject({
      targetMinutes: 15,
      usedMs: 10 * M,
      dueAt: '2026-11-23T09:15:00.000Z',
    });
  });
});
