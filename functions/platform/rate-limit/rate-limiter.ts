import type { BucketLimit } from './token-bucket.js';

/** The two buckets a request takes a token from, in this order. */
export type BucketName = 'client' | 'tenant';

/** Who a request counts against: the verified tenant and the client within it. */
export interface RateLimitRequest {
  readonly tenantId: string;
  /** The user, `apikey:<id>` or the OAuth2 client: the identity's `userId`. */
  readonly clientId: string;
}

/** One bucket's state after a request, as the `RateLimit` field reports it. */
export interface BucketReport {
  readonly name: BucketName;
  readonly limit: BucketLimit;
  /** Whole tokens left; absent when the bucket was not consulted (the client's bucket refused first). */
  readonly remaining?: number;
  /** Seconds until the bucket is full again; absent with `remaining`. */
  readonly resetSeconds?: number;
}

/** What the limiter decided for one request. */
export interface RateLimitOutcome {
  readonly allowed: boolean;
  /** Every bucket of the request, consulted or not (the policy is known either way). */
  readonly buckets: readonly BucketReport[];
  /** When refused: seconds until the refusing bucket has a token again. */
  readonly retryAfterSeconds?: number;
}

/**
 * Rate limits per tenant and per client (docs/adr/0114): takes one token from the client's bucket
 * and, when that admits, one from the tenant's. A refusal by the client's bucket leaves the
 * tenant's untouched, so one client flooding at its limit does not drain its tenant's bucket.
 * Throws when the store cannot be reached; the HTTP middleware then admits the request.
 */
export interface RateLimiter {
  consume(request: RateLimitRequest): Promise<RateLimitOutcome>;
}
