import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  type Alarm,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { METRICS_NAMESPACE } from '../constructs/fleet-function.js';
import { dlqDepthMetric, FIVE_MINUTES, functionMetrics, OpsAlarms } from '../constructs/ops-alarms.js';
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

/**
 * What ops watches (C18): one dashboard — API latency and errors, every function's errors,
 * throttles and p99 duration, every DLQ's depth, alerts raised — and the stage-wide alarms (API
 * latency, 4xx, 5xx, alert storm) to the ops topic. Each module's function and DLQ alarms live in
 * its own {@link ModuleAlarmsStack} (ADR 0112).
 */
export class ObservabilityStack extends Stack {
  public readonly dashboard: Dashboard;
  public readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, api, modules } = props;
    const thresholds = config.alarms;
    const alertEngine = props.alertEngineFunction ?? 'evaluateAlerts';
    const functions = new Map(modules.flatMap((module) => [...module.functions]));
    if (!functions.has(alertEngine)) {
      throw new Error(`ObservabilityStack: alertEngineFunction '${alertEngine}' is not a declared function`);
    }
    const alarms = new OpsAlarms(this, props.opsTopic);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboard names are unique per account, not per region: one stage in two regions must not collide.
      dashboardName: `fleetops-${config.stage}-${this.region}`,
      defaultInterval: Duration.hours(3),
    });

    // API
    const latencyP99 = api.httpApi.metricLatency({ statistic: 'p99', period: FIVE_MINUTES });
    const clientErrors = api.httpApi.metricClientError({ statistic: 'Sum', period: FIVE_MINUTES });
    const serverErrors = api.httpApi.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES });
    alarms.add('HttpApiP99Latency', latencyP99, thresholds.apiP99LatencyMs, 'HTTP API p99 latency (ms)');
    alarms.add('HttpApi4xx', clientErrors, thresholds.api4xxCount, 'HTTP API 4xx responses');
    alarms.add('HttpApi5xx', serverErrors, thresholds.api5xxCount, 'HTTP API 5xx responses');

    // Functions and DLQs: graphed here, alarmed in their module's alarms stack.
    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    const durations: IMetric[] = [];
    for (const [name, fleetFunction] of functions) {
      const metrics = functionMetrics(fleetFunction);
      errors.push(metrics.errors.with({ label: name }));
      throttles.push(metrics.throttles.with({ label: name }));
      durations.push(metrics.durationP99.with({ label: name }));
    }
    const depths = modules
      .flatMap((module) => module.deadLetterQueues)
      .map((dlq) => dlqDepthMetric(dlq).with({ label: dlq.purpose }));

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
    alarms.add('AlertStorm', alertsRaised, thresholds.alertsRaisedPerFiveMinutes, 'alerts raised in 5 minutes');

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
    this.alarms = alarms.alarms;
  }
}
