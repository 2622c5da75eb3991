import { defineModule } from '../../platform/wiring/module.js';
import { ALERT_ERRORS } from './errors.js';
import { ALERT_EVENTS } from './events.js';
import { changeAlert } from './handlers/change-alert.handler.js';
import { evaluateAlerts } from './handlers/evaluate-alerts.handler.js';
import { getAlert } from './handlers/get-alert.handler.js';
import { listAlerts } from './handlers/list-alerts.handler.js';
import { publishAlertEvents } from './handlers/publish-alert-events.handler.js';
import { readRules } from './handlers/read-rules.handler.js';
import { recordEscalation } from './handlers/record-escalation.handler.js';
import { writeRules } from './handlers/write-rules.handler.js';
import { ALERTS_TABLE, EVALUATIONS_TABLE } from './tables.js';

/** The alert engine, tenant rules, alert queries and the alert lifecycle (C3, C4, C6). */
export const alertsModule = defineModule({
  name: 'alerts',
  tables: [ALERTS_TABLE, EVALUATIONS_TABLE],
  functions: [
    evaluateAlerts,
    listAlerts,
    getAlert,
    changeAlert,
    publishAlertEvents,
    readRules,
    writeRules,
    recordEscalation,
  ],
  events: {
    source: ALERT_EVENTS.source,
    detailTypes: [
      ALERT_EVENTS.alertRaised,
      ALERT_EVENTS.alertAcknowledged,
      ALERT_EVENTS.alertResolved,
      ALERT_EVENTS.alertAssigned,
      ALERT_EVENTS.alertNoted,
      ALERT_EVENTS.alertEscalated,
      ALERT_EVENTS.maintenancePredicted,
    ],
  },
  errors: [...ALERT_ERRORS],
});
