/** The contract's timeout of one attempt: connect, send, and the response's status and first 1 KB. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/** What the transport saw of one attempt. */
export type TransportResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** `Retry-After` as sent, if any. */
      readonly retryAfter?: string;
      /** The first 1 KB of the body, as UTF-8 text. */
      readonly body: string;
      readonly durationMs: number;
    }
  | {
      /** No response: refused, reset, DNS failure, TLS failure, a 15 s timeout, or a target the egress rule refuses. */
      readonly kind: 'error';
      readonly error: string;
      readonly durationMs: number;
    };

/** How an attempt ended, for the message: delivered, failed (retry), or the endpoint is gone (410). */
export type AttemptVerdict = 'succeeded' | 'failed' | 'gone';

/**
 * The contract's rule: any 2xx succeeds; 410 Gone disables the endpoint; everything else fails
 * and is retried, a 3xx included (redirects are not followed: a redirect could point anywhere,
 * including where the egress rule forbids).
 */
export function verdictOf(result: TransportResult): AttemptVerdict {
  if (result.kind === 'error') return 'failed';
  if (result.status >= 200 && result.status < 300) return 'succeeded';
  if (result.status === 410) return 'gone';
  return 'failed';
}

/** Whether the response's `Retry-After` is to be honoured: only on 429 Too Many Requests and 503. */
export function honoursRetryAfter(result: TransportResult): result is Extract<TransportResult, { kind: 'response' }> {
  return result.kind === 'response' && (result.status === 429 || result.status === 503);
}

/** An endpoint failing without a success this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** Whether an endpoint failing since `failingSince` has failed long enough to be disabled at `now`. */
export function failingTooLong(failingSince: string | undefined, now: Date): boolean {
  return failingSince !== undefined && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_FAILING_MS;
}
