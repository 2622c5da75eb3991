/** One event or batch that exhausted its retries. */
export interface DeadLetter {
  /** `event` for bus deliveries, `stream` for DynamoDB stream batches. */
  readonly kind: 'event' | 'stream';
  /** The target function's declared name. */
  readonly functionName: string;
  readonly attempts: number;
  /** The last error's message (never shown to API clients; this is a local operator view). */
  readonly error: string;
  readonly failedAt: string;
  /** The event (or stream batch) as the handler received it. */
  readonly payload: unknown;
}

/**
 * The local twin of the per-rule SQS DLQs and stream on-failure destinations: nothing that fails
 * for good is silently dropped. Read at `GET /dev/dlq`.
 */
export class DeadLetterQueue {
  readonly #entries: DeadLetter[] = [];

  constructor(private readonly capacity = 1000) {}

  add(entry: DeadLetter): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  /** Newest first. */
  list(): DeadLetter[] {
    return [...this.#entries].reverse();
  }
}
