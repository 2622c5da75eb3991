import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import { resourcesOf, synthesise } from './support/synth.js';

const { stacks, templates } = synthesise('dev');
const observability = templates.observability;
/** The stage's alarms: the observability stack's and every module alarms stack's. */
const alarms = [observability, ...templates.moduleAlarms.values()].flatMap((t) =>
  resourcesOf(t, 'AWS::CloudWatch::Alarm'),
);

describe('observability stack', () => {
  it('has one dashboard with API, Lambda, DLQ and alertsRaised widgets', () => {
    observability.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(resourcesOf(observability, 'AWS::CloudWatch::Dashboard')[0]?.[1].Properties);
    for (const metric of [
      'Latency',
      '4xx',
      '5xx',
      'Errors',
      'Throttles',
      'Duration',
      'ApproximateNumberOfMessagesVisible',
    ]) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('alertsRaised');
    expect(body).toContain('fleetops,service');
  });

  it('alarms on API p99 latency, 4xx and 5xx', () => {
    for (const metricName of ['Latency', '4xx', '5xx']) {
      observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: metricName,
      });
    }
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 3000,
    });
  });

  it('alarms on errors, throttles and p99 duration of every declared function', () => {
    for (const metricName of ['Errors', 'Throttles', 'Duration']) {
      const matching = alarms.filter(
        ([, a]) => a.Properties?.Namespace === 'AWS/Lambda' && a.Properties?.MetricName === metricName,
      );
      expect(matching).toHaveLength(FUNCTIONS.length);
    }
  });

  it('keeps each module’s function and DLQ alarms in its own alarms stack, the rest in the observability stack', () => {
    expect(stacks.moduleAlarms).toHaveLength(stacks.modules.length);
    for (const module of stacks.modules) {
      const own = resourcesOf(templates.moduleAlarms.get(module.moduleName) as Template, 'AWS::CloudWatch::Alarm');
      const streamConsumers = [...module.functions.values()].filter((f) =>
        f.declaration.triggers.some((trigger) => trigger.kind === 'stream'),
      ).length;
      expect(own, module.moduleName).toHaveLength(
        module.functions.size * 3 + streamConsumers + module.deadLetterQueues.length,
      );
      const described = own.map(([, a]) => String(a.Properties?.AlarmDescription));
      for (const name of module.functions.keys()) {
        expect(described).toContain(`${name} errors`);
      }
    }
    const stageWide = resourcesOf(observability, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties?.MetricName);
    expect(stageWide.sort()).toEqual(['4xx', '5xx', 'Latency', 'alertsRaised']);
    const moduleStack = stacks.modules[0] as (typeof stacks.modules)[number];
    expect(stacks.moduleAlarms[0]?.stackName).toBe(`${moduleStack.stackName}-alarms`);
  });

  it('alarms when a stream consumer reads its stream 10 minutes behind (dev), and only on stream consumers', () => {
    const consumers = FUNCTIONS.filter((f) => f.triggers.some((trigger) => trigger.kind === 'stream'));
    const iteratorAge = alarms.filter(([, a]) => a.Properties?.MetricName === 'IteratorAge');
    expect(iteratorAge).toHaveLength(consumers.length);
    expect(consumers.map((f) => f.name)).toContain('publishReadings');
    for (const [, alarm] of iteratorAge) {
      expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Maximum', Threshold: 600_000 });
    }
    expect(iteratorAge.map(([, a]) => String(a.Properties?.AlarmDescription))).toContain(
      'publishReadings reads its stream 600 s or more behind (records are kept 24 h)',
    );
  });

  it('alarms on the depth of every DLQ', () => {
    const depth = alarms.filter(([, a]) => a.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depth).toHaveLength(stacks.modules.flatMap((m) => m.deadLetterQueues).length);
    expect(depth.length).toBeGreaterThan(0);
  });

  it('alarms on an alert storm from the alert engine', () => {
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'fleetops',
      MetricName: 'alertsRaised',
      Dimensions: [{ Name: 'service', Value: 'evaluateAlerts' }],
    });
  });

  it('reads function and queue names of the module stacks by weak reference, never by export', () => {
    const body = JSON.stringify([observability, ...templates.moduleAlarms.values()].map((t) => t.toJSON()));
    for (const stack of stacks.modules) {
      expect(body).not.toMatch(new RegExp(`"Fn::ImportValue":"${stack.stackName}:`));
    }
    const dimensions = alarms.flatMap(
      ([, a]) => (a.Properties?.Dimensions ?? []) as { Name: string; Value: unknown }[],
    );
    const named = dimensions.filter((d) => d.Name === 'FunctionName' || d.Name === 'QueueName');
    expect(named.length).toBeGreaterThan(0);
    for (const dimension of named) expect(dimension.Value).toHaveProperty(['Fn::GetStackOutput', 'StackName']);
  });

  it('sends every alarm and its recovery to the ops topic', () => {
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [expect.objectContaining({ 'Fn::ImportValue': expect.any(String) })],
        OKActions: [expect.objectContaining({ 'Fn::ImportValue': expect.any(String) })],
        TreatMissingData: 'notBreaching',
      });
    }
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.anyValue() });
  });
});

describe('observability stack: account-global names carry the region', () => {
  it('names the dashboard by stage and region (dashboard names are unique per account)', () => {
    observability.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: { 'Fn::Join': ['', ['fleetops-dev-', { Ref: 'AWS::Region' }]] },
    });
  });
});
