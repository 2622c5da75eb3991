import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { FUNCTION_DEFAULTS, type FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';

/** The fake account and region every local ARN and event carries. */
export const LOCAL_ACCOUNT = '000000000000';

import { LOCAL_REGION } from '../dynamodb/dynamodb-local.js';

export { LOCAL_REGION };

/**
 * A Lambda `Context` for one local invocation: Powertools' `injectLambdaContext` and anything that
 * reads `getRemainingTimeInMillis()` behave as in Lambda.
 */
export function lambdaContext(declaration: FunctionDeclaration): Context {
  const timeoutMs = (declaration.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds) * 1000;
  const deadline = Date.now() + timeoutMs;
  const functionName = `fleetops-local-${declaration.name}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(declaration.memorySize ?? FUNCTION_DEFAULTS.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Milliseconds a function may run before the local runtime gives up on it, as Lambda would. */
export function timeoutMsOf(declaration: FunctionDeclaration): number {
  return (declaration.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds) * 1000;
}
