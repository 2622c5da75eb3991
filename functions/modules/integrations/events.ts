import type { BillingInvoice, FuelTransaction, HelpdeskTicketUpdate } from './domain/vendor-reading.js';

/**
 * The integrations context's events on the bus: what partners' messages mean, normalised. Each
 * detail names the tenant, the partner and the inbound message it came from (`messageId`), which
 * consumers de-duplicate on: the stream that normalises is at least once.
 */
export const INTEGRATION_EVENTS = {
  source: 'fleetops.integrations',
  /** A fuel-card transaction; detail {@link FuelTransactionEvent}. */
  fuelTransaction: 'fuel.transaction',
  /** A billing vendor's invoice event; detail {@link BillingInvoiceEvent}. */
  billingInvoice: 'billing.invoice',
  /** A helpdesk vendor's ticket change; detail {@link HelpdeskTicketUpdatedEvent} (for the tickets module). */
  helpdeskTicketUpdated: 'helpdesk.ticket_updated',
} as const;

/** Where a normalised event came from. */
export interface InboundOrigin {
  readonly tenantId: string;
  readonly partnerId: string;
  readonly messageId: string;
}

/** Detail of `fuel.transaction`: `vehicleId` is fleetops' id (mapped), `mismatch` set when it raised an alert. */
export interface FuelTransactionEvent extends InboundOrigin, FuelTransaction {
  readonly mismatch?: { readonly distanceM: number; readonly minutesApart: number; readonly alertId: string };
}

/** Detail of `billing.invoice`. */
export type BillingInvoiceEvent = InboundOrigin & BillingInvoice;

/** Detail of `helpdesk.ticket_updated`. */
export type HelpdeskTicketUpdatedEvent = InboundOrigin & HelpdeskTicketUpdate;
