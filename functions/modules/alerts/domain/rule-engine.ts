import type { Reading } from '../../fleet/domain/reading.js';
import {
  BOTH,
  type CompileInfo,
  compileNode,
  dueSoon,
  FIRES,
  type GeofenceNode,
  geofenceBits,
  HOLDS,
  type NodeFn,
} from './compiled-condition.js';
import type { SpeedBuffer } from './driving-windows.js';
import { parseInstant } from './instant.js';
import { type MaintenanceFacts, ServiceBasis, type ServiceInterval } from './maintenance.js';
import { holds, type MetricCondition, metricHolds, ThresholdTable } from './metric-conditions.js';
import { extendRun, heldForAt, observeAt, RUN_SIZE } from './packed-run.js';
import {
  type PackedState,
  type RuleSlot,
  type StateLayout,
  type StoredPackedState,
  stateLayout,
  valuesFor,
} from './packed-state.js';
import type { Rule } from './rule.js';
import { FIELD_BIT, FIELD_INDEX, SENSED, type Sensed, sense } from './sensed-reading.js';

/**
 * The alert engine (C3): pure, no I/O. Rules are compiled once per rule-set version (thresholds
 * into one table, geofences and maintenance intervals into nodes the loop calls directly, compound
 * and model conditions into closures: compiled-condition.ts); readings are evaluated per vehicle in
 * event-time order against the vehicle's evaluation state,
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

/**
 * The engine's firings are built by this constructor, not as object literals: V8 tracks the
 * survival of a literal's allocations and, once a batch's firings had survived a few scavenges,
 * allocated that site's objects in old space ("pretenuring"), where they die as garbage. In the
 * esbuild bundle (what Lambda runs) that made the push of each firing 40 % of the engine's time
 * (454,000 readings/s against 725,000 with a constructor, which V8 does not pretenure by site).
 */
class EngineFiring implements Firing {
  constructor(
    readonly vehicleId: string,
    readonly rule: Rule,
    readonly reading: Reading,
  ) {}
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

const MAINTENANCE_RETRY_MS = 600_000;
const EMPTY_CONTEXT: VehicleContext = {};
const NO_RULE_STATE: RuleState = Object.freeze({});

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
  /** Set when the condition is one maintenance interval: evaluated in the loop, `node` is not called. */
  readonly interval: ServiceInterval | undefined;
  /** Set when the condition is one geofence: evaluated in the loop, `node` is not called. */
  readonly geofence: GeofenceNode | undefined;
  readonly forMs: number;
  readonly autoResolveMs: number;
  readonly tracksRun: boolean;
  /** Offset of the rule's run in the packed values (-1: none). */
  readonly runOffset: number;
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
      interval: 'maintenance' in rule.condition ? info.interval : undefined,
      geofence: 'geofence' in rule.condition ? info.geofence : undefined,
      forMs,
      autoResolveMs,
      tracksRun,
      runOffset,
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

function hasOpen(ruleStates: Readonly<Record<string, RuleState>>): boolean {
  for (const ruleId in ruleStates) if (ruleStates[ruleId]?.open !== undefined) return true;
  return false;
}

/** Another rule firing on the same reading supersedes this one. */
function isSuperseded(c: CompiledRule, firingNow: readonly CompiledRule[], count: number): boolean {
  for (let k = 0; k < count; k++) if ((firingNow[k] as CompiledRule).supersedes?.has(c.ruleId)) return true;
  return false;
}

/**
 * Sorts the first `count` indices of `list` by their event time, stably (insertion sort: a vehicle
 * has a few readings per batch, often already in order, and the same time keeps arrival order).
 */
function sortPrefix(list: number[], count: number, times: Float64Array): void {
  for (let i = 1; i < count; i++) {
    const index = list[i] as number;
    const ts = times[index] as number;
    let j = i - 1;
    while (j >= 0 && (times[list[j] as number] as number) > ts) {
      list[j + 1] = list[j] as number;
      j--;
    }
    list[j + 1] = index;
  }
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
  const evaluation = new BatchEvaluation(compiled, readings, times, next);
  for (let h = 0; h < heads.length; h++) {
    const head = heads[h] as number;
    const vehicleId = (readings[head] as Reading).vehicleId;
    let state = states.get(vehicleId);
    if (!state) {
      state = emptyEvaluationState(vehicleId);
      states.set(vehicleId, state);
    }
    evaluation.vehicle(head, state, contexts.get(vehicleId) ?? EMPTY_CONTEXT);
  }
  return { firings: evaluation.firings, clearances: evaluation.clearances };
}

const NO_VALUES = new Float64Array(0);

/**
 * One batch's evaluation: what it reuses across vehicles and readings, and the vehicle it is at.
 * Methods per vehicle and per reading, not one function with the loops nested: V8 optimised that
 * one function on the stack (OSR) in the middle of its first batches, and the code it kept varied
 * from process to process: the same bench ran at 430,000 or at 750,000 readings/s. Small methods
 * called per vehicle and per reading are optimised as whole functions, the same way every time.
 */
class BatchEvaluation {
  readonly firings: Firing[] = [];
  readonly clearances: Clearance[] = [];
  private readonly sensed: Sensed = { values: new Float64Array(SENSED.length), mask: 0 };
  private readonly basis = new ServiceBasis();
  private readonly thresholds: Float64Array;
  // Reused per vehicle and per reading; filled up to a count, never truncated (setting an array's
  // length is a runtime call, which showed in profiles at a few per reading).
  private readonly list: number[] = [];
  private readonly firingsNow: CompiledRule[] = [];
  // The vehicle at hand.
  private vehicleId = '';
  private values: Float64Array = NO_VALUES;
  private ruleStates: Record<string, RuleState> = {};
  private anyOpen = false;
  private rules: readonly CompiledRule[] = [];
  private context: VehicleContext = EMPTY_CONTEXT;
  private many = false;
  // Allocated only when needed: one reading per vehicle per batch is the common case.
  private firedInBatch: Uint8Array | undefined = undefined;
  private pending: Map<number, Clearance> | undefined = undefined;

  constructor(
    private readonly compiled: CompiledRules,
    private readonly readings: readonly Reading[],
    private readonly times: Float64Array,
    private readonly next: Int32Array,
  ) {
    this.thresholds = compiled.thresholds;
  }

  /** Evaluates the readings of the vehicle whose first reading is at `head`, oldest first. */
  vehicle(head: number, state: VehicleEvaluationState, context: VehicleContext): void {
    const compiled = this.compiled;
    const list = this.list;
    const next = this.next;
    let readingCount = 0;
    for (let i = head; i !== -1; i = next[i] as number) list[readingCount++] = i;
    this.many = readingCount > 1;
    if (this.many) sortPrefix(list, readingCount, this.times);
    const vehicleId = state.vehicleId;
    this.vehicleId = vehicleId;
    this.ruleStates = state.rules;
    this.values = valuesFor(state, compiled.layout);
    // Most vehicles have no open alert: then no rule's state is looked up for an auto-resolve.
    this.anyOpen = hasOpen(state.rules);
    this.rules = compiled.byVehicle.get(vehicleId) ?? compiled.unscoped;
    this.context = context;
    if (compiled.usesMaintenance) {
      const service = context.facts?.lastService;
      this.basis.set(context.facts, service ? parseInstant(service.ts) : Number.NaN);
    }
    this.firedInBatch = undefined;
    this.pending = undefined;
    for (let l = 0; l < readingCount; l++) this.reading(list[l] as number);
    this.keepClearances();
  }

  /** The vehicle's clearances that no later firing in the batch took back. */
  private keepClearances(): void {
    if (this.pending) this.clearances.push(...this.pending.values());
  }

  /** Evaluates one reading of the vehicle at hand against its rules. */
  private reading(index: number): void {
    const sensed = this.sensed;
    const basis = this.basis;
    const thresholds = this.thresholds;
    const values = this.values;
    const rules = this.rules;
    const firingsNow = this.firingsNow;
    const ruleStates = this.ruleStates;
    const context = this.context;
    const reading = this.readings[index] as Reading;
    const ts = this.times[index] as number;
    const mask = sense(reading, sensed);
    let firingCount = 0;
    let superseding = false;
    for (let k = 0; k < rules.length; k++) {
      const c = rules[k] as CompiledRule;
      if (!c.always && (mask & c.fieldMask) === 0) continue;
      const m = c.metrics;
      const interval = c.interval;
      // One threshold (most tenant rules) is compared here: its field is present (the mask test
      // above), so the table's loop over leaves and their presence bits has nothing to add.
      const bits =
        m !== undefined
          ? (
              m.count === 1
                ? holds(
                    thresholds[m.start + 1] as number,
                    sensed.values[thresholds[m.start] as number] as number,
                    thresholds[m.start + 2] as number,
                  )
                : metricHolds(thresholds, m, sensed.values, mask)
            )
            ? BOTH
            : 0
          : c.geofence !== undefined
            ? geofenceBits(c.geofence, sensed, ts, values)
            : interval !== undefined
              ? dueSoon(interval, basis, ts, sensed)
                ? BOTH
                : 0
              : c.node(sensed, reading, ts, context, values, basis);
      let fires = (bits & FIRES) !== 0;
      if (c.tracksRun) {
        const run = c.runOffset;
        const holds = (bits & HOLDS) !== 0;
        // Most observations continue the current run in order: one append, its length known.
        let lasted = extendRun(values, run, ts, holds);
        if (lasted < 0) {
          observeAt(values, run, ts, holds);
          lasted = heldForAt(values, run, holds);
        }
        if (c.forMs > 0) fires = holds && lasted >= c.forMs;
        // The open alert is looked up only once the condition has been clear long enough.
        if (this.anyOpen && c.autoResolveMs >= 0 && !holds && lasted >= c.autoResolveMs) this.clearable(c, ts);
      }
      if (!fires) continue;
      if (c.always) {
        const s = ruleStates[c.ruleId] ?? NO_RULE_STATE;
        if (s.open !== undefined && s.tried !== undefined && ts - s.tried < MAINTENANCE_RETRY_MS) continue;
      }
      firingsNow[firingCount++] = c;
      if (c.supersedes !== undefined) superseding = true;
    }
    for (let k = 0; k < firingCount; k++) {
      const c = firingsNow[k] as CompiledRule;
      if (superseding && isSuperseded(c, firingsNow, firingCount)) continue;
      this.pending?.delete(c.index);
      if (this.many) {
        this.firedInBatch ??= new Uint8Array(this.compiled.rules.length);
        if (this.firedInBatch[c.index]) continue;
        this.firedInBatch[c.index] = 1;
      }
      if (c.always) {
        const s = ruleStates[c.ruleId];
        if (s) s.tried = ts;
        else ruleStates[c.ruleId] = { tried: ts };
      }
      this.firings.push(new EngineFiring(this.vehicleId, c.rule, reading));
    }
  }

  /** The rule's open alert (if evaluation knows one) may be resolved: its condition has been clear long enough. */
  private clearable(c: CompiledRule, ts: number): void {
    const open = this.ruleStates[c.ruleId]?.open;
    if (open === undefined) return;
    this.pending ??= new Map();
    this.pending.set(c.index, { vehicleId: this.vehicleId, ruleId: c.ruleId, alertId: open, at: ts });
  }
}
