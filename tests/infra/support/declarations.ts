import { ALERTS_TABLE } from '../../../functions/modules/alerts/tables.js';
import { FLEET_TABLE, INGEST_LOG_TABLE } from '../../../functions/modules/fleet/tables.js';
import { MODULES } from '../../../functions/modules/registry.js';
import type {
  Binding,
  BusBinding,
  ModelBinding,
  NotifierBinding,
  NotifierChannel,
  TableAccess,
  TableBinding,
} from '../../../functions/platform/wiring/bindings.js';
import type { AnyLambdaHandler, FunctionDeclaration, Trigger } from '../../../functions/platform/wiring/declaration.js';
import type { FleetOpsModule } from '../../../functions/platform/wiring/module.js';
import type { TableDefinition } from '../../../functions/platform/wiring/tables.js';

/** The fixture every generated function points at: one tiny file, so the tests never bundle real code. */
export const FIXTURE_ENTRY = 'tests/infra/fixtures/noop.lambda.ts';

const unusedPort = (): never => {
  throw new Error('infra tests never build adapters');
};

/** Bindings as plain data; the CDK app reads only their kind, table, access, channels and models. */
export const bind = {
  table: (table: TableDefinition, access: TableAccess = 'readWrite'): TableBinding => ({
    kind: 'table',
    table,
    access,
    env: [table.envVar],
    fromEnvironment: unusedPort,
    create: unusedPort,
  }),
  bus: (): BusBinding => ({ kind: 'bus', env: ['EVENT_BUS_NAME'], fromEnvironment: unusedPort }),
  notifier: (...channels: NotifierChannel[]): NotifierBinding => ({
    kind: 'notifier',
    channels,
    env: [],
    fromEnvironment: unusedPort,
  }),
  model: (...models: string[]): ModelBinding => ({
    kind: 'model',
    models,
    env: ['MODELS_DIR'],
    fromEnvironment: unusedPort,
  }),
};

const noFactory = (): AnyLambdaHandler => async () => ({});

/** A declaration pointing at the fixture entry, with a dummy factory. */
export function declaration(
  name: string,
  triggers: readonly Trigger[],
  bindings: Readonly<Record<string, Binding>> = {},
): FunctionDeclaration {
  return { name, description: `generated ${name}`, entry: FIXTURE_ENTRY, triggers, bindings, factory: noFactory };
}

/**
 * The registered modules with generated functions added round robin until the app has `count`
 * functions, in a realistic mix: per ten, five HTTP routes, three event consumers (one also on a
 * schedule), two stream consumers, with table and bus bindings. The real functions stay (the
 * $connect authorizer, the search role mapping, the ml layer), so every path of the app is built.
 */
export function generatedModules(count: number): FleetOpsModule[] {
  const existing = MODULES.reduce((sum, module) => sum + module.functions.length, 0);
  const added = new Map<string, FunctionDeclaration[]>(MODULES.map((module) => [module.name, []]));
  for (let i = 0; i < count - existing; i += 1) {
    const module = MODULES[i % MODULES.length] as FleetOpsModule;
    const name = `generated${module.name.replace(/(^|-)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase())}${i}`;
    const kind = i % 10;
    const tables = { items: bind.table(FLEET_TABLE), alerts: bind.table(ALERTS_TABLE, 'read') };
    let fn: FunctionDeclaration;
    if (kind < 5) {
      fn = declaration(name, [{ kind: 'http', method: 'GET', path: `/v1/generated/${i}`, roles: ['admin'] }], tables);
    } else if (kind < 8) {
      const triggers: Trigger[] = [{ kind: 'event', pattern: { source: [`fleetops.generated${i}`] } }];
      if (kind === 7) triggers.push({ kind: 'schedule', expression: 'rate(5 minutes)' });
      fn = declaration(name, triggers, { ...tables, events: bind.bus() });
    } else {
      const table = kind === 8 ? INGEST_LOG_TABLE : ALERTS_TABLE;
      fn = declaration(name, [{ kind: 'stream', table }], { items: bind.table(FLEET_TABLE), events: bind.bus() });
    }
    added.get(module.name)?.push(fn);
  }
  return MODULES.map((module) => ({ ...module, functions: [...module.functions, ...(added.get(module.name) ?? [])] }));
}
