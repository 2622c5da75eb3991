import { defineModule } from '../../platform/wiring/module.js';
import { wsAuthorize } from './handlers/ws-authorize.handler.js';
import { wsConnect } from './handlers/ws-connect.handler.js';
import { wsDefault } from './handlers/ws-default.handler.js';
import { wsDisconnect } from './handlers/ws-disconnect.handler.js';
import { CONNECTIONS_TABLE } from './tables.js';

/** The WebSocket API's connections (C7, C13 build on it): authorizer, connect, disconnect, default. */
export const realtimeModule = defineModule({
  name: 'realtime',
  tables: [CONNECTIONS_TABLE],
  functions: [wsAuthorize, wsConnect, wsDisconnect, wsDefault],
});
