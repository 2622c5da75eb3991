/**
 * Event names on the bus. `source` says which bounded context published; `detail-type` is the
 * event name partners also see in outbound webhooks.
 */
export const EVENT_SOURCES = {
  telemetry: 'fleetops.telemetry',
  alerts: 'fleetops.alerts',
} as const;

export const DETAIL_TYPES = {
  telemetryReceived: 'telemetry.received',
  alertRaised: 'alert.raised',
  /** A failure prediction above threshold raised a MAINTENANCE_PREDICTED alert (also an outbound webhook type). */
  maintenancePredicted: 'maintenance.predicted',
} as const;

/**
 * An EventBridge event pattern, restricted to the operators the local bus implements
 * (see local/bus/event-pattern.ts). Keep rules inside this subset so both runtimes agree.
 */
export type EventPattern = {
  readonly source?: readonly string[];
  readonly 'detail-type'?: readonly string[];
  readonly detail?: Readonly<Record<string, unknown>>;
};
