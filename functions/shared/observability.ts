import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Identity } from '../auth/identity.js';

/**
 * A middy handler that may also be called without a Lambda context (tests, scripts): middy and
 * these middlewares only use the context when it is there.
 */
export type LambdaHandler<TEvent, TResult> = MiddyfiedHandler<TEvent, TResult, Error, Context> &
  ((event: TEvent, context?: Context) => Promise<TResult>);

/** What the observability middleware needs from PlatformDeps. */
export interface ObservabilityDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Adds the Lambda context to every log line, flushes business metrics once per invocation (as EMF
 * on stdout, which CloudWatch turns into metrics), and clears per-request keys (tenant, user) so
 * one invocation's tenant never leaks into the next invocation's logs.
 */
export function observability(deps: ObservabilityDeps, functionName: string): MiddlewareObj<unknown, unknown> {
  const flush = () => {
    if (deps.metrics.hasStoredMetrics()) deps.metrics.publishStoredMetrics();
    deps.logger.resetKeys();
  };
  return {
    name: 'observability',
    before: (request) => {
      deps.logger.resetKeys();
      const context = request.context as Partial<Context> | undefined;
      if (context?.awsRequestId) deps.logger.addContext(request.context as Context);
      deps.logger.appendKeys({ function: functionName });
    },
    after: flush,
    onError: flush,
  };
}

/** Tags the invocation's logs with who is calling. */
export function appendIdentity(logger: Logger, identity: Pick<Identity, 'tenantId' | 'userId'>): void {
  logger.appendKeys({ tenantId: identity.tenantId, userId: identity.userId });
}

/** Adds a count metric, skipping zeros so dashboards are not flooded with empty data points. */
export function count(metrics: Metrics, name: string, value = 1): void {
  if (value > 0) metrics.addMetric(name, 'Count', value);
}
