import { ApiError, apiRequest } from './http.js';
import type { Severity } from './types.js';

/** Comparison operators of the rule contract. */
export const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** When a geofence rule fires: on crossing in or out, or while inside or outside. */
export const GEOFENCE_ON = ['enter', 'exit', 'inside', 'outside'] as const;
export type GeofenceOn = (typeof GEOFENCE_ON)[number];

/** A sensor value compared with a constant. */
export interface ThresholdCondition {
  readonly metric: string;
  readonly op: ComparisonOp;
  readonly value: number;
}

/** A circle geofence (the form this screen creates). */
export interface CircleGeofenceCondition {
  readonly geofence: { readonly circle: { readonly lat: number; readonly lng: number; readonly radiusM: number } };
  readonly on: GeofenceOn;
}

/** Service intervals since the last recorded service. */
export interface MaintenanceCondition {
  readonly maintenance: { readonly everyKm?: number; readonly everyEngineHours?: number; readonly everyDays?: number };
}

/** Every condition of the contract; the screen edits the forms above and shows the rest as text. */
export type Condition =
  | ThresholdCondition
  | CircleGeofenceCondition
  | MaintenanceCondition
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly geofence: { readonly polygon: readonly (readonly [number, number])[] }; readonly on: GeofenceOn }
  | { readonly model: 'failure'; readonly op: ComparisonOp; readonly value: number }
  | { readonly model: 'driving_anomaly' };

/** A rule as a client writes it (`POST`/`PUT` body). */
export interface RuleBody {
  readonly ruleId?: string;
  readonly name: string;
  readonly type: string;
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly condition: Condition;
  readonly vehicleIds?: readonly string[];
  readonly forSeconds?: number;
  readonly cooldownSeconds?: number;
  readonly autoResolveAfterSeconds?: number;
  readonly message?: string;
  readonly supersedes?: readonly string[];
}

/** A rule in force as `GET /v1/rules` lists it. */
export interface RuleView extends RuleBody {
  readonly ruleId: string;
  /** `default`: the pack's rule as shipped; `tenant`: the tenant's own rule or its override of a default. */
  readonly source: 'default' | 'tenant';
  /** Set on a tenant override of a default rule: `DELETE` restores the default. */
  readonly overridesDefault?: boolean;
  /** The rule's ETag: writes send it as `If-Match`, so another editor's change is never overwritten. */
  readonly revision: number;
}

/** `If-Match` for a write of the rule as it was read. */
const ifMatch = (rule: Pick<RuleView, 'revision'>) => ({ 'if-match': `"${rule.revision}"` });

const rulePath = (ruleId: string) => `/v1/rules/${encodeURIComponent(ruleId)}`;

/** `GET /v1/rules`: the tenant's rules in force, default pack included. */
export async function listRules(): Promise<RuleView[]> {
  return (await apiRequest<{ items: RuleView[] }>('/v1/rules')).items;
}

/** `POST /v1/rules`: a new tenant rule (201). */
export function createRule(rule: RuleBody): Promise<RuleView> {
  return apiRequest<RuleView>('/v1/rules', { method: 'POST', body: rule });
}

/**
 * `PUT /v1/rules/{ruleId}`: replaces a tenant rule, or overrides a default one for this tenant. The
 * body is the whole rule: the view's own fields (`source`, `overridesDefault`, `revision`) are not
 * part of it. Conditional on the revision read: 412 `RULE_CHANGED` if someone else changed it since.
 */
export function replaceRule(rule: RuleView, changes: Partial<RuleBody>): Promise<RuleView> {
  const {
    source: _source,
    overridesDefault: _overrides,
    revision: _revision,
    ruleId,
    ...body
  } = { ...rule, ...changes };
  return apiRequest<RuleView>(rulePath(ruleId), { method: 'PUT', body, headers: ifMatch(rule) });
}

/**
 * `DELETE /v1/rules/{ruleId}`: deletes a tenant rule, or restores a default one; conditional on the
 * revision read, as {@link replaceRule}.
 */
export function deleteRule(rule: Pick<RuleView, 'ruleId' | 'revision'>): Promise<void> {
  return apiRequest<void>(rulePath(rule.ruleId), { method: 'DELETE', headers: ifMatch(rule) });
}

/** Whether a failed write failed because someone else changed the rule first (412 RULE_CHANGED). */
export function isRuleChanged(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'RULE_CHANGED';
}

/** True for a single threshold (`{metric, op, value}`): the condition whose value the screen edits. */
export function isThreshold(condition: Condition): condition is ThresholdCondition {
  return 'metric' in condition;
}

/** The condition in words, e.g. "engineTemp ≥ 110 and oilPressure ≤ 15". */
export function describeCondition(condition: Condition): string {
  const ops: Readonly<Record<string, string>> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };
  if ('metric' in condition) return `${condition.metric} ${ops[condition.op] ?? condition.op} ${condition.value}`;
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return condition.any.map(describeCondition).join(' or ');
  if ('geofence' in condition) {
    const shape =
      'circle' in condition.geofence
        ? `${condition.geofence.circle.radiusM} m around ${condition.geofence.circle.lat}, ${condition.geofence.circle.lng}`
        : `a polygon of ${condition.geofence.polygon.length} points`;
    return `${condition.on} ${shape}`;
  }
  if ('maintenance' in condition) {
    const { everyKm, everyEngineHours, everyDays } = condition.maintenance;
    const parts = [
      everyKm === undefined ? '' : `${everyKm} km`,
      everyEngineHours === undefined ? '' : `${everyEngineHours} engine hours`,
      everyDays === undefined ? '' : `${everyDays} days`,
    ].filter(Boolean);
    return `service every ${parts.join(' or ')}`;
  }
  if (condition.model === 'failure')
    return `failure probability ${ops[condition.op] ?? condition.op} ${condition.value}`;
  return 'driving-anomaly model flags the driving';
}
