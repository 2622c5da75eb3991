import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type {
  FailurePrediction,
  FailurePredictor,
  VehicleHealthReading,
} from '../../functions/ml/ports/failure-predictor.js';
import type {
  Notification,
  NotificationReceipt,
  Notifier,
} from '../../functions/modules/notifications/ports/notifier.js';
import {
  type ConnectionGateway,
  ConnectionGone,
  type ConnectionInfo,
} from '../../functions/modules/realtime/ports/connection-gateway.js';
import type { SearchDocument } from '../../functions/modules/search/ports/search-index.js';
import type { Clock } from '../../functions/platform/clock.js';
import type { DomainEvent, EventPublisher } from '../../functions/platform/events/event-publisher.js';
import type { RateLimiter } from '../../functions/platform/rate-limit/rate-limiter.js';
import { InMemorySearchIndex } from '../../local/search/in-memory-search-index.js';

/** A logger that writes nothing, so test output stays readable. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'test', logLevel: 'SILENT' });
}

/** Metrics that remember what was added and print nothing when flushed. */
export class CapturingMetrics extends Metrics {
  readonly recorded: { name: string; value: number }[] = [];

  constructor() {
    super({ namespace: 'test', serviceName: 'test' });
  }

  override addMetric(name: string, unit: Parameters<Metrics['addMetric']>[1], value: number): this {
    this.recorded.push({ name, value });
    return super.addMetric(name, unit, value);
  }

  override publishStoredMetrics(): this {
    this.clearMetrics();
    return this;
  }

  total(name: string): number {
    return this.recorded.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0);
  }
}

/** A clock standing still until moved. */
export class FixedClock implements Clock {
  constructor(private current: Date = new Date('2026-11-22T14:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Captures published events; can be told to fail the next publishes. */
export class FakeEventPublisher implements EventPublisher {
  readonly published: DomainEvent[] = [];
  failures = 0;

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('bus unavailable');
    }
    this.published.push(...events);
  }
}

/** Captures notifications; can be told to refuse the next sends. */
export class FakeNotifier implements Notifier {
  readonly sent: Notification[] = [];
  failures = 0;

  async send(notification: Notification): Promise<NotificationReceipt> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('provider refused');
    }
    this.sent.push(notification);
    return { messageId: `msg-${this.sent.length}` };
  }
}

/** Records posted frames per connection; connections in `gone` answer ConnectionGone. */
export class FakeConnectionGateway implements ConnectionGateway {
  readonly frames = new Map<string, unknown[]>();
  readonly gone = new Set<string>();
  readonly disconnected: string[] = [];

  async post(connectionId: string, frame: unknown): Promise<void> {
    if (this.gone.has(connectionId)) throw new ConnectionGone(connectionId);
    const list = this.frames.get(connectionId) ?? [];
    list.push(frame);
    this.frames.set(connectionId, list);
  }

  async disconnect(connectionId: string): Promise<void> {
    this.disconnected.push(connectionId);
  }

  async describe(connectionId: string): Promise<ConnectionInfo | undefined> {
    return this.gone.has(connectionId) ? undefined : { connectedAt: '', lastActiveAt: '' };
  }

  framesFor(connectionId: string): unknown[] {
    return this.frames.get(connectionId) ?? [];
  }
}

/** The local (MiniSearch) search index, with `failOn` ids that make upserts throw. */
export class FakeSearchIndex extends InMemorySearchIndex {
  readonly failOn = new Set<string>();

  override async upsert(documents: readonly SearchDocument[]): Promise<void> {
    const refused = documents.find((doc) => this.failOn.has(doc.id));
    if (refused) throw new Error(`index refused ${refused.id}`);
    await super.upsert(documents);
  }
}

/** Predicts a fixed probability per vehicle (default 0.01); records what it was asked; can fail. */
export class FakeFailurePredictor implements FailurePredictor {
  readonly asked: VehicleHealthReading[] = [];
  readonly probabilities = new Map<string, number>();
  failures = 0;

  async predict(readings: readonly VehicleHealthReading[]): Promise<FailurePrediction[]> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('model unavailable');
    }
    this.asked.push(...readings);
    return readings.map((r) => ({
      vehicleId: r.vehicleId,
      probability: this.probabilities.get(r.vehicleId) ?? 0.01,
      horizonHours: 48,
      threshold: 0.8,
    }));
  }
}

/** A tracer that records nothing (Powertools disables tracing outside Lambda anyway). */
export function testTracer(): Tracer {
  return new Tracer({ serviceName: 'test', enabled: false });
}

/**
 * A rate limiter that admits every request and reports no bucket, for suites about something else:
 * the real limiter on DynamoDB Local is tests/functions/rate-limits.test.ts's subject.
 */
export const unlimitedRateLimiter: RateLimiter = { consume: async () => ({ allowed: true, buckets: [] }) };

/**
 * The platform basics every handler gets, quiet: a silent logger, capturing metrics, a disabled
 * tracer and the given clock, plus an unlimited rate limiter for HTTP handlers. Spread first so a
 * test's own members win.
 */
export function testBasics(clock: Clock = new FixedClock()) {
  return {
    logger: silentLogger(),
    metrics: new CapturingMetrics(),
    tracer: testTracer(),
    clock,
    rateLimits: unlimitedRateLimiter,
  };
}
