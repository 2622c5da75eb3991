import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { type Clock, systemClock } from '../clock.js';
import type { DurableTimer, TimerFired, TimerScheduler, TimerTarget } from './timer-scheduler.js';

/** What the adapter needs besides the client: the group, the role Scheduler assumes, the bus. */
export interface EventBridgeSchedulerTimersProps extends TimerTarget {
  readonly groupName: string;
  /** The role EventBridge Scheduler assumes to put the fired timer on the bus. */
  readonly roleArn: string;
  /** The event bus ARN the fired timer is put on. */
  readonly eventBusArn: string;
  /** SQS queue for timers whose target could not be invoked after Scheduler's retries. */
  readonly deadLetterArn?: string;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** How far ahead a timer that is already due is placed: Scheduler runs `at()` times that are still ahead. */
const OVERDUE_LEAD_MS = 1000;

/**
 * A schedule's name: at most 64 of [0-9a-zA-Z-_.], unique in the group. Timer ids are the caller's
 * and may be longer or contain `#`, so the name is a digest of the target and the id.
 */
export function scheduleName(target: TimerTarget, id: string): string {
  const digest = createHash('sha256').update(`${target.source}\n${target.detailType}\n${id}`).digest('hex');
  return `t-${digest.slice(0, 60)}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded up to the second so a timer never fires early. */
export function atExpression(at: Date): string {
  const seconds = Math.ceil(at.getTime() / 1000) * 1000;
  return `at(${new Date(seconds).toISOString().slice(0, 19)})`;
}

/**
 * Durable timers as EventBridge Scheduler one-time schedules (docs/adr/0110): an `at()` schedule
 * whose target is the event bus (PutEvents with the binding's source and detail type), deleted by
 * Scheduler once it has run (ActionAfterCompletion DELETE), retried by Scheduler for up to an hour
 * and then sent to the dead-letter queue. Scheduling an existing id updates its schedule. A timer
 * already due is placed a second ahead. Scheduler invokes with 60-second precision: a timer fires
 * between `at` and a minute after it.
 */
export class EventBridgeSchedulerTimers implements TimerScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly props: EventBridgeSchedulerTimersProps,
  ) {}

  async schedule(timer: DurableTimer): Promise<void> {
    const input = this.input(timer);
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleName(this.props, id), GroupName: this.props.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  private input(timer: DurableTimer): CreateScheduleCommandInput {
    const detail: TimerFired = { timerId: timer.id, dueAt: timer.at.toISOString(), payload: { ...timer.payload } };
    const earliest = (this.props.clock ?? systemClock).now().getTime() + OVERDUE_LEAD_MS;
    const at = new Date(Math.max(timer.at.getTime(), earliest));
    return {
      Name: scheduleName(this.props, timer.id),
      GroupName: this.props.groupName,
      Description: timer.id.slice(0, 512),
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: this.props.eventBusArn,
        RoleArn: this.props.roleArn,
        Input: JSON.stringify(detail),
        EventBridgeParameters: { Source: this.props.source, DetailType: this.props.detailType },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        ...(this.props.deadLetterArn ? { DeadLetterConfig: { Arn: this.props.deadLetterArn } } : {}),
      },
    };
  }
}
