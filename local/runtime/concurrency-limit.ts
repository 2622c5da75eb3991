/**
 * At most `limit` calls of a function run at once; the others wait in order. The local stand-in
 * for a Lambda function's concurrency on asynchronous invocations: Lambda queues an EventBridge
 * target's events beyond it, and a queued event's timeout only starts when it runs. Without it a
 * burst of events starts every invocation at once against one DynamoDB Local JVM, each times out,
 * and the retries of the bus make the burst worse (the webhooks bench of 2026-12-02: 100 events in
 * one go, 828 timeouts, 100 dead letters, 43 of 200 deliveries).
 */
export function concurrencyLimit<A extends unknown[], R>(
  limit: number,
  run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (...args: A) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await run(...args);
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot take it in between.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
