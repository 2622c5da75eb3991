import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDeclaration } from '../../functions/wiring/declaration.js';
import { lambdaContext, timeoutMsOf } from './lambda-context.js';

/** A Lambda handler as the factories return it (middy-wrapped or plain async). */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A declared function with its handler built from local deps. */
export interface MountedFunction {
  readonly declaration: FunctionDeclaration;
  readonly handler: LambdaHandler;
}

/** Thrown when a handler outlives its declared timeout; Lambda would kill it the same way. */
export class LambdaTimeout extends Error {
  override readonly name = 'LambdaTimeout';
}

/** The repository root: `local/runtime/` is two levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Imports each declared handler module and calls its factory with its deps: the very factories the
 * Lambda entries call with AWS deps, so the local stack runs the deployed code paths.
 */
export async function mountFunctions(
  declarations: readonly FunctionDeclaration[],
  depsFor: (declaration: FunctionDeclaration) => unknown,
  root: string = REPO_ROOT,
): Promise<MountedFunction[]> {
  return Promise.all(
    declarations.map(async (declaration) => {
      const deps = depsFor(declaration);
      const url = pathToFileURL(resolve(root, declaration.handler.module)).href;
      const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
      const factory = module[declaration.handler.factory];
      if (typeof factory !== 'function') {
        throw new Error(
          `${declaration.handler.module} does not export a factory named ${declaration.handler.factory} (function ${declaration.name})`,
        );
      }
      const handler = (factory as (deps: unknown) => unknown)(deps);
      if (typeof handler !== 'function') {
        throw new Error(`${declaration.handler.factory}() did not return a handler (function ${declaration.name})`);
      }
      return { declaration, handler: handler as LambdaHandler };
    }),
  );
}

/** Invokes a handler with a fresh Lambda context, failing with LambdaTimeout past the declared timeout. */
export async function invoke(fn: MountedFunction, event: unknown): Promise<unknown> {
  const context = lambdaContext(fn.declaration);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LambdaTimeout(`${fn.declaration.name} timed out after ${timeoutMsOf(fn.declaration)} ms`)),
      timeoutMsOf(fn.declaration),
    );
  });
  try {
    return await Promise.race([fn.handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
