import type { SlaPolicy } from '../domain/sla.js';

/** The tenants' SLA policies. */
export interface SlaPolicyStore {
  /** The tenant's own policy; undefined until it sets one. */
  get(tenantId: string): Promise<SlaPolicy | undefined>;
  put(tenantId: string, policy: SlaPolicy): Promise<void>;
}
