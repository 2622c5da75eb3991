import type { SensorField } from '../../fleet/domain/reading.js';
import type { ComparisonOp, Condition } from './rule.js';

/**
 * Conditions made only of sensor thresholds — one threshold, or `all`/`any` of thresholds — are
 * most of a tenant's rules. The engine evaluates them from these tables in its own loop instead of
 * calling a compiled closure per rule: a call site that sees every rule's closure is megamorphic
 * and was a sixth of the engine's time (docs/adr/0131). Thresholds have no state, so `all` may stop
 * at the first that fails and `any` at the first that holds, with the closures' results.
 */
export interface MetricCondition {
  /** true: `any` of the thresholds; false: all of them (a single threshold is `all` of one). */
  readonly any: boolean;
  /** Where its thresholds start in the rule set's {@link ThresholdTable}, and how many. */
  readonly start: number;
  readonly count: number;
}

const OPS: readonly ComparisonOp[] = ['>', '>=', '<', '<=', '==', '!='];

/** The operator's code for {@link holds}: its position in the contract's list of operators. */
export function opCode(op: ComparisonOp): number {
  return OPS.indexOf(op);
}
/** Numbers per threshold in the table: the sensor's index in the sensed values, operator, value. */
const STRIDE = 3;

/**
 * The thresholds of a rule set's threshold-only conditions, one after the other in one array of
 * numbers: the rules' thresholds sit together in memory, not behind four arrays per rule.
 */
export class ThresholdTable {
  readonly #numbers: number[] = [];
  #table: Float64Array | undefined;

  /** The thresholds of a condition made only of them, added to the table; undefined for any other condition. */
  add(condition: Condition, fieldIndex: ReadonlyMap<SensorField, number>): MetricCondition | undefined {
    let any = false;
    let leaves: readonly Condition[];
    if ('metric' in condition) leaves = [condition];
    else if ('all' in condition) leaves = condition.all;
    else if ('any' in condition) {
      any = true;
      leaves = condition.any;
    } else return undefined;
    if (!leaves.every((leaf) => 'metric' in leaf)) return undefined;
    const start = this.#numbers.length;
    for (const leaf of leaves as readonly Extract<Condition, { metric: unknown }>[]) {
      this.#numbers.push(fieldIndex.get(leaf.metric) as number, opCode(leaf.op), leaf.value);
    }
    this.#table = undefined;
    return { any, start, count: leaves.length };
  }

  /** The table, once every rule is added. */
  get numbers(): Float64Array {
    this.#table ??= Float64Array.from(this.#numbers);
    return this.#table;
  }
}

/** `x <op> value` for an operator's {@link opCode}: the one place the six comparisons are written. */
export function holds(op: number, x: number, value: number): boolean {
  switch (op) {
    case 0:
      return x > value;
    case 1:
      return x >= value;
    case 2:
      return x < value;
    case 3:
      return x <= value;
    case 4:
      return x === value;
    default:
      return x !== value;
  }
}

/** Whether the condition holds on a reading's sensed values (`mask`: which fields it carries). */
export function metricHolds(table: Float64Array, m: MetricCondition, values: Float64Array, mask: number): boolean {
  const end = m.start + m.count * STRIDE;
  if (m.any) {
    for (let k = m.start; k < end; k += STRIDE) {
      const i = table[k] as number;
      if ((mask & (1 << i)) !== 0 && holds(table[k + 1] as number, values[i] as number, table[k + 2] as number)) {
        return true;
      }
    }
    return false;
  }
  for (let k = m.start; k < end; k += STRIDE) {
    const i = table[k] as number;
    if ((mask & (1 << i)) === 0 || !holds(table[k + 1] as number, values[i] as number, table[k + 2] as number)) {
      return false;
    }
  }
  return true;
}
