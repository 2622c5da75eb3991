/**
 * The port behind `Idempotency-Key` (docs/adr/0062), after Powertools for AWS Lambda's idempotency
 * utility: a request first claims its key (an `INPROGRESS` record), then either completes it with
 * the response to replay (`COMPLETED`) or releases it so that the key may be retried.
 */

/** Whose key, on which route, for which request. */
export interface IdempotentRequest {
  readonly tenantId: string;
  readonly userId: string;
  /** The route key, e.g. `POST /v1/alerts/{alertId}/acknowledge`. */
  readonly route: string;
  /** The client's `Idempotency-Key`. */
  readonly key: string;
  /** Hash of what the request asks for (path, query, body): the same key must carry the same. */
  readonly payloadHash: string;
}

/** An HTTP response as it was answered, to be answered again. */
export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What claiming a key found. */
export type IdempotencyClaim =
  /** No live record: this request owns the key now and must complete or release it. */
  | { readonly outcome: 'claimed' }
  /** A previous request with this key and payload finished: answer its response. */
  | { readonly outcome: 'completed'; readonly response: StoredResponse }
  /** A request with this key and payload is still running (its in-progress time has not run out). */
  | { readonly outcome: 'inProgress'; readonly retryAfterSeconds: number }
  /** The key is live for a different payload. */
  | { readonly outcome: 'payloadMismatch' };

export interface IdempotencyStore {
  /**
   * Claims the key unless a live record holds it. A record is live until it expires; an
   * `INPROGRESS` one only for `inProgressMs` after its claim (the claimer's remaining Lambda time),
   * so a claimer that died frees the key for a retry.
   */
  claim(request: IdempotentRequest, inProgressMs: number): Promise<IdempotencyClaim>;
  /** Stores the response of a claimed key; repeats answer it until the record expires. */
  complete(request: IdempotentRequest, response: StoredResponse): Promise<void>;
  /** Deletes a claimed key's in-progress record, so a retry runs the request again. */
  release(request: IdempotentRequest): Promise<void>;
}

/** Settings written once, read by the adapter and the middleware. */
export const IDEMPOTENCY_DEFAULTS = {
  /** The request header, lower-cased as API Gateway hands headers over. */
  header: 'idempotency-key',
  /** How long a completed (or abandoned) record keeps its key. */
  recordTtlSeconds: 24 * 60 * 60,
  /** Longest key accepted (Stripe's limit). */
  maxKeyLength: 255,
} as const;
