import { defineModule } from '../../platform/wiring/module.js';
import { indexAlerts } from './handlers/index-alerts.handler.js';
import { indexVehicles } from './handlers/index-vehicles.handler.js';
import { search } from './handlers/search.handler.js';
import { suggest } from './handlers/suggest.handler.js';

/**
 * Search (C9): keeps the search domain in step with the alerts table and the vehicle events, and
 * answers `GET /v1/search` and `GET /v1/search/suggest`.
 */
export const searchModule = defineModule({
  name: 'search',
  tables: [],
  functions: [indexAlerts, indexVehicles, search, suggest],
});
