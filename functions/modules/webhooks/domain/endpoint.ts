import { randomBytes } from 'node:crypto';
import type { StoredSecret } from '../../integrations/domain/partner.js';
import type { OutboundEventType } from './event-types.js';

export type { StoredSecret };

/** Deliveries per second an endpoint gets unless it says otherwise, and the most it may ask for. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 10;
export const MAX_RATE_LIMIT_PER_SECOND = 100;

/** Why an endpoint stopped receiving: it answered 410 Gone, it failed for 5 days, or an admin said so. */
export type DisabledReason = 'gone' | 'failing' | 'manual';

/** An outbound webhook endpoint of one tenant. */
export interface Endpoint {
  readonly tenantId: string;
  readonly endpointId: string;
  readonly url: string;
  readonly description?: string;
  readonly eventTypes: readonly OutboundEventType[];
  /** Deliveries per second, at most (the per-endpoint throttle). */
  readonly rateLimitPerSecond: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Current secret first; during a rotation's overlap the previous one too (both sign). */
  readonly secrets: readonly StoredSecret[];
  readonly disabledAt?: string;
  readonly disabledReason?: DisabledReason;
  /** When `endpoint.disabled` was published for the current disablement (it is published once). */
  readonly disabledAnnouncedAt?: string;
  /** The first failure since the last success; cleared by a success. */
  readonly failingSince?: string;
  /** The last success, to within {@link SUCCESS_RECORD_INTERVAL_MS} (see {@link recordsSuccess}). */
  readonly lastSuccessAt?: string;
  /** Optimistic-concurrency revision of the admin-editable fields. */
  readonly rev: number;
}

/** What the API shows of an endpoint: never a secret. */
export interface EndpointView {
  readonly endpointId: string;
  readonly url: string;
  readonly description?: string;
  readonly eventTypes: readonly OutboundEventType[];
  readonly rateLimitPerSecond: number;
  readonly status: 'enabled' | 'disabled';
  readonly disabledAt?: string;
  readonly disabledReason?: DisabledReason;
  readonly failingSince?: string;
  readonly lastSuccessAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly secretCreatedAt: string;
  readonly previousSecretRetiresAt?: string;
}

/** How stale an endpoint's `lastSuccessAt` may grow while it keeps succeeding. */
export const SUCCESS_RECORD_INTERVAL_MS = 10_000;

/**
 * Whether a success at `at` must be written to the endpoint (the endpoint as read before the
 * attempt): when it was failing (the success clears `failingSince`, which disables it after 5 days),
 * has no success yet, or its `lastSuccessAt` is older than {@link SUCCESS_RECORD_INTERVAL_MS}. A
 * busy endpoint so costs one endpoint write per 10 s, not one per delivery; a failure written by a
 * concurrent attempt after this read is cleared by the next success past the interval.
 */
export function recordsSuccess(endpoint: Pick<Endpoint, 'failingSince' | 'lastSuccessAt'>, at: Date): boolean {
  if (endpoint.failingSince !== undefined || endpoint.lastSuccessAt === undefined) return true;
  return at.getTime() - Date.parse(endpoint.lastSuccessAt) >= SUCCESS_RECORD_INTERVAL_MS;
}

/** A new endpoint id: `ep_` and 16 characters of randomness. */
export function newEndpointId(): string {
  return `ep_${randomBytes(12).toString('base64url')}`;
}

/** The id pattern of endpoint ids (paths, cursors). */
export const ENDPOINT_ID_PATTERN = /^ep_[A-Za-z0-9_-]{1,64}$/;

/** Whether the endpoint takes messages of `type` now. */
export function receives(endpoint: Endpoint, type: string): boolean {
  return endpoint.disabledAt === undefined && (endpoint.eventTypes as readonly string[]).includes(type);
}

/** The API view of an endpoint at `now`. */
export function viewOf(endpoint: Endpoint, now: Date): EndpointView {
  const active = endpoint.secrets.filter((s) => s.retiresAt === undefined || Date.parse(s.retiresAt) > now.getTime());
  const [current, previous] = active;
  return {
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
    eventTypes: endpoint.eventTypes,
    rateLimitPerSecond: endpoint.rateLimitPerSecond,
    status: endpoint.disabledAt === undefined ? 'enabled' : 'disabled',
    ...(endpoint.disabledAt === undefined ? {} : { disabledAt: endpoint.disabledAt }),
    ...(endpoint.disabledReason === undefined ? {} : { disabledReason: endpoint.disabledReason }),
    ...(endpoint.failingSince === undefined ? {} : { failingSince: endpoint.failingSince }),
    ...(endpoint.lastSuccessAt === undefined ? {} : { lastSuccessAt: endpoint.lastSuccessAt }),
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
    secretCreatedAt: current?.createdAt ?? endpoint.createdAt,
    ...(previous?.retiresAt ? { previousSecretRetiresAt: previous.retiresAt } : {}),
  };
}
