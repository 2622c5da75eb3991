import { schedulerClient } from '../clients/scheduler.js';
import type { TimersBinding } from '../wiring/bindings.js';
import { ENV } from '../wiring/environment.js';
import { EventBridgeSchedulerTimers } from './eventbridge-scheduler-timers.js';
import type { TimerScheduler, TimerTarget } from './timer-scheduler.js';

/**
 * Binds durable timers whose firing becomes the event `target` (docs/adr/0110). In AWS: one-time
 * EventBridge Scheduler schedules in the function's schedule group (TIMER_SCHEDULE_GROUP), put on
 * the bus by the scheduler role (TIMER_ROLE_ARN, TIMER_EVENT_BUS_ARN), failures to the timers' DLQ
 * (TIMER_DEAD_LETTER_ARN). Locally: the local timer host. The function that handles the timers
 * declares an event trigger on `timerPattern(target)`.
 */
export function durableTimers(target: TimerTarget): TimersBinding<TimerScheduler> {
  return {
    kind: 'timers',
    target,
    env: [ENV.timerScheduleGroup, ENV.timerRoleArn, ENV.timerEventBusArn, ENV.timerDeadLetterArn],
    fromEnvironment: ({ env, basics }) =>
      new EventBridgeSchedulerTimers(schedulerClient(basics.tracer), {
        ...target,
        groupName: env[ENV.timerScheduleGroup] as string,
        roleArn: env[ENV.timerRoleArn] as string,
        eventBusArn: env[ENV.timerEventBusArn] as string,
        deadLetterArn: env[ENV.timerDeadLetterArn] as string,
      }),
  };
}
