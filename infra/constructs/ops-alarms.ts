import { Duration, ReferenceStrength, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import type { FleetFunction } from './fleet-function.js';
import { pascalCase } from './naming.js';

/** The period of every watched metric and alarm. */
export const FIVE_MINUTES = Duration.minutes(5);

/**
 * A module stack's function or queue name (the L1 attribute: consumeReference needs a plain
 * resource reference, not the L2's wrapped token), read with Fn::GetStackOutput (a weak reference) instead
 * of an export: the names change whenever a module gains or loses a function, and an exported
 * name still imported elsewhere would stop the module stack from removing it (ADR 0052).
 */
export function weak(value: string): string {
  return Stack.consumeReference(value, ReferenceStrength.WEAK);
}

/** An AWS/Lambda metric of one function (what `fn.metricErrors()` builds, with the weak name). */
function lambdaMetric(metricName: string, functionName: string, statistic: string): Metric {
  return new Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: functionName },
    statistic,
    period: FIVE_MINUTES,
  });
}

/** The metrics watched per function; alarms take them plain, graphs label them. */
export interface FunctionMetrics {
  readonly errors: Metric;
  readonly throttles: Metric;
  readonly durationP99: Metric;
  /** How far behind its stream a stream consumer reads (ms); only stream-triggered functions report it. */
  readonly iteratorAgeMax: Metric;
}

/** Errors, throttles, p99 duration and iterator age of a module stack's function, by weak reference to its name. */
export function functionMetrics(fleetFunction: FleetFunction): FunctionMetrics {
  const functionName = weak((fleetFunction.function.node.defaultChild as CfnFunction).ref);
  return {
    errors: lambdaMetric('Errors', functionName, 'Sum'),
    throttles: lambdaMetric('Throttles', functionName, 'Sum'),
    durationP99: lambdaMetric('Duration', functionName, 'p99'),
    iteratorAgeMax: lambdaMetric('IteratorAge', functionName, 'Maximum'),
  };
}

/** Messages visible in a DLQ (anything there did not arrive), by weak reference to its name. */
export function dlqDepthMetric(dlq: DeadLetterQueue): Metric {
  return new Metric({
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensionsMap: { QueueName: weak((dlq.queue.node.defaultChild as CfnQueue).attrQueueName) },
    statistic: 'Maximum',
    period: FIVE_MINUTES,
  });
}

/** The construct id of a DLQ's alarm: e.g. FleetOpsDevAlerts/EvaluateAlerts/Rule0Dlq → EvaluateAlertsRule0Dlq. */
export function dlqAlarmId(dlq: DeadLetterQueue): string {
  return dlq.node.path.split('/').slice(1).map(pascalCase).join('');
}

/**
 * Creates alarms that tell the ops topic when they fire and when they recover (one evaluation
 * period, `>=` the threshold, missing data not breaching), and keeps the list.
 */
export class OpsAlarms {
  private readonly action: SnsAction;
  private readonly list: Alarm[] = [];

  constructor(
    private readonly scope: Construct,
    opsTopic: ITopic,
  ) {
    this.action = new SnsAction(opsTopic);
  }

  /** The alarms created so far. */
  get alarms(): readonly Alarm[] {
    return this.list;
  }

  /** An alarm `{id}Alarm` on `metric` reaching `threshold`. */
  add(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this.scope, `${id}Alarm`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.list.push(alarm);
    return alarm;
  }
}
