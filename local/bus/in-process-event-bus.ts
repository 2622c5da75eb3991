import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent } from 'aws-lambda';
import type { DomainEvent, EventPublisher } from '../../functions/platform/events/event-publisher.js';
import type { EventTrigger, FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../runtime/lambda-context.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import { matchesPattern, validatePattern } from './event-pattern.js';

/** A bus target: a declared function with an `event` trigger, and how to run it. */
export interface BusTarget {
  readonly declaration: FunctionDeclaration;
  readonly trigger: EventTrigger;
  readonly invoke: (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;
}

export interface InProcessEventBusOptions {
  readonly logger: Logger;
  readonly deadLetters: DeadLetterQueue;
  /** First retry delay; doubles per attempt. EventBridge waits longer, tests want it short. @default 50 */
  readonly retryBaseDelayMs?: number;
  /** @default the system clock */
  readonly now?: () => Date;
}

/** EventBridge's defaults for a rule target. */
const DEFAULT_RETRY_ATTEMPTS = 4;
const DEFAULT_MAX_EVENT_AGE_SECONDS = 3600;
/** PutEvents accepts at most 10 entries per call; keep the local bus as strict. */
const MAX_ENTRIES_PER_PUT = 10;

/**
 * The local EventBridge: `publish` accepts events like PutEvents, and every declared `event`
 * trigger whose pattern matches gets its own asynchronous delivery, retried with back-off up to
 * the trigger's `retryAttempts`, then parked in the dead-letter queue. Publishing never waits for
 * targets, as with EventBridge; `idle()` lets tests wait until every delivery has settled.
 */
export class InProcessEventBus implements EventPublisher {
  readonly #targets: BusTarget[] = [];
  readonly #options: InProcessEventBusOptions;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(options: InProcessEventBusOptions) {
    this.#options = options;
  }

  /** Adds a rule target; throws when its pattern uses an operator the local matcher lacks. */
  addTarget(target: BusTarget): void {
    validatePattern(target.trigger.pattern);
    this.#targets.push(target);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length > MAX_ENTRIES_PER_PUT) {
      throw new Error(`PutEvents accepts at most ${MAX_ENTRIES_PER_PUT} entries, got ${events.length}`);
    }
    for (const event of events) {
      // EventBridge rejects entries whose detail is not a JSON object; so does the local bus.
      const detail = JSON.parse(JSON.stringify(event.detail ?? null)) as unknown;
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
        throw new Error(`Event detail must be a JSON object (${event.source} ${event.detailType})`);
      }
      const envelope: EventBridgeEvent<string, unknown> = {
        version: '0',
        id: randomUUID(),
        'detail-type': event.detailType,
        source: event.source,
        account: LOCAL_ACCOUNT,
        time: this.#now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        region: LOCAL_REGION,
        resources: [],
        detail,
      };
      const targets = this.#targets.filter((target) => matchesPattern(target.trigger.pattern, envelope));
      this.#options.logger.debug('event published', {
        eventId: envelope.id,
        source: envelope.source,
        detailType: envelope['detail-type'],
        targets: targets.map((t) => t.declaration.name),
      });
      for (const target of targets) this.#deliver(target, envelope);
    }
  }

  /** Resolves once no delivery is running or waiting to retry (including ones they cause). */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Deliveries running or waiting to retry right now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  #deliver(target: BusTarget, event: EventBridgeEvent<string, unknown>): void {
    this.#inFlight++;
    const maxRetries = target.trigger.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
    const maxAgeMs = (target.trigger.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
    const publishedAt = Date.now();
    const base = this.#options.retryBaseDelayMs ?? 50;
    const logger = this.#options.logger;
    const functionName = target.declaration.name;

    const attempt = async (attemptNumber: number): Promise<void> => {
      const started = performance.now();
      try {
        await target.invoke(event);
        logger.info('event delivered', {
          function: functionName,
          eventId: event.id,
          detailType: event['detail-type'],
          attempt: attemptNumber,
          ms: Math.round(performance.now() - started),
        });
        this.#settle();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retriesLeft = attemptNumber <= maxRetries && Date.now() - publishedAt < maxAgeMs;
        if (retriesLeft) {
          const delay = base * 2 ** (attemptNumber - 1);
          logger.warn('event delivery failed, will retry', {
            function: functionName,
            eventId: event.id,
            attempt: attemptNumber,
            retryInMs: delay,
            error: message,
          });
          setTimeout(() => void attempt(attemptNumber + 1), delay);
          return;
        }
        logger.error('event delivery failed for good, sent to DLQ', {
          function: functionName,
          eventId: event.id,
          attempts: attemptNumber,
          error: message,
        });
        this.#options.deadLetters.add({
          kind: 'event',
          functionName,
          attempts: attemptNumber,
          error: message,
          failedAt: this.#now().toISOString(),
          payload: event,
        });
        this.#settle();
      }
    };
    // Asynchronous like EventBridge: the publisher never runs its targets on its own stack.
    setImmediate(() => void attempt(1));
  }

  #settle(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
