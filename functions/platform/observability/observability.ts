import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Identity } from '../auth/identity.js';

/**
 * A middy handler that may also be called without a Lambda context (tests, scripts): a synthetic
 * context is put in its place, so Powertools' middlewares always find one.
 */
export type LambdaHandler<TEvent, TResult> = MiddyfiedHandler<TEvent, TResult, Error, Context> &
  ((event: TEvent, context?: Context) => Promise<TResult>);

/** What the observability middlewares need. */
export interface ObservabilityDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

/** Fills in a context for callers that have none, named after the function. */
function syntheticContext(functionName: string): MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    name: 'syntheticContext',
    before: (request) => {
      if (request.context?.awsRequestId) return;
      request.context = {
        callbackWaitsForEmptyEventLoop: false,
        functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
        memoryLimitInMB: '512',
        awsRequestId: crypto.randomUUID(),
        logGroupName: `/aws/lambda/${functionName}`,
        logStreamName: 'synthetic',
        getRemainingTimeInMillis: () => 10_000,
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
    },
  };
}

/**
 * A middy handler with Powertools as its authors use it: the tracer's `captureLambdaHandler`
 * (a segment per invocation, errors and responses annotated), the logger's `injectLambdaContext`
 * (request id, cold start, function on every line; per-invocation keys such as the tenant reset
 * after each invocation, so one caller's tenant never leaks into the next call's logs) and
 * `logMetrics` with the cold-start metric (EMF on stdout, flushed once per invocation).
 * Middlewares added after these run inside them, so their errors are traced and logged too.
 */
export function observedHandler<TEvent, TResult>(
  deps: ObservabilityDeps,
  functionName: string,
): MiddyfiedHandler<TEvent, TResult, Error, Context> {
  return middy<TEvent, TResult, Error, Context>()
    .use(syntheticContext(functionName) as MiddlewareObj<TEvent, TResult, Error, Context>)
    .use(captureLambdaHandler(deps.tracer) as MiddlewareObj<TEvent, TResult, Error, Context>)
    .use(injectLambdaContext(deps.logger, { resetKeys: true }) as MiddlewareObj<TEvent, TResult, Error, Context>)
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }) as MiddlewareObj<TEvent, TResult, Error, Context>);
}

/** Tags the invocation's logs with who is calling (reset after the invocation). */
export function appendIdentity(logger: Logger, identity: Pick<Identity, 'tenantId' | 'userId'>): void {
  logger.appendKeys({ tenantId: identity.tenantId, userId: identity.userId });
}

/** Adds a count metric, skipping zeros so dashboards are not flooded with empty data points. */
export function count(metrics: Metrics, name: string, value = 1): void {
  if (value > 0) metrics.addMetric(name, 'Count', value);
}
