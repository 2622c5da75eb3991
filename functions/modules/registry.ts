import { PLATFORM_TABLES } from '../platform/tables.js';
import type { FunctionDeclaration } from '../platform/wiring/declaration.js';
import type { FleetOpsModule } from '../platform/wiring/module.js';
import type { TableDefinition } from '../platform/wiring/tables.js';
import { alertsModule } from './alerts/module.js';
import { chatModule } from './chat/module.js';
import { fleetModule } from './fleet/module.js';
import { integrationsModule } from './integrations/module.js';
import { notificationsModule } from './notifications/module.js';
import { realtimeModule } from './realtime/module.js';
import { searchModule } from './search/module.js';
import { ticketsModule } from './tickets/module.js';
import { webhooksModule } from './webhooks/module.js';

/**
 * Every module of fleetops, listed once. A new bounded context is a folder under `modules/` and
 * one line here: the CDK app gives it a stack, the local stack mounts its functions and creates its
 * tables, and `tests/wiring` checks it (docs/adr/0060).
 */
export const MODULES: readonly FleetOpsModule[] = [
  fleetModule,
  alertsModule,
  notificationsModule,
  realtimeModule,
  searchModule,
  chatModule,
  ticketsModule,
  integrationsModule,
  webhooksModule,
];

/** Every function of every module. */
export const FUNCTIONS: readonly FunctionDeclaration[] = MODULES.flatMap((module) => module.functions);

/** Every table: the platform's own, then every module's. */
export const TABLE_LIST: readonly TableDefinition[] = [
  ...PLATFORM_TABLES,
  ...MODULES.flatMap((module) => module.tables),
];

/** Tables by id. */
export const TABLES: Readonly<Record<string, TableDefinition>> = Object.fromEntries(
  TABLE_LIST.map((table) => [table.id, table]),
);

/** The module that declares a function. */
export function moduleOf(functionName: string): FleetOpsModule {
  const found = MODULES.find((module) => module.functions.some((f) => f.name === functionName));
  if (!found) throw new Error(`No module declares a function named ${functionName}`);
  return found;
}
