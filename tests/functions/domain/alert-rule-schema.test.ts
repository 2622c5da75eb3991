import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACK } from '../../../functions/modules/alerts/domain/default-rule-pack.js';
import { ruleBodySchema, ruleSchema } from '../../../functions/modules/alerts/domain/rule-schema.js';
import { toIssues } from '../../../functions/platform/http/validation.js';

const base = { name: 'Depot exit', type: 'GEOFENCE_EXIT', severity: 'HIGH' };
const pathsOf = (body: unknown) => {
  const result = ruleBodySchema.safeParse(body);
  return result.success ? [] : toIssues(result.error, 'body').map((i) => i.path);
};

describe('rule schema', () => {
  it.each([
    ['threshold', { metric: 'speed', op: '>', value: 90 }],
    [
      'all',
      {
        all: [
          { metric: 'engineTemp', op: '>=', value: 110 },
          { metric: 'oilPressure', op: '<=', value: 15 },
        ],
      },
    ],
    [
      'any',
      {
        any: [
          { metric: 'fuelLevel', op: '<', value: 5 },
          { metric: 'batteryVoltage', op: '!=', value: 12 },
        ],
      },
    ],
    ['circle', { geofence: { circle: { lat: 52.5, lng: 13.4, radiusM: 250 } }, on: 'exit' }],
    [
      'polygon',
      {
        geofence: {
          polygon: [
            [52, 13],
            [52, 13.1],
            [52.1, 13.1],
          ],
        },
        on: 'inside',
      },
    ],
    ['maintenance', { maintenance: { everyKm: 15000, everyDays: 365 } }],
    ['failure model', { model: 'failure', op: '>=', value: 0.8 }],
    ['driving anomaly', { model: 'driving_anomaly' }],
    [
      'nested',
      {
        all: [
          { any: [{ metric: 'speed', op: '>', value: 1 }] },
          { geofence: { circle: { lat: 0, lng: 0, radiusM: 1 } }, on: 'enter' },
        ],
      },
    ],
  ])('accepts a %s condition', (_, condition) => {
    const parsed = ruleBodySchema.parse({
      ...base,
      condition,
      forSeconds: 30,
      cooldownSeconds: 600,
      autoResolveAfterSeconds: 300,
    });
    expect(parsed.condition).toEqual(condition);
    expect(parsed.enabled).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an unknown metric', { metric: 'altitude', op: '>', value: 1 }, 'body.condition.metric'],
    ['a bad operator', { metric: 'speed', op: '=>', value: 1 }, 'body.condition.op'],
    ['a non-numeric value', { metric: 'speed', op: '>', value: 'fast' }, 'body.condition.value'],
    [
      'a bad nested operator',
      {
        all: [
          { metric: 'speed', op: '>', value: 1 },
          { metric: 'rpm', op: 'gt', value: 1 },
        ],
      },
      'body.condition.all.1.op',
    ],
    ['an empty any', { any: [] }, 'body.condition.any'],
    [
      'a negative radius',
      { geofence: { circle: { lat: 1, lng: 1, radiusM: -5 } }, on: 'exit' },
      'body.condition.geofence.circle.radiusM',
    ],
    [
      'a latitude out of range',
      {
        geofence: {
          polygon: [
            [91, 13],
            [52, 13.1],
            [52.1, 13.1],
          ],
        },
        on: 'exit',
      },
      'body.condition.geofence.polygon.0.0',
    ],
    [
      'a bad geofence event',
      { geofence: { circle: { lat: 1, lng: 1, radiusM: 5 } }, on: 'leave' },
      'body.condition.on',
    ],
    ['an empty maintenance', { maintenance: {} }, 'body.condition.maintenance'],
    ['a probability above 1', { model: 'failure', op: '>=', value: 1.5 }, 'body.condition.value'],
    ['an unknown model', { model: 'weather' }, 'body.condition.model'],
    ['an unknown form', { temperature: 3 }, 'body.condition'],
    ['an extra key', { metric: 'speed', op: '>', value: 1, unit: 'kmh' }, 'body.condition'],
  ])('names the bad field of %s', (_, condition, path) => {
    expect(pathsOf({ ...base, condition })).toContain(path);
  });

  it('names bad top-level fields', () => {
    const condition = { metric: 'speed', op: '>', value: 1 };
    expect(pathsOf({ ...base, severity: 'URGENT', condition })).toEqual(['body.severity']);
    expect(pathsOf({ ...base, type: 'geofence exit', condition })).toEqual(['body.type']);
    expect(pathsOf({ ...base, forSeconds: -1, condition })).toEqual(['body.forSeconds']);
    expect(pathsOf({ ...base, cooldownSeconds: 1.5, condition })).toEqual(['body.cooldownSeconds']);
    expect(pathsOf({ ...base, vehicleIds: [], condition })).toEqual(['body.vehicleIds']);
    expect(pathsOf({ ...base })).toEqual(['body.condition']);
    expect(pathsOf({ ...base, condition, colour: 'red' })).toEqual(['body']);
  });

  it('refuses conditions nested deeper than 4', () => {
    const leaf = { metric: 'speed', op: '>', value: 1 };
    const deep = { all: [{ all: [{ all: [{ all: [{ all: [leaf] }] }] }] }] };
    expect(pathsOf({ ...base, condition: deep })).toContain('body.condition.all.0.all.0.all.0.all.0');
  });

  it('accepts every rule of the default pack', () => {
    for (const rule of DEFAULT_RULE_PACK) expect(ruleSchema.parse(rule)).toEqual(rule);
  });
});
