import type { DisabledReason, Endpoint } from '../domain/endpoint.js';

export interface EndpointPage {
  readonly items: Endpoint[];
  readonly nextCursor?: string;
}

/** The tenant's webhook endpoints; every read and write is scoped by tenant. */
export interface EndpointRepository {
  create(endpoint: Omit<Endpoint, 'rev'>): Promise<Endpoint>;
  /** Undefined for an id that is not the tenant's (another tenant's is not found). */
  get(tenantId: string, endpointId: string): Promise<Endpoint | undefined>;
  list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<EndpointPage>;
  /** Every endpoint of the tenant (fan-out). */
  all(tenantId: string): Promise<Endpoint[]>;
  /** Writes `next` if the stored endpoint is still at `current.rev`; EndpointChanged otherwise. */
  replace(current: Endpoint, next: Omit<Endpoint, 'rev'>): Promise<Endpoint>;
  delete(tenantId: string, endpointId: string): Promise<boolean>;
  /** A success: clears `failingSince`, sets `lastSuccessAt`. */
  recordSuccess(tenantId: string, endpointId: string, at: string): Promise<void>;
  /** A failure: sets `failingSince` unless set; answers the endpoint after the write (undefined if deleted). */
  recordFailure(tenantId: string, endpointId: string, at: string): Promise<Endpoint | undefined>;
  /** Disables it unless it is disabled already; true when this call disabled it. */
  disable(tenantId: string, endpointId: string, reason: DisabledReason, at: string): Promise<boolean>;
  /** Claims the announcement of the current disablement; false when another caller has it (or it is not disabled). */
  claimDisabledAnnouncement(tenantId: string, endpointId: string, at: string): Promise<boolean>;
  /** Gives the claim back (the publish failed), so the next attempt announces it. */
  releaseDisabledAnnouncement(tenantId: string, endpointId: string): Promise<void>;
}
