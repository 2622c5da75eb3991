import type { Reading, SensorField } from '../../fleet/domain/reading.js';
import { type ConditionRun, emptyRun, heldFor, observe } from './condition-run.js';
import type { SpeedBuffer } from './driving-windows.js';
import { compileShape } from './geo.js';
import { parseInstant } from './instant.js';
import { DUE_SOON_RATIO, type MaintenanceFacts, maintenanceRatio, maintenanceStatus } from './maintenance.js';
import type { ComparisonOp, Condition, Rule } from './rule.js';

/**
 * The alert engine (C3): pure, no I/O. Rules are compiled once per rule-set version into closures;
 * readings are evaluated per vehicle in event-time order against the vehicle's evaluation state,
 * which the caller loads before and stores after (docs/adr/0070-rule-model-evaluation-state-and-caching.md).
 */

/** A geofence's last known side for one vehicle: `[inside ? 1 : 0, epoch ms]`. */
export type GeoMark = [number, number];

/** What the engine remembers per (vehicle, rule). */
export interface RuleState {
  /** Held/clear durations, for rules with `forSeconds` or `autoResolveAfterSeconds`. */
  run?: ConditionRun;
  /** Per geofence node (pre-order index in the condition tree), the side last seen. */
  geo?: Record<string, GeoMark>;
  /** The alert this rule has open for the vehicle, as far as evaluation knows. */
  open?: string;
  /** Event time of the last firing while `open` (maintenance rules retry a raise at most every 10 min). */
  tried?: number;
}

/** A vehicle's evaluation state (one item per vehicle in the alerts table). */
export interface VehicleEvaluationState {
  readonly vehicleId: string;
  rules: Record<string, RuleState>;
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

/** A compiled condition: bit 1 = holds on this reading, bit 2 = fires on it (crossings only fire). */
type NodeFn = (reading: Reading, ts: number, vehicle: VehicleContext, state: RuleState, serviceMs: number) => number;

interface CompiledRule {
  readonly rule: Rule;
  readonly index: number;
  /** The reading must carry one of these to tell the rule anything; `always` rules see every reading. */
  readonly fields: readonly SensorField[];
  readonly always: boolean;
  readonly vehicles?: ReadonlySet<string>;
  readonly node: NodeFn;
  readonly forMs: number;
  readonly autoResolveMs: number;
  readonly tracksRun: boolean;
  /** Needs its per-(vehicle, rule) state: runs, geofence sides, or maintenance retries. */
  readonly stateful: boolean;
  readonly maintenance?: Extract<Condition, { maintenance: unknown }>['maintenance'];
  readonly supersedes?: ReadonlySet<string>;
}

/** Rules ready to evaluate. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  /** Some rule needs the driving-anomaly detector / the failure model: the use case calls it only then. */
  readonly usesAnomaly: boolean;
  readonly usesFailure: boolean;
  readonly usesMaintenance: boolean;
}

function comparator(op: ComparisonOp, value: number): (x: number) => boolean {
  switch (op) {
    case '>':
      return (x) => x > value;
    case '>=':
      return (x) => x >= value;
    case '<':
      return (x) => x < value;
    case '<=':
      return (x) => x <= value;
    case '==':
      return (x) => x === value;
    case '!=':
      return (x) => x !== value;
  }
}

interface CompileInfo {
  fields: Set<SensorField>;
  always: boolean;
  anomaly: boolean;
  failure: boolean;
  geofences: number;
  maintenance?: Extract<Condition, { maintenance: unknown }>['maintenance'];
}

function compileNode(condition: Condition, info: CompileInfo): NodeFn {
  if ('all' in condition) {
    const children = condition.all.map((c) => compileNode(c, info));
    // No short-circuit: geofence nodes must see every position to keep their side current.
    return (r, ts, v, st, sm) => {
      let holds = HOLDS;
      let fires = FIRES;
      for (const child of children) {
        const bits = child(r, ts, v, st, sm);
        holds &= bits;
        fires &= bits;
      }
      return holds | fires;
    };
  }
  if ('any' in condition) {
    const children = condition.any.map((c) => compileNode(c, info));
    return (r, ts, v, st, sm) => {
      let bits = 0;
      for (const child of children) bits |= child(r, ts, v, st, sm);
      return bits;
    };
  }
  if ('metric' in condition) {
    const metric = condition.metric;
    const test = comparator(condition.op, condition.value);
    info.fields.add(metric);
    return (r) => {
      const x = r[metric];
      return x !== undefined && test(x) ? BOTH : 0;
    };
  }
  if ('geofence' in condition) {
    const contains = compileShape(condition.geofence);
    const key = String(info.geofences++);
    const on = condition.on;
    info.fields.add('lat');
    info.fields.add('lng');
    return (r, ts, _v, st) => {
      let geo = st.geo;
      if (geo === undefined) {
        geo = {};
        st.geo = geo;
      }
      const previous = geo[key];
      const { lat, lng } = r;
      let inside: boolean;
      let crossed = false;
      if (lat === undefined || lng === undefined) {
        // No position in this reading: the vehicle is where it was last seen; nothing crossed.
        if (!previous) return 0;
        inside = previous[0] === 1;
      } else {
        inside = contains(lat, lng);
        if (!previous) geo[key] = [inside ? 1 : 0, ts];
        else if (ts > previous[1]) {
          // Only a newer position moves the side: a late one cannot invent a crossing.
          crossed = (previous[0] === 1) !== inside;
          previous[0] = inside ? 1 : 0;
          previous[1] = ts;
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
    return (r, ts, v, _st, sm) => {
      return maintenanceRatio(intervals, v.facts, ts, r.odometer, sm) >= DUE_SOON_RATIO ? BOTH : 0;
    };
  }
  if (condition.model === 'failure') {
    const test = comparator(condition.op, condition.value);
    info.failure = true;
    for (const f of HEALTH_FIELDS) info.fields.add(f);
    return (_r, _ts, v) => (v.failureProbability !== undefined && test(v.failureProbability) ? BOTH : 0);
  }
  info.anomaly = true;
  info.fields.add('speed');
  return (_r, ts, v) => (v.anomalies?.has(ts) ? BOTH : 0);
}

/**
 * Compiles rules (disabled ones are left out). Throws InvalidRulePack when two share a ruleId.
 */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  const seen = new Set<string>();
  const compiled: CompiledRule[] = [];
  let usesAnomaly = false;
  let usesFailure = false;
  for (const rule of rules) {
    if (seen.has(rule.ruleId)) throw new InvalidRulePack(`Rule ${rule.ruleId} is declared twice`);
    seen.add(rule.ruleId);
    if (!rule.enabled) continue;
    const info: CompileInfo = { fields: new Set(), always: false, anomaly: false, failure: false, geofences: 0 };
    const node = compileNode(rule.condition, info);
    usesAnomaly ||= info.anomaly;
    usesFailure ||= info.failure;
    const forMs = (rule.forSeconds ?? 0) * 1000;
    const autoResolveMs = rule.autoResolveAfterSeconds === undefined ? -1 : rule.autoResolveAfterSeconds * 1000;
    compiled.push({
      rule,
      index: compiled.length,
      fields: [...info.fields],
      always: info.always,
      ...(rule.vehicleIds ? { vehicles: new Set(rule.vehicleIds) } : {}),
      node,
      forMs,
      autoResolveMs,
      tracksRun: forMs > 0 || autoResolveMs >= 0,
      stateful: forMs > 0 || autoResolveMs >= 0 || info.geofences > 0 || info.always,
      ...(info.maintenance ? { maintenance: info.maintenance } : {}),
      ...(rule.supersedes?.length ? { supersedes: new Set(rule.supersedes) } : {}),
    });
  }
  return { rules: compiled, usesAnomaly, usesFailure, usesMaintenance: compiled.some((c) => c.always) };
}

function informs(reading: Reading, fields: readonly SensorField[]): boolean {
  for (const field of fields) if (reading[field] !== undefined) return true;
  return false;
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
  // Readings grouped by vehicle as indices; most batches hold one or a few readings per vehicle.
  const byVehicle = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const reading = readings[i] as Reading;
    const ts = parseInstant(reading.ts);
    times[i] = ts;
    if (!Number.isFinite(ts)) continue;
    const list = byVehicle.get(reading.vehicleId);
    if (list) list.push(i);
    else byVehicle.set(reading.vehicleId, [i]);
  }
  const rules = compiled.rules;
  const count = rules.length;
  const firingsNow: CompiledRule[] = [];
  for (const [vehicleId, list] of byVehicle) {
    if (list.length > 1) list.sort((a, b) => (times[a] as number) - (times[b] as number));
    let state = states.get(vehicleId);
    if (!state) {
      state = emptyEvaluationState(vehicleId);
      states.set(vehicleId, state);
    }
    const ruleStates = state.rules;
    const vehicle = contexts.get(vehicleId) ?? EMPTY_CONTEXT;
    const serviceMs =
      compiled.usesMaintenance && vehicle.facts?.lastService ? parseInstant(vehicle.facts.lastService.ts) : Number.NaN;
    // Allocated only when needed: one reading per vehicle per batch is the common case.
    let firedInBatch: Uint8Array | undefined;
    let pending: Map<number, Clearance> | undefined;
    for (const index of list) {
      const reading = readings[index] as Reading;
      const ts = times[index] as number;
      firingsNow.length = 0;
      let superseding = false;
      for (let i = 0; i < count; i++) {
        const c = rules[i] as CompiledRule;
        if (c.vehicles !== undefined && !c.vehicles.has(vehicleId)) continue;
        if (!c.always && !informs(reading, c.fields)) continue;
        let st: RuleState | undefined;
        if (c.stateful) {
          const id = c.rule.ruleId;
          st = ruleStates[id];
          if (st === undefined) {
            st = {};
            ruleStates[id] = st;
          }
        }
        const bits = c.node(reading, ts, vehicle, st as RuleState, serviceMs);
        let fires = (bits & FIRES) !== 0;
        if (c.tracksRun) {
          const s = st as RuleState;
          let run = s.run;
          if (run === undefined) {
            run = emptyRun();
            s.run = run;
          }
          const holds = (bits & HOLDS) !== 0;
          observe(run, ts, holds);
          if (c.forMs > 0) fires = holds && heldFor(run, true) >= c.forMs;
          if (c.autoResolveMs >= 0 && s.open !== undefined && !holds && heldFor(run, false) >= c.autoResolveMs) {
            pending ??= new Map();
            pending.set(c.index, { vehicleId, ruleId: c.rule.ruleId, alertId: s.open, at: ts });
          }
        }
        if (!fires) continue;
        if (c.always && st?.open !== undefined && st.tried !== undefined && ts - st.tried < MAINTENANCE_RETRY_MS) {
          continue;
        }
        firingsNow.push(c);
        if (c.supersedes) superseding = true;
      }
      for (const c of firingsNow) {
        if (superseding && firingsNow.some((o) => o.supersedes?.has(c.rule.ruleId))) continue;
        pending?.delete(c.index);
        if (list.length > 1) {
          firedInBatch ??= new Uint8Array(count);
          if (firedInBatch[c.index]) continue;
          firedInBatch[c.index] = 1;
        }
        if (c.always) (ruleStates[c.rule.ruleId] as RuleState).tried = ts;
        firings.push({ vehicleId, rule: c.rule, reading });
      }
    }
    if (pending) clearances.push(...pending.values());
  }
  return { firings, clearances };
}
