import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/wiring/functions.js';
import { resourcesOf, synthesise } from './support/synth.js';

const { stacks, templates } = synthesise('dev');
const observability = templates.observability;
const alarms = resourcesOf(observability, 'AWS::CloudWatch::Alarm');

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

  it('alarms on the depth of every DLQ', () => {
    const depth = alarms.filter(([, a]) => a.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depth).toHaveLength(stacks.api.deadLetterQueues.length);
    expect(depth.length).toBeGreaterThan(0);
  });

  it('alarms on an alert storm from the alert engine', () => {
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'fleetops',
      MetricName: 'alertsRaised',
      Dimensions: [{ Name: 'service', Value: 'evaluateAlerts' }],
    });
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
