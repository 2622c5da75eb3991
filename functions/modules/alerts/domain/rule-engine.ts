import type { Reading, SensorField } from '../../fleet/domain/reading.js';
import type { SpeedBuffer } from './driving-windows.js';
import { compileShape } from './geo.js';
import { parseInstant } from './instant.js';
import { DUE_SOON_RATIO, type MaintenanceFacts, maintenanceRatio, maintenanceStatus } from './maintenance.js';
import { holds, type MetricCondition, metricHolds, opCode, ThresholdTable } from './metric-conditions.js';
import { heldForAt, observeAt, RUN_SIZE } from './packed-run.js';
import {
  type PackedState,
  type RuleSlot,
  SIDE_INSIDE,
  SIDE_OUTSIDE,
  SIDE_UNKNOWN,
  type StateLayout,
  type StoredPackedState,
  stateLayout,
  valuesFor,
} from './packed-state.js';
import type { ComparisonOp, Condition, Rule } from './rule.js';

/**
 * The alert engine (C3): pure, no I/O. Rules are compiled once per rule-set version into closures;
 * readings are evaluated per vehicle in event-time order against the vehicle's evaluation state,
 * which the caller loads before and stores after (docs/adr/0070-rule-model-evaluation-state-and-caching.md).
 */

/** What evaluation and the use case remember per (vehicle, rule) besides runs and sides. */
export interface RuleState {
  /** The alert this rule has open for the vehicle, as far as evaluation knows. */
  open?: string;
  /** Event time of the last firing while `open` (maintenance rules retry a raise at most every 10 min). */
  tried?: number;
}

/** A vehicle's evaluation state (one item per vehicle in the evaluations table). */
export interface VehicleEvaluationState {
  readonly vehicleId: string;
  /** Per rule: the open alert and maintenance retries (sparse; most rules have nothing here). */
  rules: Record<string, RuleState>;
  /**
   * Held/clear runs (rules with `forSeconds` or `autoResolveAfterSeconds`) and geofence sides of
   * every stateful rule, packed in one array of numbers laid out by the rule set (docs/adr/0131).
   * Absent until the engine first evaluates the vehicle; JSON holds it as base64.
   */
  packed?: PackedState | StoredPackedState;
  speed?: SpeedBuffer;
}

/** Facts evaluation needs beyond the readings, gathered by the use case per vehicle. */
export interface VehicleContext {
  readonly facts?: MaintenanceFacts;
  /** The failure model's probability for the vehicle's current state. */
  readonly failureProbability?: number;
  /** Ends (epoch ms) of the driving windows the detector flagged. */
  readonly anomalies?: ReadonlySet<number>;
}

/** A rule fired on a reading: raise unless one is open for (vehicle, rule) or it is cooling down. */
export interface Firing {
  readonly vehicleId: string;
  readonly rule: Rule;
  readonly reading: Reading;
}

/** An open alert's condition has been clear for the rule's `autoResolveAfterSeconds`. */
export interface Clearance {
  readonly vehicleId: string;
  readonly ruleId: string;
  readonly alertId: string;
  /** Event time of the reading that completed the clear period. */
  readonly at: number;
}

export interface EngineResult {
  readonly firings: Firing[];
  readonly clearances: Clearance[];
}

/** A rule pack that cannot be used (duplicate ids); raised when the pack is compiled, never per reading. */
export class InvalidRulePack extends Error {
  override readonly name = 'InvalidRulePack';
}

const HOLDS = 1;
const FIRES = 2;
const BOTH = HOLDS | FIRES;
const MAINTENANCE_RETRY_MS = 600_000;
const HEALTH_FIELDS: readonly SensorField[] = ['engineTemp', 'oilPressure', 'batteryVoltage', 'rpm'];
const EMPTY_CONTEXT: VehicleContext = {};
const NO_RULE_STATE: RuleState = Object.freeze({});

/** The sensor fields in the order {@link sense} reads them: field `i` is bit `1 << i` of a presence mask. */
const SENSED = [
  'engineTemp',
  'oilPressure',
  'speed',
  'rpm',
  'fuelLevel',
  'batteryVoltage',
  'acceleration',
  'lat',
  'lng',
  'odometer',
] as const satisfies readonly SensorField[];
// Compile-time proof that SENSED names every sensor field of the contract.
const _everyField: Exclude<SensorField, (typeof SENSED)[number]> extends never ? true : never = true;
void _everyField;
const FIELD_INDEX = new Map<SensorField, number>(SENSED.map((field, i) => [field, i]));
const FIELD_BIT = new Map<SensorField, number>(SENSED.map((field, i) => [field, 1 << i]));

/**
 * One reading as the compiled conditions see it: its sensor values by field index and a mask of
 * the fields it carries, read once per reading instead of once per rule (`values[i]` is meaningful
 * only where bit `i` of `mask` is set).
 */
interface Sensed {
  readonly values: Float64Array;
  mask: number;
}

/**
 * A compiled condition: bit 1 = holds on this reading, bit 2 = fires on it (crossings only fire).
 * `values` is the vehicle's packed state; a geofence node knows the offset of its side in it.
 */
type NodeFn = (
  sensed: Sensed,
  reading: Reading,
  ts: number,
  vehicle: VehicleContext,
  values: Float64Array,
  serviceMs: number,
) => number;

/**
 * A rule ready to evaluate. Every field is always present (undefined when unused), so all
 * compiled rules share one object shape and the evaluation loop's property reads stay monomorphic.
 */
interface CompiledRule {
  readonly rule: Rule;
  readonly ruleId: string;
  readonly index: number;
  /** The reading must carry one of these fields (a mask over SENSOR_FIELDS) to tell the rule anything. */
  readonly fieldMask: number;
  /** `always` rules (maintenance) see every reading. */
  readonly always: boolean;
  readonly vehicles: ReadonlySet<string> | undefined;
  readonly node: NodeFn;
  /** Set when the condition is thresholds only: evaluated from these tables, `node` is not called. */
  readonly metrics: MetricCondition | undefined;
  readonly forMs: number;
  readonly autoResolveMs: number;
  readonly tracksRun: boolean;
  /** Offset of the rule's run in the packed values (-1: none). */
  readonly runOffset: number;
  readonly maintenance: Extract<Condition, { maintenance: unknown }>['maintenance'] | undefined;
  readonly supersedes: ReadonlySet<string> | undefined;
}

/** Rules ready to evaluate. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  /**
   * The rules that apply to a vehicle, in pack order: a vehicle named in some rule's `vehicleIds`
   * has its own list, every other vehicle shares {@link unscoped}. Computed at compile time, so the
   * evaluation loop neither asks a set per rule and reading nor grows a cache with the fleet.
   */
  readonly byVehicle: ReadonlyMap<string, readonly CompiledRule[]>;
  /** The rules without `vehicleIds`: all that apply to a vehicle no rule names. */
  readonly unscoped: readonly CompiledRule[];
  /** Some rule needs the driving-anomaly detector / the failure model: the use case calls it only then. */
  readonly usesAnomaly: boolean;
  readonly usesFailure: boolean;
  readonly usesMaintenance: boolean;
  /** Where each stateful rule's runs and sides sit in a vehicle's packed values. */
  readonly layout: StateLayout;
  /** The thresholds of every threshold-only condition (each rule's `metrics` points into it). */
  readonly thresholds: Float64Array;
}

/** A threshold on one sensor inside a condition that is not thresholds only (those use the table). */
function metricNode(metric: SensorField, op: ComparisonOp, value: number): NodeFn {
  const bit = FIELD_BIT.get(metric) as number;
  const i = FIELD_INDEX.get(metric) as number;
  const code = opCode(op);
  return (s) => ((s.mask & bit) !== 0 && holds(code, s.values[i] as number, value) ? BOTH : 0);
}

interface CompileInfo {
  fields: Set<SensorField>;
  always: boolean;
  anomaly: boolean;
  failure: boolean;
  geofences: number;
  /** Offset of the rule's first geofence side in the packed values. */
  geoBase: number;
  maintenance?: Extract<Condition, { maintenance: unknown }>['maintenance'];
}

function compileNode(condition: Condition, info: CompileInfo): NodeFn {
  if ('all' in condition) {
    const children = condition.all.map((c) => compileNode(c, info));
    // No short-circuit: geofence nodes must see every position to keep their side current.
    return (sn, r, ts, v, st, sm) => {
      let holds = HOLDS;
      let fires = FIRES;
      for (let k = 0; k < children.length; k++) {
        const bits = (children[k] as NodeFn)(sn, r, ts, v, st, sm);
        holds &= bits;
        fires &= bits;
      }
      return holds | fires;
    };
  }
  if ('any' in condition) {
    const children = condition.any.map((c) => compileNode(c, info));
    return (sn, r, ts, v, st, sm) => {
      let bits = 0;
      for (let k = 0; k < children.length; k++) bits |= (children[k] as NodeFn)(sn, r, ts, v, st, sm);
      return bits;
    };
  }
  if ('metric' in condition) {
    info.fields.add(condition.metric);
    return metricNode(condition.metric, condition.op, condition.value);
  }
  if ('geofence' in condition) {
    const contains = compileShape(condition.geofence);
    // The fence's side and the instant it was seen at, in the vehicle's packed values.
    const at = info.geoBase + 2 * info.geofences++;
    const on = condition.on;
    info.fields.add('lat');
    info.fields.add('lng');
    const positioned = (FIELD_BIT.get('lat') as number) | (FIELD_BIT.get('lng') as number);
    const latIndex = FIELD_INDEX.get('lat') as number;
    const lngIndex = FIELD_INDEX.get('lng') as number;
    return (sn, _r, ts, _v, values) => {
      const side = values[at] as number;
      let inside: boolean;
      let crossed = false;
      if ((sn.mask & positioned) !== positioned) {
        // No position in this reading: the vehicle is where it was last seen; nothing crossed.
        if (side === SIDE_UNKNOWN) return 0;
        inside = side === SIDE_INSIDE;
      } else {
        inside = contains(sn.values[latIndex] as number, sn.values[lngIndex] as number);
        if (side === SIDE_UNKNOWN) {
          values[at] = inside ? SIDE_INSIDE : SIDE_OUTSIDE;
          values[at + 1] = ts;
        } else if (ts > (values[at + 1] as number)) {
          // Only a newer position moves the side: a late one cannot invent a crossing.
          crossed = (side === SIDE_INSIDE) !== inside;
          values[at] = inside ? SIDE_INSIDE : SIDE_OUTSIDE;
          values[at + 1] = ts;
        }
      }
      switch (on) {
        case 'inside':
          return inside ? BOTH : 0;
        case 'outside':
          return inside ? 0 : BOTH;
        case 'enter':
          return inside ? HOLDS | (crossed ? FIRES : 0) : 0;
        case 'exit':
          return inside ? 0 : HOLDS | (crossed ? FIRES : 0);
      }
    };
  }
  if ('maintenance' in condition) {
    const intervals = condition.maintenance;
    info.always = true;
    info.maintenance ??= intervals;
    return (_sn, r, ts, v, _st, sm) => {
      return maintenanceRatio(intervals, v.facts, ts, r.odometer, sm) >= DUE_SOON_RATIO ? BOTH : 0;
    };
  }
  if (condition.model === 'failure') {
    const code = opCode(condition.op);
    const threshold = condition.value;
    info.failure = true;
    for (const f of HEALTH_FIELDS) info.fields.add(f);
    return (_sn, _r, _ts, v) =>
      v.failureProbability !== undefined && holds(code, v.failureProbability, threshold) ? BOTH : 0;
  }
  info.anomaly = true;
  info.fields.add('speed');
  return (_sn, _r, ts, v) => (v.anomalies?.has(ts) ? BOTH : 0);
}

/**
 * Compiles rules (disabled ones are left out). Throws InvalidRulePack when two share a ruleId.
 */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  const seen = new Set<string>();
  const compiled: CompiledRule[] = [];
  const slots: RuleSlot[] = [];
  const thresholds = new ThresholdTable();
  let size = 0;
  let usesAnomaly = false;
  let usesFailure = false;
  for (const rule of rules) {
    if (seen.has(rule.ruleId)) throw new InvalidRulePack(`Rule ${rule.ruleId} is declared twice`);
    seen.add(rule.ruleId);
    if (!rule.enabled) continue;
    const forMs = (rule.forSeconds ?? 0) * 1000;
    const autoResolveMs = rule.autoResolveAfterSeconds === undefined ? -1 : rule.autoResolveAfterSeconds * 1000;
    const tracksRun = forMs > 0 || autoResolveMs >= 0;
    // The rule's numbers in the packed values: its run, then its fences' sides.
    const runOffset = tracksRun ? size : -1;
    const geoBase = size + (tracksRun ? RUN_SIZE : 0);
    const info: CompileInfo = {
      fields: new Set(),
      always: false,
      anomaly: false,
      failure: false,
      geofences: 0,
      geoBase,
    };
    const node = compileNode(rule.condition, info);
    usesAnomaly ||= info.anomaly;
    usesFailure ||= info.failure;
    if (tracksRun || info.geofences > 0) {
      slots.push({
        ruleId: rule.ruleId,
        runOffset,
        geoOffset: info.geofences > 0 ? geoBase : -1,
        geofences: info.geofences,
      });
      size = geoBase + 2 * info.geofences;
    }
    let fieldMask = 0;
    for (const field of info.fields) fieldMask |= FIELD_BIT.get(field) as number;
    compiled.push({
      rule,
      ruleId: rule.ruleId,
      index: compiled.length,
      fieldMask,
      always: info.always,
      vehicles: rule.vehicleIds ? new Set(rule.vehicleIds) : undefined,
      node,
      metrics: thresholds.add(rule.condition, FIELD_INDEX),
      forMs,
      autoResolveMs,
      tracksRun,
      runOffset,
      maintenance: info.maintenance,
      supersedes: rule.supersedes?.length ? new Set(rule.supersedes) : undefined,
    });
  }
  const named = new Set(compiled.flatMap((c) => (c.vehicles ? [...c.vehicles] : [])));
  const byVehicle = new Map<string, readonly CompiledRule[]>();
  for (const vehicleId of named) {
    byVehicle.set(
      vehicleId,
      compiled.filter((c) => appliesTo(c, vehicleId)),
    );
  }
  return {
    rules: compiled,
    byVehicle,
    unscoped: compiled.filter((c) => c.vehicles === undefined),
    usesAnomaly,
    usesFailure,
    usesMaintenance: compiled.some((c) => c.always),
    layout: stateLayout(slots, size),
    thresholds: thresholds.numbers,
  };
}

function appliesTo(c: CompiledRule, vehicleId: string): boolean {
  return c.vehicles === undefined || c.vehicles.has(vehicleId);
}

/**
 * Reads a reading's sensors into `sensed` (one property read per field per reading) and returns
 * the presence mask. Written out field by field so each read is a plain, monomorphic property load.
 */
function sense(reading: Reading, sensed: Sensed): number {
  // Same order as SENSED.
  const v = sensed.values;
  let mask = 0;
  let x = reading.engineTemp;
  if (x !== undefined) {
    v[0] = x;
    mask |= 1;
  }
  x = reading.oilPressure;
  if (x !== undefined) {
    v[1] = x;
    mask |= 2;
  }
  x = reading.speed;
  if (x !== undefined) {
    v[2] = x;
    mask |= 4;
  }
  x = reading.rpm;
  if (x !== undefined) {
    v[3] = x;
    mask |= 8;
  }
  x = reading.fuelLevel;
  if (x !== undefined) {
    v[4] = x;
    mask |= 16;
  }
  x = reading.batteryVoltage;
  if (x !== undefined) {
    v[5] = x;
    mask |= 32;
  }
  x = reading.acceleration;
  if (x !== undefined) {
    v[6] = x;
    mask |= 64;
  }
  x = reading.lat;
  if (x !== undefined) {
    v[7] = x;
    mask |= 128;
  }
  x = reading.lng;
  if (x !== undefined) {
    v[8] = x;
    mask |= 256;
  }
  x = reading.odometer;
  if (x !== undefined) {
    v[9] = x;
    mask |= 512;
  }
  sensed.mask = mask;
  return mask;
}

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

function hasOpen(ruleStates: Readonly<Record<string, RuleState>>): boolean {
  for (const ruleId in ruleStates) if (ruleStates[ruleId]?.open !== undefined) return true;
  return false;
}

/** Another rule firing on the same reading supersedes this one. */
function isSuperseded(c: CompiledRule, firingNow: readonly CompiledRule[]): boolean {
  for (let k = 0; k < firingNow.length; k++) if ((firingNow[k] as CompiledRule).supersedes?.has(c.ruleId)) return true;
  return false;
}

/** A new, empty evaluation state for a vehicle. */
export function emptyEvaluationState(vehicleId: string): VehicleEvaluationState {
  return { vehicleId, rules: {} };
}

/**
 * Evaluates a batch. Per vehicle, readings are taken oldest first; each rule the reading informs is
 * evaluated, its duration run and geofence sides move forward in `states` (mutated; missing
 * vehicles are added), and:
 * - a rule fires when its condition fires (a crossing, or holds) — with `forSeconds`, when it has
 *   held that long in event time; per (vehicle, rule) only the first firing of the batch is kept,
 *   and firings a co-firing rule `supersedes` on the same reading are dropped;
 * - a rule whose alert is open (`state.open`) and whose condition has been clear for
 *   `autoResolveAfterSeconds` yields a clearance, unless it fires again later in the batch.
 */
export function evaluateReadings(
  compiled: CompiledRules,
  readings: readonly Reading[],
  states: Map<string, VehicleEvaluationState>,
  contexts: ReadonlyMap<string, VehicleContext> = new Map(),
): EngineResult {
  const firings: Firing[] = [];
  const clearances: Clearance[] = [];
  const n = readings.length;
  const times = new Float64Array(n);
  // Readings grouped by vehicle as chains of indices (first index per vehicle, then `next`): no
  // array per vehicle, as most batches hold one or a few readings per vehicle.
  const first = new Map<string, number>();
  // The first index per vehicle, in order of appearance: walked by index, not as Map entries
  // (each entry of a Map's iterator is a new array).
  const heads: number[] = [];
  const next = new Int32Array(n).fill(-1);
  const last = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const reading = readings[i] as Reading;
    const ts = parseInstant(reading.ts);
    times[i] = ts;
    if (!Number.isFinite(ts)) continue;
    const head = first.get(reading.vehicleId);
    if (head === undefined) {
      first.set(reading.vehicleId, i);
      heads.push(i);
      last[i] = i;
    } else {
      next[last[head] as number] = i;
      last[head] = i;
    }
  }
  const byTime = (a: number, b: number) => (times[a] as number) - (times[b] as number);
  const list: number[] = [];
  const count = compiled.rules.length;
  const firingsNow: CompiledRule[] = [];
  const sensed: Sensed = { values: new Float64Array(SENSED.length), mask: 0 };
  const thresholds = compiled.thresholds;
  for (let h = 0; h < heads.length; h++) {
    const head = heads[h] as number;
    const vehicleId = (readings[head] as Reading).vehicleId;
    list.length = 0;
    for (let i = head; i !== -1; i = next[i] as number) list.push(i);
    const many = list.length > 1;
    if (many) list.sort(byTime);
    let state = states.get(vehicleId);
    if (!state) {
      state = emptyEvaluationState(vehicleId);
      states.set(vehicleId, state);
    }
    const ruleStates = state.rules;
    const values = valuesFor(state, compiled.layout);
    // Most vehicles have no open alert: then no rule's state is looked up for an auto-resolve.
    const anyOpen = hasOpen(ruleStates);
    const rules = compiled.byVehicle.get(vehicleId) ?? compiled.unscoped;
    const vehicle = contexts.get(vehicleId) ?? EMPTY_CONTEXT;
    const serviceMs =
      compiled.usesMaintenance && vehicle.facts?.lastService ? parseInstant(vehicle.facts.lastService.ts) : Number.NaN;
    // Allocated only when needed: one reading per vehicle per batch is the common case.
    let firedInBatch: Uint8Array | undefined;
    let pending: Map<number, Clearance> | undefined;
    for (let l = 0; l < list.length; l++) {
      const index = list[l] as number;
      const reading = readings[index] as Reading;
      const ts = times[index] as number;
      const mask = sense(reading, sensed);
      firingsNow.length = 0;
      let superseding = false;
      for (let k = 0; k < rules.length; k++) {
        const c = rules[k] as CompiledRule;
        if (!c.always && (mask & c.fieldMask) === 0) continue;
        const m = c.metrics;
        const bits =
          m !== undefined
            ? metricHolds(thresholds, m, sensed.values, mask)
              ? BOTH
              : 0
            : c.node(sensed, reading, ts, vehicle, values, serviceMs);
        let fires = (bits & FIRES) !== 0;
        if (c.tracksRun) {
          const run = c.runOffset;
          const holds = (bits & HOLDS) !== 0;
          observeAt(values, run, ts, holds);
          if (c.forMs > 0) fires = holds && heldForAt(values, run, true) >= c.forMs;
          // The open alert is looked up only once the condition has been clear long enough.
          if (anyOpen && c.autoResolveMs >= 0 && !holds && heldForAt(values, run, false) >= c.autoResolveMs) {
            const open = ruleStates[c.ruleId]?.open;
            if (open !== undefined) {
              pending ??= new Map();
              pending.set(c.index, { vehicleId, ruleId: c.ruleId, alertId: open, at: ts });
            }
          }
        }
        if (!fires) continue;
        if (c.always) {
          const s = ruleStates[c.ruleId] ?? NO_RULE_STATE;
          if (s.open !== undefined && s.tried !== undefined && ts - s.tried < MAINTENANCE_RETRY_MS) continue;
        }
        firingsNow.push(c);
        if (c.supersedes !== undefined) superseding = true;
      }
      for (let k = 0; k < firingsNow.length; k++) {
        const c = firingsNow[k] as CompiledRule;
        if (superseding && isSuperseded(c, firingsNow)) continue;
        pending?.delete(c.index);
        if (many) {
          firedInBatch ??= new Uint8Array(count);
          if (firedInBatch[c.index]) continue;
          firedInBatch[c.index] = 1;
        }
        if (c.always) {
          const s = ruleStates[c.ruleId];
          if (s) s.tried = ts;
          else ruleStates[c.ruleId] = { tried: ts };
        }
        firings.push({ vehicleId, rule: c.rule, reading });
      }
    }
    if (pending) clearances.push(...pending.values());
  }
  return { firings, clearances };
}
