import type { Reading } from '../../fleet/domain/reading.js';

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface Alert {
  readonly tenantId: string;
  /** ULID: sorts by time, so "newest first" is a reverse key order. */
  readonly alertId: string;
  readonly vehicleId: string;
  /** The rule that fired, e.g. `ENGINE_FAILURE`; also the alert's type. */
  readonly type: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  readonly message: string;
  /** The reading that triggered the alert. */
  readonly reading: Reading;
  readonly raisedAt: string;
}

/** Payload of the `alert.raised` event and the `data` of the WebSocket frame. */
export type AlertRaised = Alert;
