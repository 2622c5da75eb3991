import type { Context } from 'aws-lambda';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { REPO_ROOT } from '../../infra/constructs/repo-root.js';
import { lambdaContext, timeoutMsOf } from './lambda-context.js';
import { installAwsLambdaGlobal } from './response-streaming.js';

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

/** The repository root, written once (infra/constructs/repo-root.ts) for both composition roots. */
export { REPO_ROOT };

/**
 * Builds each declared handler by calling its declaration's factory with the deps `depsFor` gives:
 * the very factories the Lambda entries call with AWS deps, so the local stack runs the deployed
 * code paths.
 */
export function mountFunctions(
  declarations: readonly FunctionDeclaration[],
  depsFor: (declaration: FunctionDeclaration) => Parameters<FunctionDeclaration['factory']>[0],
): MountedFunction[] {
  // Streaming handlers call `awslambda.streamifyResponse` in their factory, as in Lambda.
  installAwsLambdaGlobal();
  return declarations.map((declaration) => {
    const handler = declaration.factory(depsFor(declaration));
    if (typeof handler !== 'function') {
      throw new Error(`The factory of ${declaration.name} did not return a handler`);
    }
    return { declaration, handler: handler as unknown as LambdaHandler };
  });
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
