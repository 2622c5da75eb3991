import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  atExpression,
  EventBridgeSchedulerTimers,
  scheduleName,
} from '../../functions/platform/timers/eventbridge-scheduler-timers.js';
import type { TimerFired } from '../../functions/platform/timers/timer-scheduler.js';
import { LocalTimerHost } from '../../local/timers/local-timer-host.js';
import { describeTimerContract, type FiredTimer, type TimerHarness } from '../contracts/durable-timers.contract.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';

const target = { source: 'fleetops.test', detailType: 'test.timer-due' };
const logger = new Logger({ serviceName: 'durable-timers-test', logLevel: 'SILENT' });

/**
 * An EventBridge Scheduler stand-in on 127.0.0.1 speaking its REST-JSON protocol (POST / PUT /
 * DELETE /schedules/{Name}) to the real SDK client. Like the service it keeps schedules by group and
 * name, refuses a second create with ConflictException and an unknown delete with
 * ResourceNotFoundException, and at the `at()` time (one-second resolution here, 60 s in AWS)
 * "puts" the target's Input on the bus with its EventBridgeParameters, then deletes the schedule
 * (ActionAfterCompletion DELETE).
 */
interface ScheduleBody {
  readonly GroupName?: string;
  readonly ScheduleExpression?: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly ActionAfterCompletion?: string;
  readonly Target: { readonly Input: string; readonly EventBridgeParameters: { Source: string; DetailType: string } };
}

async function schedulerStandIn() {
  const schedules = new Map<string, { body: ScheduleBody; timeout: NodeJS.Timeout }>();
  const fired: (FiredTimer & { group: string })[] = [];
  const requests: { method: string; path: string; body: ScheduleBody }[] = [];
  const fail = (res: ServerResponse, status: number, type: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ Message: type }));
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as ScheduleBody;
    const url = new URL(req.url ?? '/', 'http://x');
    const name = decodeURIComponent(url.pathname.replace(/^\/schedules\//, ''));
    const group = String(body.GroupName ?? url.searchParams.get('groupName') ?? 'default');
    const key = `${group}/${name}`;
    requests.push({ method: req.method ?? '', path: url.pathname, body });
    const arm = () => {
      const match = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/.exec(String(body.ScheduleExpression));
      if (!match || body.ScheduleExpressionTimezone !== 'UTC')
        throw new Error(`bad expression ${body.ScheduleExpression}`);
      const due = Date.parse(`${match[1]}Z`);
      if (Number.isNaN(due)) throw new Error('bad date');
      clearTimeout(schedules.get(key)?.timeout);
      const timeout = setTimeout(
        () => {
          fired.push({
            group,
            source: body.Target.EventBridgeParameters.Source,
            detailType: body.Target.EventBridgeParameters.DetailType,
            detail: JSON.parse(body.Target.Input) as TimerFired,
            receivedAt: Date.now(),
          });
          if (body.ActionAfterCompletion === 'DELETE') schedules.delete(key);
        },
        Math.max(0, due - Date.now()),
      );
      schedules.set(key, { body, timeout });
    };
    if (req.method === 'POST') {
      if (schedules.has(key)) return fail(res, 409, 'ConflictException');
      arm();
    } else if (req.method === 'PUT') {
      if (!schedules.has(key)) return fail(res, 404, 'ResourceNotFoundException');
      arm();
    } else if (req.method === 'DELETE') {
      const existing = schedules.get(key);
      if (!existing) return fail(res, 404, 'ResourceNotFoundException');
      clearTimeout(existing.timeout);
      schedules.delete(key);
    } else return fail(res, 400, 'ValidationException');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ScheduleArn: `arn:aws:scheduler:eu-west-1:000000000000:schedule/${key}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, fired, requests, schedules };
}

let scheduler: Awaited<ReturnType<typeof schedulerStandIn>>;
let db: TestDatabase;
const hosts: LocalTimerHost[] = [];

beforeAll(async () => {
  scheduler = await schedulerStandIn();
  db = await createTestDatabase();
});
afterEach(() => {
  for (const host of hosts.splice(0)) host.stop();
});
afterAll(async () => {
  await new Promise((resolve) => scheduler.server.close(resolve));
});

let tableSeq = 0;
async function localHost(tableName = `timers-${Date.now()}-${tableSeq++}`) {
  const fired: FiredTimer[] = [];
  const host = new LocalTimerHost({
    dynamo: db.client,
    client: db.documentClient,
    tableName,
    bus: {
      publish: async (events) => {
        for (const e of events) {
          fired.push({
            source: e.source,
            detailType: e.detailType,
            detail: e.detail as TimerFired,
            receivedAt: Date.now(),
          });
        }
      },
    },
    clock: { now: () => new Date() },
    logger,
  });
  await host.start();
  hosts.push(host);
  return { host, fired, tableName };
}

const schedulerAdapter = (groupName: string) =>
  new EventBridgeSchedulerTimers(
    new SchedulerClient({
      endpoint: scheduler.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    }),
    {
      ...target,
      groupName,
      roleArn: 'arn:aws:iam::000000000000:role/timers',
      eventBusArn: 'arn:aws:events:eu-west-1:000000000000:event-bus/fleetops',
      deadLetterArn: 'arn:aws:sqs:eu-west-1:000000000000:timers-dlq',
    },
  );

let groupSeq = 0;
describeTimerContract('local host on DynamoDB Local', async (): Promise<TimerHarness> => {
  const { host, fired } = await localHost();
  return { timers: host.forTarget(target), fired: () => fired, target };
});
describeTimerContract('EventBridge Scheduler (stand-in service, real SDK client)', async (): Promise<TimerHarness> => {
  // One schedule group per test: the stand-in is shared by the suite.
  const group = `g${groupSeq++}`;
  return { timers: schedulerAdapter(group), fired: () => scheduler.fired.filter((f) => f.group === group), target };
});

describe('local timer host', () => {
  it('keeps pending timers across a restart and fires them after it', async () => {
    const first = await localHost();
    await first.host.forTarget(target).schedule({ id: 'survivor', at: new Date(Date.now() + 800), payload: { n: 1 } });
    first.host.stop(); // the stack dies before the timer is due

    const second = await localHost(first.tableName);
    expect(second.host.pending).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(first.fired).toEqual([]);
    expect(second.fired.map((f) => f.detail.timerId)).toEqual(['survivor']);
    expect(second.host.pending).toBe(0);
  });
});

describe('EventBridge Scheduler adapter', () => {
  it('creates a one-time schedule on the bus that deletes itself, with retries and the DLQ', async () => {
    const timers = schedulerAdapter('shape');
    const at = new Date(Date.now() + 3_600_000);
    await timers.schedule({ id: 'acme#01J#L1', at, payload: { alertId: '01J' } });
    const create = scheduler.requests.at(-1);

    expect(create?.method).toBe('POST');
    expect(create?.path).toBe(`/schedules/${scheduleName(target, 'acme#01J#L1')}`);
    expect(create?.body).toMatchObject({
      GroupName: 'shape',
      ScheduleExpression: atExpression(at),
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/fleetops',
        RoleArn: 'arn:aws:iam::000000000000:role/timers',
        EventBridgeParameters: { Source: 'fleetops.test', DetailType: 'test.timer-due' },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:000000000000:timers-dlq' },
      },
    });
    expect(scheduleName(target, 'x'.repeat(500))).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
    await timers.cancel('acme#01J#L1');
  });

  it('rounds up to the second, so a timer never fires before it is due', () => {
    expect(atExpression(new Date('2026-12-02T05:00:00.001Z'))).toBe('at(2026-12-02T05:00:01)');
    expect(atExpression(new Date('2026-12-02T05:00:00.000Z'))).toBe('at(2026-12-02T05:00:00)');
  });
});
