import type { Role } from '../../../platform/wiring/roles.js';

/**
 * The roles whose sockets {@link ConnectionRepository.listStaff} finds: everyone who works in the
 * office (alert watchers, support agents), not drivers or partners. An audience of other roles
 * must be found per user or per tenant.
 */
export const STAFF_ROLES: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];

export interface Connection {
  readonly connectionId: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly connectedAt: string;
  /** `vehicle.position` subscriptions: vehicle ids of the connection's tenant, or `*`. */
  readonly positionSubscriptions?: readonly string[];
  /** When a position frame was last sent per vehicle (epoch ms), for the last second only. */
  readonly positionSentAt?: Readonly<Record<string, number>>;
  /** Bumped by every claim of position frames: the optimistic lock of {@link ConnectionRepository.claimPositions}. */
  readonly positionVersion?: number;
}

/** Why a subscription was not stored. */
export type SubscribeOutcome = 'subscribed' | 'not-connected' | 'too-many';

export interface ConnectionRepository {
  put(connection: Connection): Promise<void>;
  remove(connectionId: string): Promise<void>;
  /** A strongly consistent read. */
  get(connectionId: string): Promise<Connection | undefined>;
  /** Only this tenant's connections: fan-out can never cross tenants. */
  listByTenant(tenantId: string): Promise<Connection[]>;
  /** The live connections of these people of the tenant (one index query per person, in parallel). */
  listByUsers(tenantId: string, userIds: readonly string[]): Promise<Connection[]>;
  /** The tenant's live connections that have one of the {@link STAFF_ROLES}. */
  listStaff(tenantId: string): Promise<Connection[]>;
  /** Adds a position subscription to a live connection of that tenant (at most `max` per connection). */
  subscribePositions(connectionId: string, tenantId: string, vehicleId: string, max: number): Promise<SubscribeOutcome>;
  /** Removes one; false when the connection is not a live connection of that tenant. */
  unsubscribePositions(connectionId: string, tenantId: string, vehicleId: string): Promise<boolean>;
  /**
   * Records which vehicles' positions are about to be sent, if nobody has claimed since `version`
   * was read: true when this caller may send them, false when another invocation got there first.
   */
  claimPositions(connectionId: string, version: number, sentAt: Readonly<Record<string, number>>): Promise<boolean>;
}
