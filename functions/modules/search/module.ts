import { defineModule } from '../../platform/wiring/module.js';
import { indexAlerts } from './handlers/index-alerts.handler.js';

/** Search (C9): keeps the search domain in step with the tables it indexes. */
export const searchModule = defineModule({
  name: 'search',
  tables: [],
  functions: [indexAlerts],
});
