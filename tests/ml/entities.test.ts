import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../functions/ml/entity-extractor.js';

// A Sunday, so weekday arithmetic is easy to check by hand.
const now = new Date('2026-11-22T10:00:00Z');
const values = (text: string, type: string, fleet?: string[]): string[] =>
  extractEntities(text, { now, ...(fleet ? { fleet } : {}) })
    .filter((e) => e.type === type)
    .map((e) => e.value);

describe('extractEntities', () => {
  it.each([
    ['TRK-204 is overheating', ['TRK-204']],
    ['trk 204 is overheating', ['TRK-204']],
    ['truck 4411 needs a service', ['TRK-4411']],
    ['VAN-88 and van 12', ['VAN-88', 'VAN-12']],
    ['where is van#7', ['VAN-7']],
    ['unit 77 has a flat', ['UNIT-77']],
    ['BUS-5 late', ['BUS-5']],
    ['no vehicle here', []],
  ])('vehicle ids in %j', (text, expected) => {
    expect(values(text, 'vehicle_id')).toEqual(expected);
  });

  it('resolves generic spellings against the tenant fleet', () => {
    expect(values('unit 77 has a flat', 'vehicle_id', ['TRK-204', 'VAN-77'])).toEqual(['VAN-77']);
    expect(values('truck 4 broke down', 'vehicle_id', ['TRK-004', 'VAN-4'])).toEqual(['TRK-004']);
    // Ambiguous: two vehicles numbered 12, so the id stays as written.
    expect(values('unit 12', 'vehicle_id', ['TRK-12', 'VAN-12'])).toEqual(['UNIT-12']);
  });

  it.each([
    ['service today', ['2026-11-22']],
    ['book it for tomorrow', ['2026-11-23']],
    ['what happened yesterday', ['2026-11-21']],
    ['next Tuesday please', ['2026-11-24']],
    ['on friday', ['2026-11-27']],
    ['last monday', ['2026-11-16']],
    ['the day after tomorrow', ['2026-11-24']],
    ['tomorrow or the day after tomorrow', ['2026-11-23', '2026-11-24']],
    ['invoice of 2026-03-14', ['2026-03-14']],
    ['in 3 days', ['2026-11-25']],
    ['2026-02-30 is not a date', []],
  ])('dates in %j', (text, expected) => {
    expect(values(text, 'date')).toEqual(expected);
  });

  it('finds locations after a preposition and generic depot words', () => {
    expect(values('flat tyre near Leeds', 'location')).toEqual(['Leeds']);
    expect(values('how far is it to New York', 'location')).toEqual(['New York']);
    expect(values('is it still at the depot', 'location')).toEqual(['depot']);
    expect(values('on Monday in Berlin', 'location')).toEqual(['Berlin']);
    expect(values('where is TRK-204', 'location')).toEqual([]);
  });
});
