import type { Alert, AlertStatus, Severity } from '../domain/alert.js';

export interface AlertFilter {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly vehicleId?: string;
}

export interface AlertPage {
  readonly items: Alert[];
  /** Opaque; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * `raised: false` names the alert that is already open, so a retried evaluation that finds its own
 * earlier alert (same deterministic id) can still publish it; `coolingDown` says the rule's last
 * alert for this vehicle was resolved less than its cool-down before the firing reading.
 */
export type RaiseResult =
  | { readonly raised: true; readonly alert: Alert }
  | { readonly raised: false; readonly openAlertId?: string; readonly coolingDown?: boolean };

/** An alert with the revision its conditional update must match. */
export interface VersionedAlert {
  readonly alert: Alert;
  readonly rev: number;
}

/** An open (vehicle, rule) lock: which alert holds it, and how severe it is. */
export interface OpenAlertRef {
  readonly alertId: string;
  readonly lockKey: string;
  readonly type: string;
  readonly severity: Severity;
}

/** A (vehicle, rule) lock asked about: the vehicle and the lock's key (the rule, see `lockKeyOf`). */
export interface LockRef {
  readonly vehicleId: string;
  readonly lockKey: string;
}

/**
 * The event a lifecycle write owes, kept beside the alert in the same transaction (a transactional
 * outbox, docs/adr/0063) until it is published: by the request that wrote it, or else by the
 * alerts table's stream.
 */
export interface OwedAlertEvent {
  readonly tenantId: string;
  readonly alertId: string;
  /** The alert revision the write produced: one owed event per revision. */
  readonly rev: number;
  readonly detailType: string;
  /** The whole alert after the change: the event's detail. */
  readonly alert: Alert;
  /** When the write was made (ISO 8601). */
  readonly owedSince: string;
}

/** Which owed event: the alert and the revision that owes it. */
export type OwedAlertEventKey = Pick<OwedAlertEvent, 'tenantId' | 'alertId' | 'rev'>;

export interface AlertRepository {
  /**
   * Raises the alert unless one is already open for (tenant, vehicle, rule) — one fault, one alert —
   * or the rule's previous alert was resolved less than `cooldownSeconds` before the firing reading
   * (`firedAt`). Atomic (one transaction on the alert and the lock), so concurrent evaluations
   * cannot both raise.
   */
  raiseIfNotOpen(
    alert: Alert,
    options?: { readonly cooldownSeconds?: number; readonly firedAt?: string },
  ): Promise<RaiseResult>;
  get(tenantId: string, alertId: string): Promise<Alert | undefined>;
  /** The alert with its revision, read consistently, for a conditional update. */
  getVersioned(tenantId: string, alertId: string): Promise<VersionedAlert | undefined>;
  /**
   * Replaces the alert if its revision is still `rev` (false when another change won). When the
   * new alert is resolved, releases its (vehicle, rule) lock in the same transaction, recording
   * `resolvedAt` for the cool-down. With `owes`, the event of the change is stored in the same
   * transaction, owed by revision `rev + 1` until {@link eventPublished} clears it.
   */
  update(alert: Alert, rev: number, owes?: { readonly detailType: string }): Promise<boolean>;
  /** Clears an owed event once it is on the bus (nothing happens if it is gone already). */
  eventPublished(key: OwedAlertEventKey): Promise<void>;
  /** The owed events among these that are still owed, read consistently. */
  owedEvents(keys: readonly OwedAlertEventKey[]): Promise<OwedAlertEvent[]>;
  /**
   * Which of these locks are held (their alert not resolved), read consistently in one batched read:
   * the holding alert's id by {@link heldLockKey}. Released and absent locks are not in the map.
   */
  heldLocks(tenantId: string, refs: readonly LockRef[]): Promise<Map<string, string>>;
  /** The vehicle's open alerts as their locks know them. */
  openAlerts(tenantId: string, vehicleId: string): Promise<OpenAlertRef[]>;
  /** Newest first. Throws InvalidCursor for a cursor that is not this tenant's. */
  list(tenantId: string, filter: AlertFilter, limit: number, cursor?: string): Promise<AlertPage>;
}

/** The key of a lock in {@link AlertRepository.heldLocks}'s answer. */
export function heldLockKey(ref: LockRef): string {
  return `${ref.vehicleId}\u0000${ref.lockKey}`;
}
