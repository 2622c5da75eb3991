import type { Reading, SensorField } from '../../fleet/domain/reading.js';
import type { Severity } from './alert.js';

/** Comparison operators of the rule DSL. */
export type ComparisonOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

/** One comparison of a sensor field with a constant. A reading without the field never matches. */
export interface Comparison {
  readonly field: SensorField;
  readonly op: ComparisonOperator;
  readonly value: number;
}

/** A condition: a comparison, or every / any of nested conditions. */
export type Condition = Comparison | { readonly all: readonly Condition[] } | { readonly any: readonly Condition[] };

/**
 * An alert rule. Rules are data, so a tenant's overrides can be stored and validated like any
 * other document, and the default pack ships as a constant.
 */
export interface AlertRule {
  /** The alert type it raises, e.g. `ENGINE_FAILURE`; unique within a pack. */
  readonly type: string;
  readonly severity: Severity;
  readonly when: Condition;
  /**
   * Message template; `{vehicleId}`, `{ts}` and `{<sensorField>}` are replaced by the reading's
   * values (a missing value renders as `?`).
   */
  readonly message: string;
  /** Alert types this one makes redundant for the same reading (the root cause hides its symptoms). */
  readonly supersedes?: readonly string[];
}

/** What a rule concluded about one reading. */
export interface Finding {
  readonly type: string;
  readonly severity: Severity;
  readonly message: string;
}

/** The rule pack is inconsistent (duplicate types); raised when a pack is built, not per reading. */
export class InvalidRulePack extends Error {
  override readonly name = 'InvalidRulePack';
}

function compare(actual: number, op: ComparisonOperator, expected: number): boolean {
  switch (op) {
    case 'gt':
      return actual > expected;
    case 'gte':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
    case 'eq':
      return actual === expected;
  }
}

/** True when the reading satisfies the condition. An empty `all` is true, an empty `any` false. */
export function matches(condition: Condition, reading: Reading): boolean {
  if ('all' in condition) return condition.all.every((c) => matches(c, reading));
  if ('any' in condition) return condition.any.some((c) => matches(c, reading));
  const actual = reading[condition.field];
  return typeof actual === 'number' && Number.isFinite(actual) && compare(actual, condition.op, condition.value);
}

/** Fills a message template from the reading. */
export function renderMessage(template: string, reading: Reading): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (reading as Readonly<Record<string, unknown>>)[name];
    return value === undefined || value === null ? '?' : String(value);
  });
}

/** Checks a pack once, up front, so evaluation never meets an ambiguous pack. */
export function validateRulePack(rules: readonly AlertRule[]): readonly AlertRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.type)) throw new InvalidRulePack(`Rule type ${rule.type} is declared twice`);
    seen.add(rule.type);
  }
  return rules;
}

/**
 * Evaluates every rule against one reading and drops findings a matching rule supersedes, so
 * an engine failure is reported as one CRITICAL alert rather than three.
 */
export function evaluateReading(rules: readonly AlertRule[], reading: Reading): Finding[] {
  const fired = rules.filter((rule) => matches(rule.when, reading));
  const superseded = new Set(fired.flatMap((rule) => rule.supersedes ?? []));
  return fired
    .filter((rule) => !superseded.has(rule.type))
    .map((rule) => ({ type: rule.type, severity: rule.severity, message: renderMessage(rule.message, reading) }));
}
