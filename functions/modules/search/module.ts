import { defineModule } from '../../platform/wiring/module.js';
import { indexAlerts } from './handlers/index-alerts.handler.js';
import { indexMessages } from './handlers/index-messages.handler.js';
import { indexTickets } from './handlers/index-tickets.handler.js';
import { indexVehicles } from './handlers/index-vehicles.handler.js';
import { search } from './handlers/search.handler.js';
import { suggest } from './handlers/suggest.handler.js';

/**
 * Search (C9): keeps the search domain in step with the alerts table, the vehicle events, the
 * tickets table (tickets, articles) and the chat table (messages), and
 * answers `GET /v1/search` and `GET /v1/search/suggest`.
 */
export const searchModule = defineModule({
  name: 'search',
  tables: [],
  functions: [indexAlerts, indexVehicles, indexTickets, indexMessages, search, suggest],
});
