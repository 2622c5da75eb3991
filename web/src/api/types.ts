/** Alert severities, most severe first (PRODUCT contract). */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Alert statuses of the lifecycle. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert as `GET /v1/alerts` and `alert.raised` frames carry it. */
export interface Alert {
  readonly alertId: string;
  readonly vehicleId: string;
  readonly type: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  readonly message: string;
  readonly raisedAt: string;
  readonly ruleId?: string;
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
  readonly resolvedBy?: string;
  readonly resolvedAt?: string;
  readonly assigneeId?: string;
  /** The readings that triggered it: `{vehicleId, ts, …sensor values}`. */
  readonly readings?: readonly AlertReading[];
  /** Every change, oldest first; frames and `GET /v1/alerts/{id}` carry it. */
  readonly history?: readonly AlertHistoryEntry[];
}

/** One reading of the telemetry contract: the key and whichever sensor values it has. */
export interface AlertReading {
  readonly vehicleId: string;
  readonly ts: string;
  readonly [metric: string]: number | string | undefined;
}

/** One change of an alert: when, by whom (`system` for the engine), what, and an optional note. */
export interface AlertHistoryEntry {
  readonly at: string;
  readonly by: string;
  readonly action: string;
  readonly note?: string;
}

/** A vehicle as the app has seen it (from alerts until `/v1/vehicles` exists). */
export interface VehicleSeen {
  readonly vehicleId: string;
  readonly lastAlertAt: string;
  readonly openAlerts: number;
}
