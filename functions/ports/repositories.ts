import type { Alert, AlertStatus, Severity } from '../domain/alerts/alert.js';
import type { Tenant, User, Vehicle, VehicleState } from '../domain/fleet/fleet.js';
import type { Reading } from '../domain/telemetry/reading.js';
import type { Role } from '../wiring/roles.js';

/** Readings, keyed by (tenant, vehicle, ts). */
export interface TelemetryRepository {
  /** Stores readings not seen before and returns exactly those (conditional writes). */
  saveNew(tenantId: string, readings: readonly Reading[]): Promise<Reading[]>;
  /**
   * Forgets readings this request just stored, so that when their event could not be published a
   * client retry treats them as new again instead of as duplicates (nothing accepted is lost).
   */
  remove(tenantId: string, readings: readonly Reading[]): Promise<void>;
}

/** A cursor that is malformed or was issued to another tenant. Mapped to 400 INVALID_CURSOR. */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  constructor() {
    super('The cursor is not valid for this request');
  }
}

/** Tenants, users, vehicles and vehicle state. */
export interface FleetRepository {
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  putTenant(tenant: Tenant): Promise<void>;
  putUser(user: User): Promise<void>;
  listUsers(tenantId: string): Promise<User[]>;
  putVehicle(vehicle: Vehicle): Promise<void>;
  listVehicles(tenantId: string): Promise<Vehicle[]>;
  /** Merges readings into the vehicle's state; an older reading never overwrites a newer one. */
  updateVehicleState(tenantId: string, readings: readonly Reading[]): Promise<void>;
  getVehicleState(tenantId: string, vehicleId: string): Promise<VehicleState | undefined>;
}

export interface AlertFilter {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly vehicleId?: string;
}

export interface AlertPage {
  readonly items: Alert[];
  /** Opaque; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * `raised: false` names the alert that is already open, so a retried evaluation that finds its own
 * earlier alert (same deterministic id) can still publish it.
 */
export type RaiseResult =
  | { readonly raised: true; readonly alert: Alert }
  | { readonly raised: false; readonly openAlertId?: string };

export type DeliveryChannel = 'websocket' | 'sms' | 'push' | 'email';

/** What is delivered where: the unit of at-most-once sending under at-least-once events. */
export interface DeliveryKey {
  readonly tenantId: string;
  readonly alertId: string;
  readonly channel: DeliveryChannel;
  readonly destination: string;
}

export interface DeliveryRecord {
  readonly tenantId: string;
  readonly alertId: string;
  readonly channel: DeliveryChannel;
  readonly destination: string;
  readonly status: 'sent' | 'failed' | 'gone';
  readonly attemptedAt: string;
  readonly providerMessageId?: string;
  readonly error?: string;
}

export interface AlertRepository {
  /**
   * Raises the alert unless one is already open for (tenant, vehicle, type): one fault, one
   * alert. Atomic (conditional write), so concurrent evaluations cannot both raise.
   */
  raiseIfNotOpen(alert: Alert): Promise<RaiseResult>;
  get(tenantId: string, alertId: string): Promise<Alert | undefined>;
  /** Newest first. Throws InvalidCursor for a cursor that is not this tenant's. */
  list(tenantId: string, filter: AlertFilter, limit: number, cursor?: string): Promise<AlertPage>;
  /**
   * Claims a delivery before sending: true for the first caller, and again once a failed attempt
   * or an expired lease (a crashed sender) allows a retry; false while it is sent or in flight.
   */
  claimDelivery(key: DeliveryKey, leaseSeconds?: number): Promise<boolean>;
  /** Writes the attempt's record and settles the claim with its status. */
  recordDelivery(record: DeliveryRecord): Promise<void>;
  /** Every attempt for the alert, oldest first. */
  listDeliveries(tenantId: string, alertId: string): Promise<DeliveryRecord[]>;
}

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
