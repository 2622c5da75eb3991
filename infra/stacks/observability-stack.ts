import { Duration, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import type { DeadLetterQueue } from '../constructs/dead-letter-queue.js';
import { METRICS_NAMESPACE } from '../constructs/fleet-function.js';
import { pascalCase } from '../constructs/naming.js';
import type { ApiStack } from './api-stack.js';
import type { ModuleStack } from './module-stack.js';

/** The business metric the alert engine emits (Powertools Metrics, dimension `service`). */
export const ALERTS_RAISED_METRIC = 'alertsRaised';

/** Props of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  readonly config: StageConfig;
  /** The shared APIs, whose latency and errors are watched. */
  readonly api: ApiStack;
  /** Every module stack: their functions and DLQs are watched. */
  readonly modules: readonly ModuleStack[];
  /** Where alarms notify. */
  readonly opsTopic: ITopic;
  /** The declared function that emits `alertsRaised` (its `service` dimension). @default 'evaluateAlerts' */
  readonly alertEngineFunction?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What ops watches (C18): one dashboard — API latency and errors, every function's errors,
 * throttles and p99 duration, every DLQ's depth, alerts raised — and an alarm on each, to the ops topic.
 */
export class ObservabilityStack extends Stack {
  public readonly dashboard: Dashboard;
  public readonly alarms: readonly Alarm[];

  private readonly alarmList: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, api, modules } = props;
    const thresholds = config.alarms;
    const alertEngine = props.alertEngineFunction ?? 'evaluateAlerts';
    const functions = new Map(modules.flatMap((module) => [...module.functions]));
    if (!functions.has(alertEngine)) {
      throw new Error(`ObservabilityStack: alertEngineFunction '${alertEngine}' is not a declared function`);
    }
    if (thresholds.lambdaDurationP99OfTimeout <= 0 || thresholds.lambdaDurationP99OfTimeout > 1) {
      throw new Error('alarms.lambdaDurationP99OfTimeout must be in (0, 1]');
    }
    this.action = new SnsAction(props.opsTopic);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboard names are unique per account, not per region: one stage in two regions must not collide.
      dashboardName: `fleetops-${config.stage}-${this.region}`,
      defaultInterval: Duration.hours(3),
    });

    // API
    const latencyP99 = api.httpApi.metricLatency({ statistic: 'p99', period: FIVE_MINUTES });
    const clientErrors = api.httpApi.metricClientError({ statistic: 'Sum', period: FIVE_MINUTES });
    const serverErrors = api.httpApi.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES });
    this.alarm('HttpApiP99Latency', latencyP99, thresholds.apiP99LatencyMs, 'HTTP API p99 latency (ms)');
    this.alarm('HttpApi4xx', clientErrors, thresholds.api4xxCount, 'HTTP API 4xx responses');
    this.alarm('HttpApi5xx', serverErrors, thresholds.api5xxCount, 'HTTP API 5xx responses');

    // Functions
    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    const durations: IMetric[] = [];
    for (const [name, fleetFunction] of functions) {
      const fn = fleetFunction.function;
      // Alarms take the plain metric (a labelled one renders as a metric-math alarm); graphs take the label.
      const functionName = weak((fn.node.defaultChild as CfnFunction).ref);
      const fnErrors = lambdaMetric('Errors', functionName, 'Sum');
      const fnThrottles = lambdaMetric('Throttles', functionName, 'Sum');
      const fnDuration = lambdaMetric('Duration', functionName, 'p99');
      errors.push(fnErrors.with({ label: name }));
      throttles.push(fnThrottles.with({ label: name }));
      durations.push(fnDuration.with({ label: name }));
      const id = pascalCase(name);
      this.alarm(`${id}Errors`, fnErrors, thresholds.lambdaErrors, `${name} errors`);
      this.alarm(`${id}Throttles`, fnThrottles, thresholds.lambdaThrottles, `${name} throttles`);
      const timeoutMs = fn.timeout?.toMilliseconds() ?? 3000;
      this.alarm(
        `${id}DurationP99`,
        fnDuration,
        Math.round(timeoutMs * thresholds.lambdaDurationP99OfTimeout),
        `${name} p99 duration near its ${timeoutMs} ms timeout`,
      );
    }

    // Dead-letter queues: anything in one is a message that did not arrive.
    const depths = modules
      .flatMap((module) => module.deadLetterQueues)
      .map((dlq) => this.dlqDepth(dlq, thresholds.dlqDepth));

    // Business: alerts raised, across whatever services emit it; the alarm watches the alert engine.
    const alertsRaisedAll = new MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},service} MetricName="${ALERTS_RAISED_METRIC}"', 'Sum', 300)`,
      label: 'alerts raised',
      period: FIVE_MINUTES,
      usingMetrics: {},
    });
    const alertsRaised = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: ALERTS_RAISED_METRIC,
      dimensionsMap: { service: alertEngine },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.alarm('AlertStorm', alertsRaised, thresholds.alertsRaisedPerFiveMinutes, 'alerts raised in 5 minutes');

    const width = 8;
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# fleetops ${config.stage}`, width: 24, height: 1 }),
      new GraphWidget({ title: 'HTTP API p99 latency (ms)', left: [latencyP99], width }),
      new GraphWidget({ title: 'HTTP API 4xx', left: [clientErrors], width }),
      new GraphWidget({ title: 'HTTP API 5xx', left: [serverErrors], width }),
      new GraphWidget({ title: 'Lambda errors', left: errors, width }),
      new GraphWidget({ title: 'Lambda throttles', left: throttles, width }),
      new GraphWidget({ title: 'Lambda duration p99 (ms)', left: durations, width }),
      new GraphWidget({ title: 'DLQ depth (messages visible)', left: depths, width: 12 }),
      new GraphWidget({ title: 'Alerts raised', left: [alertsRaisedAll], width: 12 }),
    );
    this.alarms = this.alarmList;
  }

  private dlqDepth(dlq: DeadLetterQueue, threshold: number): IMetric {
    const metric = new Metric({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensionsMap: { QueueName: weak((dlq.queue.node.defaultChild as CfnQueue).attrQueueName) },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
    });
    // e.g. FleetOpsDevAlerts/EvaluateAlerts/Rule0Dlq → EvaluateAlertsRule0Dlq
    const id = dlq.node.path.split('/').slice(1).map(pascalCase).join('');
    this.alarm(`${id}Depth`, metric, threshold, `DLQ not empty: ${dlq.purpose}`);
    return metric.with({ label: dlq.purpose });
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, `${id}Alarm`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarmList.push(alarm);
    return alarm;
  }
}

/**
 * A module stack's function or queue name (the L1 attribute: consumeReference needs a plain
 * resource reference, not the L2's wrapped token), read with Fn::GetStackOutput (a weak reference) instead
 * of an export: the names change whenever a module gains or loses a function, and an exported
 * name still imported here would stop the module stack from removing it (ADR 0052).
 */
function weak(value: string): string {
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
