import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent } from 'aws-lambda';
import type { DomainEvent, EventPublisher } from '../../functions/platform/events/event-publisher.js';
import type { EventTrigger, FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../runtime/lambda-context.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import { EventJournal, type EventJournalOptions } from './event-journal.js';
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
  /**
   * Journal accepted events in this directory, so deliveries not finished at a crash are replayed
   * by `replayJournal()` on the next start (docs/adr/0027). Omitted: in memory only, as before.
   */
  readonly journalDir?: string;
  /** Compaction thresholds of the journal. */
  readonly journal?: EventJournalOptions;
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
 * targets, as with EventBridge; `idle()` lets tests wait until every delivery has settled. With a
 * `journalDir`, `publish` resolves only once the events are on disk, and `replayJournal()` re-runs
 * every (event, target) pair a previous process accepted but did not finish.
 */
export class InProcessEventBus implements EventPublisher {
  readonly #targets: BusTarget[] = [];
  /** Each target's name in the journal: the function's name (suffixed if it has two rules). */
  readonly #keys = new Map<BusTarget, string>();
  readonly #options: InProcessEventBusOptions;
  readonly #journal: EventJournal | undefined;
  #replayed = false;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(options: InProcessEventBusOptions) {
    this.#options = options;
    this.#journal = options.journalDir ? new EventJournal(options.journalDir, options.journal) : undefined;
    if (this.#journal?.skippedLines) {
      options.logger.warn('event journal had unreadable lines (a write torn by a crash); skipped', {
        lines: this.#journal.skippedLines,
      });
    }
  }

  /** Adds a rule target; throws when its pattern uses an operator the local matcher lacks. */
  addTarget(target: BusTarget): void {
    validatePattern(target.trigger.pattern);
    const name = target.declaration.name;
    const taken = new Set(this.#keys.values());
    let key = name;
    for (let n = 2; taken.has(key); n++) key = `${name}#${n}`;
    this.#keys.set(target, key);
    this.#targets.push(target);
  }

  /**
   * Re-delivers, with the normal retry policy, every (event, target) pair the journal holds from
   * before this process: accepted but neither completed nor dead-lettered. Call once, after every
   * target is added. A pair whose target no longer exists goes to the DLQ rather than vanishing.
   * Returns how many deliveries it started.
   */
  replayJournal(): number {
    const journal = this.#journal;
    if (!journal || this.#replayed) return 0;
    this.#replayed = true;
    const byKey = new Map([...this.#keys].map(([target, key]) => [key, target]));
    let started = 0;
    for (const pending of journal.recovered()) {
      for (const key of pending.targets) {
        const target = byKey.get(key);
        if (target) {
          this.#deliver(target, pending.event, pending.acceptedAt);
          started++;
          continue;
        }
        this.#options.deadLetters.add({
          kind: 'event',
          functionName: key,
          attempts: 0,
          error: 'target is no longer declared',
          failedAt: this.#now().toISOString(),
          payload: pending.event,
        });
        void journal.settle(pending.event.id, key).catch(() => undefined);
      }
    }
    if (started > 0) this.#options.logger.info('event journal replayed', { deliveries: started });
    return started;
  }

  /**
   * Publishes any number of events, as the EventBridge adapter of the same port does: in
   * PutEvents-sized calls of at most 10 entries, each accepted (and journaled) before the next.
   */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_PUT) {
      await this.#putEvents(events.slice(start, start + MAX_ENTRIES_PER_PUT));
    }
  }

  /** One PutEvents call: validates, journals, then delivers asynchronously. */
  async #putEvents(events: readonly DomainEvent[]): Promise<void> {
    const accepted: { event: EventBridgeEvent<string, unknown>; targets: BusTarget[] }[] = [];
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
      accepted.push({ event: envelope, targets });
    }
    // Like a PutEvents answer, resolving means the bus holds the events durably: on disk first.
    await this.#journal?.accept(
      accepted.map(({ event, targets }) => ({ event, targets: targets.map((t) => this.#keys.get(t) as string) })),
    );
    for (const { event, targets } of accepted) for (const target of targets) this.#deliver(target, event);
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

  #deliver(target: BusTarget, event: EventBridgeEvent<string, unknown>, publishedAt = Date.now()): void {
    this.#inFlight++;
    const maxRetries = target.trigger.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
    const maxAgeMs = (target.trigger.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
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
        this.#settle(target, event);
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
        this.#settle(target, event);
      }
    };
    // Asynchronous like EventBridge: the publisher never runs its targets on its own stack.
    setImmediate(() => void attempt(1));
  }

  /** The delivery stays in flight until the journal has its outcome, so `idle()` means "settled on disk too". */
  #settle(target: BusTarget, event: EventBridgeEvent<string, unknown>): void {
    if (!this.#journal) {
      this.#finish();
      return;
    }
    this.#journal
      .settle(event.id, this.#keys.get(target) as string)
      .catch((error: unknown) =>
        // Not fatal: an unrecorded outcome means one more delivery after a restart, never a lost one.
        this.#options.logger.warn('event journal write failed', { eventId: event.id, error: error as Error }),
      )
      .finally(() => this.#finish());
  }

  #finish(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
