import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { pascalCase } from '../constructs/naming.js';
import { dlqAlarmId, dlqDepthMetric, functionMetrics, OpsAlarms } from '../constructs/ops-alarms.js';
import type { ModuleStack } from './module-stack.js';

/** The stack name suffix of a module's alarms stack: `fleetops-{stage}-{module}-alarms`. */
export const MODULE_ALARMS_SUFFIX = '-alarms';

/** Props of {@link ModuleAlarmsStack}. */
export interface ModuleAlarmsStackProps extends StackProps {
  readonly config: StageConfig;
  /** The module stack whose functions and DLQs are watched. */
  readonly module: ModuleStack;
  /** Where alarms notify. */
  readonly opsTopic: ITopic;
}

/**
 * The alarms of one module (C18): errors, throttles and p99 duration near the timeout of each of
 * its functions, how far behind each stream consumer reads, and the depth of each of its DLQs, to
 * the ops topic. One stack per module, so the
 * alarms grow with the modules, not in one stack that hits its resource budget (ADR 0112); names
 * are read by weak reference, so the module stack stays free to drop a function.
 */
export class ModuleAlarmsStack extends Stack {
  public readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ModuleAlarmsStackProps) {
    super(scope, id, props);
    const thresholds = props.config.alarms;
    if (thresholds.lambdaDurationP99OfTimeout <= 0 || thresholds.lambdaDurationP99OfTimeout > 1) {
      throw new Error('alarms.lambdaDurationP99OfTimeout must be in (0, 1]');
    }
    const alarms = new OpsAlarms(this, props.opsTopic);
    for (const [name, fleetFunction] of props.module.functions) {
      const metrics = functionMetrics(fleetFunction);
      const id = pascalCase(name);
      alarms.add(`${id}Errors`, metrics.errors, thresholds.lambdaErrors, `${name} errors`);
      alarms.add(`${id}Throttles`, metrics.throttles, thresholds.lambdaThrottles, `${name} throttles`);
      const timeoutMs = fleetFunction.function.timeout?.toMilliseconds() ?? 3000;
      alarms.add(
        `${id}DurationP99`,
        metrics.durationP99,
        Math.round(timeoutMs * thresholds.lambdaDurationP99OfTimeout),
        `${name} p99 duration near its ${timeoutMs} ms timeout`,
      );
      if (fleetFunction.declaration.triggers.some((trigger) => trigger.kind === 'stream')) {
        alarms.add(
          `${id}IteratorAge`,
          metrics.iteratorAgeMax,
          thresholds.streamIteratorAgeMs,
          `${name} reads its stream ${thresholds.streamIteratorAgeMs / 1000} s or more behind (records are kept 24 h)`,
        );
      }
    }
    for (const dlq of props.module.deadLetterQueues) {
      alarms.add(`${dlqAlarmId(dlq)}Depth`, dlqDepthMetric(dlq), thresholds.dlqDepth, `DLQ not empty: ${dlq.purpose}`);
    }
    this.alarms = alarms.alarms;
  }
}
