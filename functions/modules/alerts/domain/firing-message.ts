import type { Reading } from '../../fleet/domain/reading.js';
import { maintenanceStatus } from './maintenance.js';
import type { Condition } from './rule.js';
import type { Firing, VehicleContext } from './rule-engine.js';

/** The text of an alert raised from a firing: the rule's template, or a default naming the rule. */

const EMPTY_CONTEXT: VehicleContext = {};

/** Fills `{vehicleId}`, `{ts}` and `{<sensor>}` from the reading; a missing value renders as `?`. */
export function renderMessage(template: string, reading: Reading): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (reading as Readonly<Record<string, unknown>>)[name];
    return value === undefined || value === null ? '?' : String(value);
  });
}

/**
 * The message of a firing: the rule's template filled from the reading, or a default naming the
 * rule (with the service position for maintenance rules). Rendered only for alerts actually raised.
 */
export function messageOf(firing: Firing, vehicle: VehicleContext = EMPTY_CONTEXT): string {
  const { rule, reading } = firing;
  if (rule.message !== undefined) return renderMessage(rule.message, reading);
  const maintenance = findMaintenance(rule.condition);
  if (maintenance) {
    const status = maintenanceStatus(maintenance, vehicle.facts, Date.parse(reading.ts), reading.odometer);
    const when = status && status.ratio >= 1 ? 'due' : 'due soon';
    return `${rule.name} on ${reading.vehicleId}: service ${when}${status ? `, ${status.detail}` : ''}.`;
  }
  return `${rule.name} on ${reading.vehicleId}.`;
}

function findMaintenance(
  condition: Condition,
): Extract<Condition, { maintenance: unknown }>['maintenance'] | undefined {
  if ('maintenance' in condition) return condition.maintenance;
  const children = 'all' in condition ? condition.all : 'any' in condition ? condition.any : [];
  for (const child of children) {
    const found = findMaintenance(child);
    if (found) return found;
  }
  return undefined;
}
