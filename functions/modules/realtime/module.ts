import { defineModule } from '../../platform/wiring/module.js';
import { alertStream } from './handlers/alert-stream.handler.js';
import { pushAlertUpdates } from './handlers/push-alert-updates.handler.js';
import { pushPositionsFunction } from './handlers/push-positions.handler.js';
import { recordAlertStream } from './handlers/record-alert-stream.handler.js';
import { wsAuthorize } from './handlers/ws-authorize.handler.js';
import { wsConnect } from './handlers/ws-connect.handler.js';
import { wsDefault } from './handlers/ws-default.handler.js';
import { wsDisconnect } from './handlers/ws-disconnect.handler.js';
import { wsSubscribe } from './handlers/ws-subscribe.handler.js';
import { ALERT_STREAM_TABLE, CONNECTIONS_TABLE } from './tables.js';

/**
 * Live delivery (C6, C7, C13): the WebSocket API's connections (authorizer, connect, disconnect,
 * default), `vehicle.position` subscriptions and their coalesced frames, `alert.updated` frames on every lifecycle change, and the SSE alert stream with its
 * resumable per-tenant log.
 */
export const realtimeModule = defineModule({
  name: 'realtime',
  tables: [CONNECTIONS_TABLE, ALERT_STREAM_TABLE],
  functions: [
    wsAuthorize,
    wsConnect,
    wsDisconnect,
    wsDefault,
    wsSubscribe,
    pushAlertUpdates,
    recordAlertStream,
    alertStream,
    pushPositionsFunction,
  ],
});
