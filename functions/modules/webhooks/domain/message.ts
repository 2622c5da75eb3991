import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';

/** A message's status: waiting for (or in) an attempt, delivered, or given up on. */
export type MessageStatus = 'pending' | 'succeeded' | 'failed';

/**
 * One event for one endpoint: the unit of delivery. Its `messageId` is the `webhook-id` of every
 * attempt, and its body is fixed when it is created, so every attempt sends the same bytes.
 */
export interface Message {
  readonly tenantId: string;
  readonly endpointId: string;
  readonly messageId: string;
  readonly eventType: string;
  /** The JSON body sent, `{"type","timestamp","data"}`, exactly. */
  readonly body: string;
  readonly createdAt: string;
  readonly status: MessageStatus;
  /** Attempts started so far (across replays). */
  readonly attempts: number;
  /** `attempts` when the current round began (0, or when a replay reopened it): the schedule restarts there. */
  readonly roundStart?: number;
  /** When the next attempt is due (pending only). */
  readonly nextAttemptAt?: string;
  /** Until when an attempt in progress owns the message. */
  readonly leaseUntil?: string;
  readonly lastResponseStatus?: number;
  readonly finishedAt?: string;
  /** Why a failed message stopped: `exhausted`, `endpoint_gone`, `endpoint_disabled`, `endpoint_deleted`. */
  readonly failure?: string;
}

/**
 * The id of the message an event becomes for an endpoint: `msg_`, the event's time as a ULID
 * time prefix (so an endpoint's messages sort by time, which `recover {since}` ranges over), then
 * a digest of the endpoint and the event's id. The same event redelivered gives the same id, so
 * it is one message, however often the bus delivers it.
 */
export function messageIdFor(endpointId: string, eventId: string, eventTime: Date): string {
  const digest = createHash('sha256').update(`${endpointId}\n${eventId}`).digest('base64url').slice(0, 16);
  return `msg_${encodeTime(eventTime.getTime(), 10)}${digest}`;
}

/** The smallest message id of an event at or after `since` (for range queries). */
export function messageIdFloor(since: Date): string {
  return `msg_${encodeTime(since.getTime(), 10)}`;
}

/** The id pattern of message ids (paths). */
export const MESSAGE_ID_PATTERN = /^msg_[0-9A-Za-z_-]{10,40}$/;

/** The body of a message: the contract's `{"type","timestamp","data"}`. */
export function messageBody(type: string, timestamp: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}

/** The data partners see of an event's detail: all of it but our routing key, the tenant. */
export function dataOf(detail: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { tenantId: _tenant, ...data } = detail;
  return data;
}
