import type { Bindings, DepsOf } from '../wiring/bindings.js';
import type { AnyLambdaHandler, FunctionDeclaration } from '../wiring/declaration.js';
import { platformBasics } from './basics.js';

/**
 * Builds a function's deps in Lambda, at init: checks that every environment variable its bindings
 * need is set (naming each missing one and its binding, so a misconfigured function fails its cold
 * start instead of its first request), then builds exactly one adapter per binding. Only adapters
 * the declaration binds are imported by the entry, so the bundle carries no other client.
 */
export function lambdaDeps<B extends Bindings>(
  declaration: FunctionDeclaration<B>,
  env: NodeJS.ProcessEnv = process.env,
): DepsOf<B> {
  const missing = Object.entries(declaration.bindings).flatMap(([name, binding]) =>
    binding.env.filter((variable) => !env[variable]).map((variable) => `${variable} (binding '${name}')`),
  );
  if (missing.length > 0) {
    throw new Error(`${declaration.name}: missing required environment variable(s) ${missing.join(', ')}`);
  }
  const basics = platformBasics(env.POWERTOOLS_SERVICE_NAME ?? declaration.name);
  const members = Object.fromEntries(
    Object.entries(declaration.bindings).map(([name, binding]) => [name, binding.fromEnvironment({ env, basics })]),
  );
  return { ...members, ...basics } as DepsOf<B>;
}

/** The Lambda handler of a declaration: its factory over AWS adapters. A `*.lambda.ts` is one call of this. */
export function lambdaHandler<B extends Bindings>(declaration: FunctionDeclaration<B>): AnyLambdaHandler {
  return declaration.factory(lambdaDeps(declaration));
}
