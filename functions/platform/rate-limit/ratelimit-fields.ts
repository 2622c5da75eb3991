import type { BucketReport } from './rate-limiter.js';
import { emissionIntervalMs } from './token-bucket.js';

/**
 * The `RateLimit-Policy` and `RateLimit` fields of draft-ietf-httpapi-ratelimit-headers-09 (March
 * 2025, the current draft): structured-field Lists, one item per policy, keyed by the policy's
 * name. A policy says its quota `q` and window `w` in seconds (a token bucket's capacity and the
 * time it takes to refill from empty); the current state says remaining units `r` and seconds
 * `t` until the quota is back to full. E.g. `"client";q=600;w=60, "tenant";q=3000;w=60` and
 * `"client";r=599;t=1, "tenant";r=2999;t=1`.
 */
export const RATE_LIMIT_POLICY_HEADER = 'RateLimit-Policy';
export const RATE_LIMIT_HEADER = 'RateLimit';

/** `"client";q=600;w=60, "tenant";q=3000;w=60`. */
export function rateLimitPolicyField(buckets: readonly BucketReport[]): string {
  return buckets
    .map(
      (b) =>
        `"${b.name}";q=${b.limit.capacity};w=${Math.ceil((b.limit.capacity * emissionIntervalMs(b.limit)) / 1000)}`,
    )
    .join(', ');
}

/** `"client";r=599;t=1, "tenant";r=2999;t=1`; a bucket not consulted is left out. Undefined when none was. */
export function rateLimitField(buckets: readonly BucketReport[]): string | undefined {
  const items = buckets
    .filter((b) => b.remaining !== undefined && b.resetSeconds !== undefined)
    .map((b) => `"${b.name}";r=${b.remaining};t=${b.resetSeconds}`);
  return items.length === 0 ? undefined : items.join(', ');
}
