import type { EventPattern } from '../../platform/wiring/events.js';
import { ALERT_EVENTS } from '../alerts/events.js';

/**
 * The alert lifecycle events of the cross-module contract (issue #9), as published by the alerts
 * module with the whole alert as detail. Declared here because the alerts module does not export
 * them yet; once `ALERT_EVENTS.alertAcknowledged` etc. exist these strings must stay identical.
 */
export const ALERT_LIFECYCLE_DETAIL_TYPES = [
  'alert.acknowledged',
  'alert.resolved',
  'alert.assigned',
  'alert.noted',
  'alert.escalated',
] as const;

/** One of {@link ALERT_LIFECYCLE_DETAIL_TYPES}. */
export type AlertLifecycleDetailType = (typeof ALERT_LIFECYCLE_DETAIL_TYPES)[number];

/** Whether a detail type is a lifecycle change (anything that becomes an `alert.updated` frame). */
export function isAlertLifecycleDetailType(detailType: string): detailType is AlertLifecycleDetailType {
  return (ALERT_LIFECYCLE_DETAIL_TYPES as readonly string[]).includes(detailType);
}

/** Selects what the alert frames (WebSocket and SSE) carry: raises and lifecycle changes. */
export const ALERT_STREAM_PATTERN: EventPattern = {
  source: [ALERT_EVENTS.source],
  'detail-type': [ALERT_EVENTS.alertRaised, ...ALERT_LIFECYCLE_DETAIL_TYPES],
};

/** The `type` of the frames the realtime module sends (WebSocket `{type, data}`, SSE `event:`). */
export const FRAME_TYPES = {
  alertRaised: 'alert.raised',
  alertUpdated: 'alert.updated',
  subscribed: 'subscribed',
  unsubscribed: 'unsubscribed',
  vehiclePosition: 'vehicle.position',
  error: 'error',
} as const;

/** The frame type an alert event becomes: a raise stays `alert.raised`, every change is `alert.updated`. */
export function alertFrameType(detailType: string): 'alert.raised' | 'alert.updated' | undefined {
  if (detailType === ALERT_EVENTS.alertRaised) return FRAME_TYPES.alertRaised;
  return isAlertLifecycleDetailType(detailType) ? FRAME_TYPES.alertUpdated : undefined;
}
