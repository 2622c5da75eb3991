import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { systemClock } from '../clock.js';
import type { PlatformBasics } from '../wiring/bindings.js';

/** Namespace of fleetops' business metrics; the CDK function construct sets the same. */
export const METRICS_NAMESPACE = 'fleetops';

/**
 * Powertools' logger, metrics and tracer for one function, configured from the environment the
 * function construct sets (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, LOG_LEVEL).
 * Metrics reports "no metrics to publish" through the logger at DEBUG: most invocations add none,
 * since business metrics skip zero counts.
 */
export function platformBasics(serviceName: string, logger?: Logger): PlatformBasics {
  const log = logger ?? new Logger({ serviceName });
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName,
    logger: {
      trace: (...args: unknown[]) => log.debug(String(args[0])),
      debug: (...args: unknown[]) => log.debug(String(args[0])),
      info: (...args: unknown[]) => log.info(String(args[0])),
      warn: (...args: unknown[]) => log.debug(String(args[0])),
      error: (...args: unknown[]) => log.error(String(args[0])),
    },
  });
  return { logger: log, metrics, tracer: new Tracer({ serviceName }), clock: systemClock };
}
