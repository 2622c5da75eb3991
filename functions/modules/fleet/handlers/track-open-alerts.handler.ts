import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import type { EventPattern } from '../../../platform/wiring/events.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbOpenAlertLedger } from '../adapters/dynamodb-open-alert-ledger.js';
import { type AlertChange, trackOpenAlerts } from '../use-cases/track-open-alerts.js';

/** The alert events this context follows (events contract; published by the alerts module). */
export const ALERT_LIFECYCLE = {
  source: 'fleetops.alerts',
  raised: 'alert.raised',
  resolved: 'alert.resolved',
} as const;

const pattern: EventPattern = {
  source: [ALERT_LIFECYCLE.source],
  'detail-type': [ALERT_LIFECYCLE.raised, ALERT_LIFECYCLE.resolved],
};

/** Only the fields fleet needs of an alert: the alerts module's schema may grow without breaking this. */
const alertChangeSchema: z.ZodMiniType<AlertChange> = z.object({
  tenantId: z.string().check(z.minLength(1)),
  alertId: z.string().check(z.minLength(1)),
  vehicleId: z.string().check(z.minLength(1)),
});

const bindings = { openAlerts: dynamoDbOpenAlertLedger.readWrite };
export type TrackOpenAlertsDeps = DepsOf<typeof bindings>;

/** `alert.raised` / `alert.resolved` → the vehicle state's open alerts. Throws to have the event retried. */
export function createTrackOpenAlertsHandler(deps: TrackOpenAlertsDeps): BusLambdaHandler {
  return eventHandler(
    { declaration: trackOpenAlertsFunction, deps, detail: alertChangeSchema },
    async (alert, event) => {
      const kind = event['detail-type'] === ALERT_LIFECYCLE.resolved ? 'resolved' : 'raised';
      await trackOpenAlerts(deps, kind, alert);
      deps.logger.info('Open alerts updated', { kind, vehicleId: alert.vehicleId, alertId: alert.alertId });
    },
  );
}

export const trackOpenAlertsFunction = defineFunction({
  name: 'trackOpenAlerts',
  description: 'alert.raised / alert.resolved: keeps each vehicle state’s open alerts',
  entry: 'functions/modules/fleet/handlers/track-open-alerts.lambda.ts',
  triggers: [{ kind: 'event', pattern }],
  bindings,
  factory: createTrackOpenAlertsHandler,
});
