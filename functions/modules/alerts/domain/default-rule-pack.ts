import type { Rule } from './rule.js';
import { compileRules } from './rule-engine.js';

/**
 * The rules every tenant starts with (capability C3); a tenant overrides one by `PUT` on its
 * `ruleId` and gets it back by `DELETE`. Thresholds follow the seed's notifications design:
 * 120 °C with 10 psi is an engine failure; 90 °C with 40 psi is a healthy engine.
 */
export const DEFAULT_RULE_PACK: readonly Rule[] = [
  {
    ruleId: 'engine-failure',
    name: 'Engine failure',
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    enabled: true,
    condition: {
      all: [
        { metric: 'engineTemp', op: '>=', value: 110 },
        { metric: 'oilPressure', op: '<=', value: 15 },
      ],
    },
    message: 'Engine failure on {vehicleId}: {engineTemp} °C with oil pressure {oilPressure} psi. Stop the vehicle.',
    supersedes: ['overheat', 'low-oil-pressure'],
  },
  {
    ruleId: 'overheat',
    name: 'Engine overheating',
    type: 'OVERHEAT',
    severity: 'HIGH',
    enabled: true,
    condition: { metric: 'engineTemp', op: '>=', value: 105 },
    message: 'Engine overheating on {vehicleId}: {engineTemp} °C.',
  },
  {
    ruleId: 'low-oil-pressure',
    name: 'Low oil pressure',
    type: 'LOW_OIL_PRESSURE',
    severity: 'HIGH',
    enabled: true,
    condition: { metric: 'oilPressure', op: '<=', value: 15 },
    message: 'Low oil pressure on {vehicleId}: {oilPressure} psi.',
  },
  {
    ruleId: 'speeding',
    name: 'Speeding',
    type: 'SPEEDING',
    severity: 'MEDIUM',
    enabled: true,
    condition: { metric: 'speed', op: '>', value: 120 },
    message: '{vehicleId} is speeding: {speed} km/h.',
  },
  {
    ruleId: 'low-battery',
    name: 'Low battery',
    type: 'LOW_BATTERY',
    severity: 'MEDIUM',
    enabled: true,
    condition: { metric: 'batteryVoltage', op: '<', value: 11.8 },
    message: 'Low battery on {vehicleId}: {batteryVoltage} V.',
  },
  {
    ruleId: 'low-fuel',
    name: 'Low fuel',
    type: 'LOW_FUEL',
    severity: 'LOW',
    enabled: true,
    condition: { metric: 'fuelLevel', op: '<', value: 10 },
    message: 'Low fuel on {vehicleId}: {fuelLevel} %.',
  },
  {
    ruleId: 'harsh-driving',
    name: 'Harsh or erratic driving',
    type: 'DRIVING_ANOMALY',
    severity: 'LOW',
    enabled: true,
    condition: { model: 'driving_anomaly' },
    // The detector flags about 1 % of normal windows: one alert per vehicle per 15 minutes at most.
    cooldownSeconds: 900,
    message: 'Harsh or erratic driving by {vehicleId} around {ts} ({speed} km/h).',
  },
  {
    ruleId: 'service-due',
    name: 'Service due',
    type: 'MAINTENANCE_DUE',
    severity: 'LOW',
    enabled: true,
    condition: { maintenance: { everyKm: 15_000, everyEngineHours: 500, everyDays: 365 } },
  },
];

/** The default pack, compiled once per container; it also proves at load that the pack is valid. */
export const DEFAULT_PACK_COMPILED = compileRules(DEFAULT_RULE_PACK);

/** Default rules by id. */
export const DEFAULT_RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(DEFAULT_RULE_PACK.map((r) => [r.ruleId, r]));
