import { RUN_SIZE, runAt, setRunAt } from './packed-run.js';

/**
 * A vehicle's condition runs and geofence sides as one array of numbers (docs/adr/0131), laid out
 * by the rule set it was evaluated with: the engine reads and writes it in place, the store keeps
 * it as base64 beside the layout, and a state laid out for other rules (a tenant changed them) is
 * carried over rule by rule, by `ruleId`.
 */

/** Where one stateful rule's numbers sit in the values. */
export interface RuleSlot {
  readonly ruleId: string;
  /** Offset of the rule's condition run ({@link RUN_SIZE} numbers), -1 when it keeps none. */
  readonly runOffset: number;
  /** Offset of its first geofence side (2 numbers per fence: side, instant), -1 when it has none. */
  readonly geoOffset: number;
  readonly geofences: number;
}

/** The layout of a rule set's packed state. */
export interface StateLayout {
  /** Names the layout: equal keys, equal layouts. */
  readonly key: string;
  /** Numbers per vehicle. */
  readonly size: number;
  readonly slots: readonly RuleSlot[];
}

/** A geofence side in the values: not seen yet, outside, inside. */
export const SIDE_UNKNOWN = 0;
export const SIDE_OUTSIDE = 1;
export const SIDE_INSIDE = 2;

/** The packed state as JSON holds it. */
export interface StoredPackedState {
  readonly layout: string;
  /** The values' bytes (float64, little-endian), base64. */
  readonly values: string;
}

/** The packed state in memory; serialises as {@link StoredPackedState}. */
export class PackedState {
  constructor(
    readonly layout: string,
    readonly values: Float64Array,
  ) {}

  toJSON(): StoredPackedState {
    return { layout: this.layout, values: encodeValues(this.values) };
  }
}

/** What older states (before docs/adr/0131) kept per rule: the run and the sides as objects. */
interface LegacyRuleState {
  run?: { t: number; f: number; r: number[] };
  geo?: Record<string, [number, number]>;
}

/** The part of a vehicle's evaluation state this module reads and writes. */
export interface PackedHolder {
  rules: Record<string, object>;
  packed?: PackedState | StoredPackedState;
}

/** The layout of a rule set: its key lists each stateful rule with the shape of its numbers. */
export function stateLayout(slots: readonly RuleSlot[], size: number): StateLayout {
  const key = slots.map((s) => `${s.ruleId}:${s.runOffset >= 0 ? 1 : 0}:${s.geofences}`).join('|');
  return { key, size, slots };
}

/**
 * The values of `state` laid out for `layout`, made ready in place (`state.packed` is then a
 * {@link PackedState} of that layout): decoded from the stored form, carried over from another
 * layout, taken from the per-rule runs and sides of an older state, or new (all zero).
 */
export function valuesFor(state: PackedHolder, layout: StateLayout): Float64Array {
  const packed = state.packed;
  if (packed instanceof PackedState && packed.layout === layout.key) return packed.values;
  let values: Float64Array;
  if (packed === undefined) {
    values = new Float64Array(layout.size);
    takeLegacy(state, layout, values);
  } else {
    const stored = packed instanceof PackedState ? packed.values : decodeValues(packed.values);
    values =
      packed.layout === layout.key && stored.length === layout.size
        ? stored
        : carriedOver(String(packed.layout), stored, layout);
  }
  state.packed = new PackedState(layout.key, values);
  return values;
}

/** No run or side has been recorded (a new vehicle, or one no stateful rule has seen). */
export function isEmptyPacked(packed: PackedState | StoredPackedState | undefined): boolean {
  if (packed === undefined) return true;
  const values = packed instanceof PackedState ? packed.values : decodeValues(packed.values);
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

/**
 * The runs and sides of one rule in their object form (`{ run, geo }`, as states kept them before
 * docs/adr/0131): for tests and diagnostics. Undefined when the rule has recorded nothing.
 */
export function ruleStateView(
  state: PackedHolder,
  layout: StateLayout,
  ruleId: string,
): { run?: { t: number; f: number; r: number[] }; geo?: Record<string, [number, number]> } | undefined {
  const slot = layout.slots.find((s) => s.ruleId === ruleId);
  if (!slot || state.packed === undefined) return undefined;
  const values = valuesFor(state, layout);
  const view: { run?: { t: number; f: number; r: number[] }; geo?: Record<string, [number, number]> } = {};
  if (slot.runOffset >= 0) {
    const run = runAt(values, slot.runOffset);
    if (run.t !== 0 || run.f !== 0 || run.r.length > 0) view.run = run;
  }
  for (let k = 0; k < slot.geofences; k++) {
    const o = slot.geoOffset + 2 * k;
    if (values[o] === SIDE_UNKNOWN) continue;
    view.geo ??= {};
    view.geo[k] = [values[o] === SIDE_INSIDE ? 1 : 0, values[o + 1] as number];
  }
  return view.run || view.geo ? view : undefined;
}

function takeLegacy(state: PackedHolder, layout: StateLayout, values: Float64Array): void {
  for (const slot of layout.slots) {
    const legacy = state.rules[slot.ruleId] as LegacyRuleState | undefined;
    if (!legacy) continue;
    if (legacy.run && slot.runOffset >= 0) setRunAt(values, slot.runOffset, legacy.run);
    for (let k = 0; k < slot.geofences; k++) {
      const mark = legacy.geo?.[k];
      if (!mark) continue;
      values[slot.geoOffset + 2 * k] = mark[0] === 1 ? SIDE_INSIDE : SIDE_OUTSIDE;
      values[slot.geoOffset + 2 * k + 1] = mark[1];
    }
    delete legacy.run;
    delete legacy.geo;
  }
}

/**
 * Values of another layout carried over to `layout`, rule by rule: a rule that kept a run keeps it,
 * a fence keeps its side by its position in the condition (as the per-rule state always did when a
 * rule was edited); rules that are gone are dropped, new ones start empty.
 */
function carriedOver(oldKey: string, old: Float64Array, layout: StateLayout): Float64Array {
  const values = new Float64Array(layout.size);
  const before = new Map<string, { run: number; geo: number; geofences: number }>();
  let offset = 0;
  for (const entry of oldKey === '' ? [] : oldKey.split('|')) {
    const [ruleId = '', run = '0', fences = '0'] = splitEntry(entry);
    const runOffset = run === '1' ? offset : -1;
    if (run === '1') offset += RUN_SIZE;
    const geofences = Number(fences);
    before.set(ruleId, { run: runOffset, geo: offset, geofences });
    offset += 2 * geofences;
  }
  if (offset !== old.length) return values; // not the layout it claims: start afresh rather than misread
  for (const slot of layout.slots) {
    const was = before.get(slot.ruleId);
    if (!was) continue;
    if (slot.runOffset >= 0 && was.run >= 0) values.set(old.subarray(was.run, was.run + RUN_SIZE), slot.runOffset);
    const fences = Math.min(slot.geofences, was.geofences);
    if (fences > 0) values.set(old.subarray(was.geo, was.geo + 2 * fences), slot.geoOffset);
  }
  return values;
}

/** `ruleId:run:fences`, where the rule id itself may hold colons. */
function splitEntry(entry: string): [string, string, string] {
  const last = entry.lastIndexOf(':');
  const middle = entry.lastIndexOf(':', last - 1);
  return [entry.slice(0, middle), entry.slice(middle + 1, last), entry.slice(last + 1)];
}

function encodeValues(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function decodeValues(text: unknown): Float64Array {
  // Not text (a damaged item): no values, which every layout reads as "start afresh".
  if (typeof text !== 'string') return new Float64Array(0);
  const bytes = Buffer.from(text, 'base64');
  // Copied: a Buffer's bytes need not be aligned for a Float64Array view.
  const values = new Float64Array(Math.floor(bytes.length / 8));
  new Uint8Array(values.buffer).set(bytes.subarray(0, values.length * 8));
  return values;
}
