import type { SensorField } from '../../fleet/domain/reading.js';

/**
 * A reading as a telematics vendor names it: the vendor's own vehicle id (and its display name or
 * fleet number where the payload has one), the instant, and the sensors already in fleetops' units
 * (°C, psi, km/h, %, V, km). The partner's vehicle map turns the vendor id into ours.
 */
export interface VendorReading {
  readonly vendorVehicleId: string;
  /** Samsara's vehicle `name`, Motive's `vehicle_number`: often the fleet number operators also use. */
  readonly vendorVehicleName?: string;
  readonly ts: string;
  readonly sensors: Partial<Record<SensorField, number>>;
}

/** What a vendor payload means once parsed. */
export type Interpretation =
  | { readonly kind: 'readings'; readonly readings: readonly VendorReading[] }
  | { readonly kind: 'fuelTransaction'; readonly transaction: FuelTransaction }
  | { readonly kind: 'invoice'; readonly invoice: BillingInvoice }
  | { readonly kind: 'ticket'; readonly ticket: HelpdeskTicketUpdate }
  /** A well-formed message of a type that carries nothing to normalise (a Samsara AlertIncident). */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** A payload that does not parse: kept, marked with the reason, never retried. */
  | { readonly kind: 'rejected'; readonly reason: string };

/** A fuel-card transaction (detail of `fuel.transaction`, without tenant and partner). */
export interface FuelTransaction {
  readonly transactionId: string;
  readonly cardId: string;
  /** The vehicle as the card issuer names it (mapped through the partner's vehicle map). */
  readonly vehicleId: string;
  readonly at: string;
  readonly lat: number;
  readonly lng: number;
  readonly litres?: number;
  readonly amount?: number;
  readonly currency?: string;
  readonly merchant?: string;
}

/** A Stripe invoice event, normalised (detail of `billing.invoice`, without tenant and partner). */
export interface BillingInvoice {
  /** The vendor event id (`evt_…`). */
  readonly eventId: string;
  /** `invoice.paid`, `invoice.payment_failed`, … as the vendor named it. */
  readonly eventType: string;
  readonly invoiceId: string;
  readonly customerId?: string;
  readonly status?: string;
  readonly currency: string;
  /** In the currency's smallest unit, as Stripe sends it. */
  readonly amountDue: number;
  readonly amountPaid: number;
  readonly hostedInvoiceUrl?: string;
  readonly occurredAt: string;
}

/** A Zendesk ticket event, normalised (detail of `helpdesk.ticket_updated`, without tenant and partner). */
export interface HelpdeskTicketUpdate {
  readonly eventId: string;
  /** Zendesk's event type, e.g. `zen:event-type:ticket.status_changed`. */
  readonly eventType: string;
  readonly externalTicketId: string;
  readonly subject?: string;
  readonly status?: string;
  readonly priority?: string;
  /** The changed field's previous and current value, where the event is a change of one field. */
  readonly change?: { readonly previous: unknown; readonly current: unknown };
  readonly occurredAt: string;
}

/** The first issue of a failed zod parse, as a reason a person can read. */
export function reasonOf(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
): string {
  const first = issues[0];
  if (!first) return 'The payload does not parse';
  const path = first.path.map(String).join('.');
  return path ? `${path}: ${first.message}` : first.message;
}
