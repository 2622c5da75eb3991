import type { Role } from '../../../platform/wiring/roles.js';

export interface Connection {
  readonly connectionId: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly connectedAt: string;
}

export interface ConnectionRepository {
  put(connection: Connection): Promise<void>;
  remove(connectionId: string): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** Only this tenant's connections: fan-out can never cross tenants. */
  listByTenant(tenantId: string): Promise<Connection[]>;
}
