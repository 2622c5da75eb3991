import type { Clock } from '../../../platform/clock.js';
import { sseComment, sseEvent, sseRetry } from '../domain/server-sent-events.js';
import { laterId, streamIdAt, timeOfStreamId } from '../domain/stream-ids.js';
import type { AlertStreamLog } from '../ports/alert-stream-log.js';

/** Where the stream's text goes: resolves once written (waiting out back-pressure). */
export interface StreamSink {
  write(text: string): Promise<void>;
}

export interface StreamAlertsOptions {
  readonly tenantId: string;
  /** Resume after this id (a validated `Last-Event-ID`); undefined starts with what comes next. */
  readonly lastEventId?: string | undefined;
  /** Epoch ms at which the stream ends on its own (before Lambda's timeout); the client reconnects. */
  readonly until: number;
  /** Aborted when the client has gone. */
  readonly signal: AbortSignal;
  /** @default 500 */
  readonly pollIntervalMs?: number;
  /** @default 15000 */
  readonly heartbeatMs?: number;
  /**
   * Ids sort by append time, but an append that started earlier may become visible a little after
   * a later one (two containers, two transactions in flight). Each poll re-reads this far back
   * below the newest id sent and skips what it sent already, so such an entry is not lost. @default 2000
   */
  readonly lookbackMs?: number;
  /** What the client is told to wait before reconnecting. @default 1000 */
  readonly retryMs?: number;
}

export interface StreamAlertsPorts {
  readonly log: Pick<AlertStreamLog, 'listAfter'>;
  readonly clock: Clock;
}

const PAGE = 100;

/**
 * Serves a tenant's alert stream as server-sent events until `until` or the client leaves: first
 * what came after `lastEventId` (the resume), then each new entry as the log is polled, with a
 * comment as heartbeat when nothing happened for `heartbeatMs`. Returns how many events were sent.
 */
export async function streamAlerts(
  deps: StreamAlertsPorts,
  sink: StreamSink,
  options: StreamAlertsOptions,
): Promise<number> {
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const lookbackMs = options.lookbackMs ?? 2000;
  // Never below the resume point: what the client already has is not sent again.
  const floor = options.lastEventId ?? streamIdAt(deps.clock.now().getTime());
  let newest = floor;
  const sent = new Set<string>();
  let count = 0;
  let lastWrite = deps.clock.now().getTime();

  await sink.write(`${sseRetry(options.retryMs ?? 1000)}${sseComment('connected')}`);
  while (!options.signal.aborted && deps.clock.now().getTime() < options.until) {
    const from = laterId(floor, streamIdAt(timeOfStreamId(newest) - lookbackMs));
    let after = from;
    for (;;) {
      const page = await deps.log.listAfter(options.tenantId, after, PAGE);
      for (const entry of page) {
        after = entry.eventId;
        if (sent.has(entry.eventId)) continue;
        await sink.write(sseEvent({ id: entry.eventId, type: entry.type, data: entry.data }));
        sent.add(entry.eventId);
        newest = laterId(newest, entry.eventId);
        count++;
        lastWrite = deps.clock.now().getTime();
      }
      if (page.length < PAGE || options.signal.aborted) break;
    }
    // Ids below the window will not be read again: forget them so the set stays small.
    for (const id of sent) if (id <= from) sent.delete(id);
    const now = deps.clock.now().getTime();
    if (now - lastWrite >= heartbeatMs) {
      await sink.write(sseComment('heartbeat'));
      lastWrite = now;
    }
    await pause(Math.min(pollIntervalMs, Math.max(0, options.until - now)), options.signal);
  }
  return count;
}

/** Waits, or stops waiting as soon as the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
