import { monotonicFactory } from 'ulid';
import type { Clock } from '../../../platform/clock.js';
import { DEFAULT_SLA_POLICY } from '../domain/sla.js';
import type { SlaPolicyStore } from '../ports/sla-policy-store.js';
import type { SlaPolicies } from '../use-cases/ticket-ports.js';

/** The tenant's own SLA policy, else the default. */
export function policiesOf(store: Pick<SlaPolicyStore, 'get'>): SlaPolicies {
  return { policy: async (tenantId) => (await store.get(tenantId)) ?? DEFAULT_SLA_POLICY };
}

/** ULIDs from one monotonic factory per container, on the function's clock. */
export function idsOn(clock: Clock): () => string {
  const next = monotonicFactory();
  return () => next(clock.now().getTime());
}
