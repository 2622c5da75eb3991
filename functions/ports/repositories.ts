import type { Alert, AlertStatus, Severity } from '../domain/alerts/alert.js';
import type { Tenant, User, Vehicle, VehicleState } from '../domain/fleet/fleet.js';
import type { Reading } from '../domain/telemetry/reading.js';
import type { Role } from '../wiring/roles.js';

/** Readings, keyed by (tenant, vehicle, ts). */
export interface TelemetryRepository {
  /** Stores readings not seen before and returns exactly those (conditional writes). */
  saveNew(tenantId: string, readings: readonly Reading[]): Promise<Reading[]>;
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

export type RaiseResult = { readonly raised: true; readonly alert: Alert } | { readonly raised: false };

export interface DeliveryRecord {
  readonly tenantId: string;
  readonly alertId: string;
  readonly channel: 'websocket' | 'sms' | 'push' | 'email';
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
  recordDelivery(record: DeliveryRecord): Promise<void>;
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
