import type { EventPattern } from '../wiring/events.js';
import * as z from '../zod.js';

/** A one-time timer: at `at`, the binding's target receives `payload` (docs/adr/0110). */
export interface DurableTimer {
  /** Unique per binding; scheduling an id again moves that timer, it never makes a second one. */
  readonly id: string;
  readonly at: Date;
  /** JSON the target function receives back (keep it small: EventBridge Scheduler allows 256 KB). */
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Durable one-time timers (EventBridge Scheduler in AWS, DynamoDB Local plus an in-process clock
 * locally). A timer survives a restart of the caller and of the platform; when it fires, its
 * target function is invoked with a {@link TimerFired} event, at least once (a target must be
 * idempotent), not before `at`. A timer whose `at` has passed fires at once.
 */
export interface TimerScheduler {
  /** Creates the timer, or moves the pending one with this id. */
  schedule(timer: DurableTimer): Promise<void>;
  /** Cancels the pending timer with this id; nothing happens if it fired already or never existed. */
  cancel(id: string): Promise<void>;
}

/** Where a binding's timers go: the event a fired timer becomes, which the target function's trigger selects. */
export interface TimerTarget {
  readonly source: string;
  readonly detailType: string;
}

/** The detail of the event a fired timer puts on the bus. */
export interface TimerFired<P = Record<string, unknown>> {
  readonly timerId: string;
  /** ISO 8601: when the timer was due (the target can measure its own lateness). */
  readonly dueAt: string;
  readonly payload: P;
}

/** zod schema of {@link TimerFired} for a target's event handler. */
export function timerFiredSchema<P>(payload: z.ZodMiniType<P>): z.ZodMiniType<TimerFired<P>> {
  return z.object({
    timerId: z.string().check(z.minLength(1)),
    dueAt: z.string().check(z.minLength(1)),
    payload,
  }) as z.ZodMiniType<TimerFired<P>>;
}

/** The rule pattern of a target function: the events its binding's timers become. */
export function timerPattern(target: TimerTarget): EventPattern {
  return { source: [target.source], 'detail-type': [target.detailType] };
}
