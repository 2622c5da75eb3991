/** One attempt as the delivery log keeps it (contract: `GET /v1/webhook-endpoints/{id}/deliveries`). */
export interface DeliveryAttempt {
  readonly tenantId: string;
  readonly endpointId: string;
  readonly messageId: string;
  readonly eventType: string;
  /** 1-based, across replays: a replayed message's attempts continue its count. */
  readonly attempt: number;
  readonly status: 'succeeded' | 'failed' | 'pending';
  readonly responseStatus?: number;
  readonly durationMs?: number;
  /** When the attempt started. */
  readonly at: string;
  /** When the message is tried again after this failure. */
  readonly nextAttemptAt?: string;
  /** The first 1 KB of the response body. */
  readonly responseBody?: string;
  /** What went wrong without a response (refused, timeout, egress rule). */
  readonly error?: string;
}

/** How much of a response body the log keeps. */
export const RESPONSE_BODY_LIMIT_BYTES = 1024;

/** `s` cut to at most `limit` bytes of UTF-8, never inside a character. */
export function firstBytes(s: string, limit = RESPONSE_BODY_LIMIT_BYTES): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= limit) return s;
  let end = limit;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
