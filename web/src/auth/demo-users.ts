import type { Role } from './roles.js';

/** A demo identity the local stack seeds (local/seed/demo-data.ts); tests/web keeps the two in step. */
export interface DemoUser {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

const ACME = { tenantId: 'acme', tenantName: 'Acme Logistics' } as const;
const GLOBEX = { tenantId: 'globex', tenantName: 'Globex Freight' } as const;

/** One user per role for acme, and the alert watchers of globex: enough to try every view. */
export const DEMO_USERS: readonly DemoUser[] = [
  { ...ACME, userId: 'acme-dispatcher', name: 'Dana Dispatch', roles: ['dispatcher'] },
  { ...ACME, userId: 'acme-manager', name: 'Marcus Manager', roles: ['fleet_manager'] },
  { ...ACME, userId: 'acme-admin', name: 'Alice Admin', roles: ['admin'] },
  { ...ACME, userId: 'acme-agent', name: 'Sam Support', roles: ['agent'] },
  { ...ACME, userId: 'acme-driver-1', name: 'Diego Ruiz', roles: ['driver'] },
  { ...ACME, userId: 'acme-partner', name: 'Telematix Integration', roles: ['partner'] },
  { ...GLOBEX, userId: 'globex-dispatcher', name: 'Ivan Petrov', roles: ['dispatcher'] },
  { ...GLOBEX, userId: 'globex-manager', name: 'Grace Okafor', roles: ['fleet_manager'] },
  { ...GLOBEX, userId: 'globex-admin', name: 'Hank Scorpio', roles: ['admin'] },
];

/** Vehicle ids of each demo tenant, for the seed-fault demo. */
export const DEMO_VEHICLES: Readonly<Record<string, readonly string[]>> = {
  acme: ['TRK-101', 'TRK-102', 'TRK-103', 'VAN-12', 'VAN-14'],
  globex: ['TRK-201', 'TRK-202', 'VAN-21'],
};
