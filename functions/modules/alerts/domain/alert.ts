import type { Reading } from '../../fleet/domain/reading.js';

/** Severities of the contract, most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What a history entry records (docs/adr/0071-alert-lifecycle.md). */
export const HISTORY_ACTIONS = [
  'raised',
  'acknowledged',
  'resolved',
  'auto-resolved',
  'assigned',
  'noted',
  'correlated',
  'escalated',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** One change of an alert: when, by whom (a user id, or `system` for the engine), what. */
export interface HistoryEntry {
  readonly at: string;
  readonly by: string;
  readonly action: HistoryAction;
  readonly note?: string;
}

/** The user id history entries carry for changes the engine makes. */
export const SYSTEM_ACTOR = 'system';

/** An alert with its lifecycle (C6): the fields the v1 API contract fixes for clients and partners. */
export interface Alert {
  readonly tenantId: string;
  /** ULID: sorts by time, so "newest first" is a reverse key order. */
  readonly alertId: string;
  readonly vehicleId: string;
  /** The alert type, e.g. `ENGINE_FAILURE` (a rule's `type`). */
  readonly type: string;
  /** The rule that raised it; absent for model alerts such as MAINTENANCE_PREDICTED. */
  readonly ruleId?: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  readonly message: string;
  readonly raisedAt: string;
  /** The readings that triggered it (the firing reading; a duration rule's first and last). */
  readonly readings?: readonly Reading[];
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
  readonly resolvedBy?: string;
  readonly resolvedAt?: string;
  readonly assigneeId?: string;
  readonly history: readonly HistoryEntry[];
}

/** Payload of the `alert.raised` event and the `data` of the WebSocket frame. */
export type AlertRaised = Alert;
