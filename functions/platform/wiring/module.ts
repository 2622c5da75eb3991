import type { ErrorClass } from '../errors.js';
import type { FunctionDeclaration } from './declaration.js';
import type { TableDefinition } from './tables.js';

/**
 * A bounded context: the tables it owns, its functions, the events it publishes and the errors it
 * may answer with. Modules are listed once, in `functions/modules/registry.ts`; the CDK app builds
 * one stack per module from this and the local stack mounts the same (docs/adr/0060).
 */
export interface FleetOpsModule {
  /** kebab-case; the stack name suffix and the folder name. */
  readonly name: string;
  readonly tables: readonly TableDefinition[];
  readonly functions: readonly FunctionDeclaration[];
  /** What it publishes: one `source`, these detail types. */
  readonly events?: { readonly source: string; readonly detailTypes: readonly string[] };
  /** Its exposable domain errors, each with a code unique across modules. */
  readonly errors?: readonly ErrorClass[];
}

/** Declares a module, checking its name once. */
export function defineModule(module: FleetOpsModule): FleetOpsModule {
  if (!/^[a-z][a-z0-9-]*$/.test(module.name)) throw new Error(`Module name '${module.name}' must be kebab-case`);
  return module;
}
