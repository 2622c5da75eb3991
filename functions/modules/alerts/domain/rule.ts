import type { SensorField } from '../../fleet/domain/reading.js';
import type { Severity } from './alert.js';

/** Comparison operators of the rule contract. */
export const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** A sensor value compared with a constant. */
export interface ThresholdCondition {
  readonly metric: SensorField;
  readonly op: ComparisonOp;
  readonly value: number;
}

export interface AllCondition {
  readonly all: readonly Condition[];
}

export interface AnyCondition {
  readonly any: readonly Condition[];
}

export interface Circle {
  readonly lat: number;
  readonly lng: number;
  readonly radiusM: number;
}

/** `[lat, lng]` vertices; the ring closes itself. */
export type Polygon = readonly (readonly [number, number])[];

export type GeofenceShape = { readonly circle: Circle } | { readonly polygon: Polygon };

/** `enter`/`exit` fire on the crossing; `inside`/`outside` hold while the vehicle is there. */
export const GEOFENCE_ON = ['enter', 'exit', 'inside', 'outside'] as const;
export type GeofenceOn = (typeof GEOFENCE_ON)[number];

export interface GeofenceCondition {
  readonly geofence: GeofenceShape;
  readonly on: GeofenceOn;
}

/** Service intervals since the vehicle's last recorded service; holds from 90 % ("due soon"). */
export interface MaintenanceCondition {
  readonly maintenance: {
    readonly everyKm?: number;
    readonly everyEngineHours?: number;
    readonly everyDays?: number;
  };
}

/** The failure model's probability compared with a constant. */
export interface FailureModelCondition {
  readonly model: 'failure';
  readonly op: ComparisonOp;
  readonly value: number;
}

/** The driving-anomaly detector flags the window ending at the reading. */
export interface DrivingAnomalyCondition {
  readonly model: 'driving_anomaly';
}

/** Every `condition` form of the v1 rules contract (C3): threshold, all/any, geofence, maintenance, model. */
export type Condition =
  | ThresholdCondition
  | AllCondition
  | AnyCondition
  | GeofenceCondition
  | MaintenanceCondition
  | FailureModelCondition
  | DrivingAnomalyCondition;

/** An alert rule as the API carries it (without `source`). */
export interface Rule {
  readonly ruleId: string;
  readonly name: string;
  /** The alert type it raises, e.g. `GEOFENCE_EXIT`. */
  readonly type: string;
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly condition: Condition;
  /** Only these vehicles; all of the tenant's when absent. */
  readonly vehicleIds?: readonly string[];
  /** The condition must hold this long (event time) before the rule fires. */
  readonly forSeconds?: number;
  /** After a resolve, the rule does not raise again for this vehicle for this long. */
  readonly cooldownSeconds?: number;
  /** An open alert of this rule resolves itself once the condition has been clear this long. */
  readonly autoResolveAfterSeconds?: number;
  /** Template: `{vehicleId}`, `{ts}` and `{<sensor>}` are replaced by the reading's values. */
  readonly message?: string;
  /** Rule ids this one makes redundant on the same reading (the root cause hides its symptoms). */
  readonly supersedes?: readonly string[];
}

/** Where a rule in `GET /v1/rules` comes from. */
export type RuleSource = 'default' | 'tenant';

/**
 * A rule as the rules API answers it. `revision` is what `If-Match` names (the rule's ETag): 0 for
 * a default rule the tenant never changed, then one more with every write of the tenant.
 */
export type RuleView = Rule & {
  readonly source: RuleSource;
  readonly overridesDefault?: boolean;
  readonly revision: number;
};
