import { type AlertRule, validateRulePack } from './rules.js';

/**
 * The rules every tenant starts with (capability C3). Thresholds follow the seed's notifications
 * design: 120 °C with 10 psi is an engine failure; 90 °C with 40 psi is a healthy engine.
 */
export const DEFAULT_RULE_PACK: readonly AlertRule[] = validateRulePack([
  {
    type: 'ENGINE_FAILURE',
    severity: 'CRITICAL',
    when: {
      all: [
        { field: 'engineTemp', op: 'gte', value: 110 },
        { field: 'oilPressure', op: 'lte', value: 15 },
      ],
    },
    message: 'Engine failure on {vehicleId}: {engineTemp} °C with oil pressure {oilPressure} psi. Stop the vehicle.',
    supersedes: ['OVERHEAT', 'LOW_OIL_PRESSURE'],
  },
  {
    type: 'OVERHEAT',
    severity: 'HIGH',
    when: { field: 'engineTemp', op: 'gte', value: 105 },
    message: 'Engine overheating on {vehicleId}: {engineTemp} °C.',
  },
  {
    type: 'LOW_OIL_PRESSURE',
    severity: 'HIGH',
    when: { field: 'oilPressure', op: 'lte', value: 15 },
    message: 'Low oil pressure on {vehicleId}: {oilPressure} psi.',
  },
  {
    type: 'SPEEDING',
    severity: 'MEDIUM',
    when: { field: 'speed', op: 'gt', value: 120 },
    message: '{vehicleId} is speeding: {speed} km/h.',
  },
  {
    type: 'LOW_BATTERY',
    severity: 'MEDIUM',
    when: { field: 'batteryVoltage', op: 'lt', value: 11.8 },
    message: 'Low battery on {vehicleId}: {batteryVoltage} V.',
  },
  {
    type: 'LOW_FUEL',
    severity: 'LOW',
    when: { field: 'fuelLevel', op: 'lt', value: 10 },
    message: 'Low fuel on {vehicleId}: {fuelLevel} %.',
  },
]);
