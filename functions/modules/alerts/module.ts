import { defineModule } from '../../platform/wiring/module.js';
import { ALERT_EVENTS } from './events.js';
import { evaluateAlerts } from './handlers/evaluate-alerts.handler.js';
import { listAlerts } from './handlers/list-alerts.handler.js';
import { ALERTS_TABLE } from './tables.js';

/** The alert engine and alert queries (C3, C4, C6). */
export const alertsModule = defineModule({
  name: 'alerts',
  tables: [ALERTS_TABLE],
  functions: [evaluateAlerts, listAlerts],
  events: { source: ALERT_EVENTS.source, detailTypes: [ALERT_EVENTS.alertRaised, ALERT_EVENTS.maintenancePredicted] },
});
