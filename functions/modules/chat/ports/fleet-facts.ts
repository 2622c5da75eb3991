import type { Identity } from '../../../platform/auth/identity.js';
import type { VehicleFacts } from '../domain/facts.js';

/** What the bot reads of the fleet, always within what the caller may see (a driver: their own). */
export interface FleetFacts {
  /** Ids of the caller's vehicles, in id order, at most `limit`. */
  vehicleIds(caller: Identity, limit: number): Promise<string[]>;
  /** The vehicle with its state, or undefined when the caller cannot see it (unknown, another tenant's or driver's). */
  vehicle(caller: Identity, vehicleId: string): Promise<VehicleFacts | undefined>;
}
