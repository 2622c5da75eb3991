/**
 * The HTTP API's CORS policy, written once: the CDK app's `corsPreflight` and the local gateway
 * both read it (the origins are per stage, in the stage config). A response header the PWA or a
 * partner's browser code must read has to be listed in `exposeHeaders`, or the browser hides it:
 * `Idempotent-Replayed` (ADR 0062) was missing from both runtimes.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-request-id'],
  exposeHeaders: ['etag', 'idempotent-replayed', 'retry-after', 'x-request-id'],
  maxAgeSeconds: 3600,
} as const;
