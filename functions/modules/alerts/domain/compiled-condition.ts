import type { Reading, SensorField } from '../../fleet/domain/reading.js';
import { Fence } from './geo.js';
import { DUE_SOON_RATIO, intervalRatio, type ServiceBasis, ServiceInterval } from './maintenance.js';
import { holds, opCode } from './metric-conditions.js';
import { SIDE_INSIDE, SIDE_OUTSIDE, SIDE_UNKNOWN } from './packed-state.js';
import type { ComparisonOp, Condition } from './rule.js';
import type { VehicleContext } from './rule-engine.js';
import { FIELD_BIT, FIELD_INDEX, LAT, LNG, ODOMETER, POSITIONED, type Sensed } from './sensed-reading.js';

/**
 * Conditions compiled for the alert engine: a closure per condition node (compounds, models, the
 * leaves inside compounds) and the geofence and maintenance tests the engine also calls directly
 * for a rule that is one geofence or one interval (docs/adr/0134-alert-engine-as-lambda-runs-it.md).
 */

/** Bits of a compiled condition: it holds on the reading; it fires on it (crossings only fire). */
export const HOLDS = 1;
export const FIRES = 2;
export const BOTH = HOLDS | FIRES;
const HEALTH_FIELDS: readonly SensorField[] = ['engineTemp', 'oilPressure', 'batteryVoltage', 'rpm'];

/**
 * A compiled condition: bit 1 = holds on this reading, bit 2 = fires on it (crossings only fire).
 * `values` is the vehicle's packed state; a geofence node knows the offset of its side in it.
 */
export type NodeFn = (
  sensed: Sensed,
  reading: Reading,
  ts: number,
  vehicle: VehicleContext,
  values: Float64Array,
  basis: ServiceBasis,
) => number;

const ON = { inside: 0, outside: 1, enter: 2, exit: 3 } as const;

/** A geofence condition ready to evaluate: its shape, when it fires, and where its side is kept. */
export class GeofenceNode {
  constructor(
    readonly fence: Fence,
    /** {@link ON}: inside, outside, enter, exit. */
    readonly on: number,
    /** Offset of the fence's side and the instant it was seen at, in the vehicle's packed values. */
    readonly at: number,
  ) {}
}

function geofenceNode(condition: Extract<Condition, { geofence: unknown }>, info: CompileInfo): GeofenceNode {
  info.fields.add('lat');
  info.fields.add('lng');
  info.geofence = new GeofenceNode(
    new Fence(condition.geofence),
    ON[condition.on],
    info.geoBase + 2 * info.geofences++,
  );
  return info.geofence;
}

/**
 * A geofence's bits on a reading; moves the side kept in `values`. A top-level function over one
 * node class (not a closure per fence): the engine calls it for a geofence rule without the
 * megamorphic call of a compiled condition (docs/adr/0134-alert-engine-as-lambda-runs-it.md).
 */
export function geofenceBits(node: GeofenceNode, sn: Sensed, ts: number, values: Float64Array): number {
  const at = node.at;
  const side = values[at] as number;
  let inside: boolean;
  let crossed = false;
  if ((sn.mask & POSITIONED) !== POSITIONED) {
    // No position in this reading: the vehicle is where it was last seen; nothing crossed.
    if (side === SIDE_UNKNOWN) return 0;
    inside = side === SIDE_INSIDE;
  } else {
    inside = node.fence.contains(sn.values[LAT] as number, sn.values[LNG] as number);
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
  switch (node.on) {
    case ON.inside:
      return inside ? BOTH : 0;
    case ON.outside:
      return inside ? 0 : BOTH;
    case ON.enter:
      return inside ? HOLDS | (crossed ? FIRES : 0) : 0;
    default:
      return inside ? 0 : HOLDS | (crossed ? FIRES : 0);
  }
}

/** A threshold on one sensor inside a condition that is not thresholds only (those use the table). */
function metricNode(metric: SensorField, op: ComparisonOp, value: number): NodeFn {
  const bit = FIELD_BIT.get(metric) as number;
  const i = FIELD_INDEX.get(metric) as number;
  const code = opCode(op);
  return (s) => ((s.mask & bit) !== 0 && holds(code, s.values[i] as number, value) ? BOTH : 0);
}

export interface CompileInfo {
  fields: Set<SensorField>;
  always: boolean;
  anomaly: boolean;
  failure: boolean;
  geofences: number;
  /** Offset of the rule's first geofence side in the packed values. */
  geoBase: number;
  /** The condition's last compiled geofence (the rule's own when the condition is one geofence). */
  geofence?: GeofenceNode;
  /** The condition's last compiled maintenance interval (the rule's own when the condition is one). */
  interval?: ServiceInterval;
}

export function compileNode(condition: Condition, info: CompileInfo): NodeFn {
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
    const node = geofenceNode(condition, info);
    return (sn, _r, ts, _v, values) => geofenceBits(node, sn, ts, values);
  }
  if ('maintenance' in condition) {
    info.always = true;
    const interval = new ServiceInterval(condition.maintenance);
    info.interval = interval;
    return (sn, _r, ts, _v, _st, basis) => (dueSoon(interval, basis, ts, sn) ? BOTH : 0);
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
  // Most vehicles have no flagged window: an empty set is not hashed into.
  return (_sn, _r, ts, v) => {
    const flagged = v.anomalies;
    return flagged !== undefined && flagged.size > 0 && flagged.has(ts) ? BOTH : 0;
  };
}

/** The vehicle is at least {@link DUE_SOON_RATIO} through the interval (the reading's odometer counts when it has one). */
export function dueSoon(interval: ServiceInterval, basis: ServiceBasis, ts: number, sensed: Sensed): boolean {
  const odometer =
    (sensed.mask & (1 << ODOMETER)) !== 0 ? (sensed.values[ODOMETER] as number) : Number.NEGATIVE_INFINITY;
  return intervalRatio(interval, basis, ts, odometer) >= DUE_SOON_RATIO;
}
