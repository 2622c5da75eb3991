import type { FunctionDeclaration } from './declaration.js';
import { DETAIL_TYPES, EVENT_SOURCES } from './events.js';

/**
 * Every function of fleetops, declared once. Add a function here and both the CDK app and the
 * local stack pick it up; `tests/wiring` fails if a `*.lambda.ts` entry is missing from this list.
 */
export const FUNCTIONS = [
  {
    name: 'ingestTelemetry',
    description: 'POST /v1/telemetry: validate a batch of readings, store new ones, publish one event',
    entry: 'functions/telemetry/ingest-telemetry.lambda.ts',
    handler: { module: 'functions/telemetry/ingest-telemetry.handler.ts', factory: 'createIngestTelemetryHandler' },
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/telemetry', roles: ['admin', 'partner'] }],
    bindings: {
      tables: [
        { table: 'telemetry', access: 'readWrite' },
        { table: 'fleet', access: 'readWrite' },
      ],
      bus: true,
    },
    timeoutSeconds: 15,
  },
  {
    name: 'evaluateAlerts',
    description: 'Evaluates new readings against the rule pack and the failure model, and raises alerts',
    entry: 'functions/alerts/evaluate-alerts.lambda.ts',
    handler: { module: 'functions/alerts/evaluate-alerts.handler.ts', factory: 'createEvaluateAlertsHandler' },
    triggers: [
      {
        kind: 'event',
        pattern: { source: [EVENT_SOURCES.telemetry], 'detail-type': [DETAIL_TYPES.telemetryReceived] },
      },
    ],
    bindings: {
      tables: [
        { table: 'fleet', access: 'read' },
        { table: 'alerts', access: 'readWrite' },
      ],
      bus: true,
    },
    // The vehicle failure model runs in-process: onnxruntime-node and the models come from the layer.
    layers: ['ml'],
    memorySize: 1024,
    timeoutSeconds: 30,
  },
  {
    name: 'dispatchAlert',
    description: 'Pushes alert.raised to the tenant watchers over WebSocket and texts the on-call number',
    entry: 'functions/notifications/dispatch-alert.lambda.ts',
    handler: { module: 'functions/notifications/dispatch-alert.handler.ts', factory: 'createDispatchAlertHandler' },
    triggers: [
      { kind: 'event', pattern: { source: [EVENT_SOURCES.alerts], 'detail-type': [DETAIL_TYPES.alertRaised] } },
    ],
    bindings: {
      tables: [
        { table: 'fleet', access: 'read' },
        { table: 'connections', access: 'readWrite' },
        { table: 'alerts', access: 'readWrite' },
      ],
      websocket: true,
      topics: ['sms'],
    },
    timeoutSeconds: 30,
  },
  {
    name: 'listAlerts',
    description: 'GET /v1/alerts: the tenant alerts, newest first, filtered, cursor-paginated',
    entry: 'functions/alerts/list-alerts.lambda.ts',
    handler: { module: 'functions/alerts/list-alerts.handler.ts', factory: 'createListAlertsHandler' },
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/alerts', roles: ['admin', 'fleet_manager', 'dispatcher', 'agent'] },
    ],
    bindings: { tables: [{ table: 'alerts', access: 'read' }] },
  },
  {
    name: 'indexAlerts',
    description: 'Keeps the search index in step with the alerts table (DynamoDB stream)',
    entry: 'functions/search/index-alerts.lambda.ts',
    handler: { module: 'functions/search/index-alerts.handler.ts', factory: 'createIndexAlertsHandler' },
    triggers: [{ kind: 'stream', table: 'alerts', batchSize: 100, startingPosition: 'LATEST' }],
    bindings: { search: true },
    timeoutSeconds: 30,
  },
  {
    name: 'wsAuthorize',
    description: 'WebSocket $connect authorizer: verifies ?token= and hands tenant, user and roles on',
    entry: 'functions/realtime/ws-authorize.lambda.ts',
    handler: { module: 'functions/realtime/ws-authorize.handler.ts', factory: 'createWsAuthorizeHandler' },
    triggers: [{ kind: 'websocketAuthorizer' }],
    bindings: { auth: true },
  },
  {
    name: 'wsConnect',
    description: 'WebSocket $connect: records the connection under its tenant',
    entry: 'functions/realtime/ws-connect.lambda.ts',
    handler: { module: 'functions/realtime/ws-connect.handler.ts', factory: 'createWsConnectHandler' },
    triggers: [{ kind: 'websocket', routeKey: '$connect' }],
    bindings: { tables: [{ table: 'connections', access: 'readWrite' }] },
  },
  {
    name: 'wsDisconnect',
    description: 'WebSocket $disconnect: forgets the connection',
    entry: 'functions/realtime/ws-disconnect.lambda.ts',
    handler: { module: 'functions/realtime/ws-disconnect.handler.ts', factory: 'createWsDisconnectHandler' },
    triggers: [{ kind: 'websocket', routeKey: '$disconnect' }],
    bindings: { tables: [{ table: 'connections', access: 'readWrite' }] },
  },
  {
    name: 'wsDefault',
    description: 'WebSocket $default: answers ping and rejects unknown actions with an error frame',
    entry: 'functions/realtime/ws-default.lambda.ts',
    handler: { module: 'functions/realtime/ws-default.handler.ts', factory: 'createWsDefaultHandler' },
    triggers: [{ kind: 'websocket', routeKey: '$default' }],
    bindings: { websocket: true },
  },
] as const satisfies readonly FunctionDeclaration[];

export type FunctionName = (typeof FUNCTIONS)[number]['name'];

export function declarationOf(name: FunctionName): FunctionDeclaration {
  const found = FUNCTIONS.find((f) => f.name === name);
  if (!found) throw new Error(`No function declared with name ${name}`);
  return found;
}
