/**
 * The per-endpoint throttle: at most `perSecond` attempts start in any one second for one
 * endpoint, counted across every container. An endpoint's window is its own, so a slow or down
 * partner's backlog waits for its own slots and never takes another endpoint's.
 */
export interface DeliveryThrottle {
  /** Takes a slot in the current second; false when the endpoint's second is full. */
  acquire(tenantId: string, endpointId: string, perSecond: number, now: Date): Promise<boolean>;
}
