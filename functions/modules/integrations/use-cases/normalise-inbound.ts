import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type * as z from '../../../platform/zod.js';
import { type Alert, SYSTEM_ACTOR } from '../../alerts/domain/alert.js';
import { alertIdFor } from '../../alerts/domain/alert-id.js';
import { ALERT_EVENTS } from '../../alerts/events.js';
import type { AlertRepository } from '../../alerts/ports/alert-repository.js';
import type { Reading } from '../../fleet/domain/reading.js';
import { UnknownVehicle } from '../../fleet/errors.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import { type IngestReadingsPorts, ingestReadings } from '../../fleet/use-cases/ingest-readings.js';
import { FUEL_CARD_MISMATCH, fuelMismatch } from '../domain/fuel-mismatch.js';
import type { InboundMessage, InboundOutcome } from '../domain/inbound-message.js';
import { interpret } from '../domain/payloads/index.js';
import { vehicleIdOf } from '../domain/vehicle-map.js';
import { type FuelTransaction, reasonOf, type VendorReading } from '../domain/vendor-reading.js';
import { type FuelTransactionEvent, INTEGRATION_EVENTS, type InboundOrigin } from '../events.js';
import type { InboundMessageStore } from '../ports/inbound-message-store.js';
import type { PartnerRepository } from '../ports/partner-repository.js';

/** The ports normalising a stored message needs: ingest's (fleet's), the alerts', the bus. */
export interface NormaliseInboundPorts extends IngestReadingsPorts {
  readonly partners: Pick<PartnerRepository, 'findById'>;
  readonly messages: Pick<InboundMessageStore, 'markOutcome'>;
  readonly fleet: Pick<FleetRepository, 'unknownVehicles' | 'getVehicleState' | 'lastSeen'>;
  readonly alerts: Pick<AlertRepository, 'raiseIfNotOpen'>;
  readonly events: EventPublisher;
  readonly clock: { now(): Date };
  /**
   * The schema `POST /v1/telemetry` validates batches with (fleet's `telemetryBatchSchema`, handed in
   * by the handler): ranges, instants and retention are checked by the very same code.
   */
  readonly readingsSchema: z.ZodMiniType<{ readings: Reading[] }>;
}

/**
 * Carries a stored inbound message on to what it means (C10), once its 2xx was given:
 * - telematics → readings, vehicle ids mapped through the partner's map, only the tenant's
 *   vehicles kept, validated by `POST /v1/telemetry`'s own schema and ingested by its use case
 *   (so they raise alerts exactly as that route's readings do);
 * - fuel card → `fuel.transaction`, and a `FUEL_CARD_MISMATCH` alert when the card was used more
 *   than 1 km from where its vehicle was within 10 minutes;
 * - billing → `billing.invoice`; helpdesk → `helpdesk.ticket_updated`.
 * A payload that does not parse is marked `rejected` with the reason and not retried; a failure of
 * a store or the bus throws, so the stream retries the message. Every step is idempotent (readings
 * are keyed by vehicle and instant, the alert id is deterministic, events carry the message id), so
 * a retry after a partial success changes nothing twice.
 */
export async function normaliseInbound(ports: NormaliseInboundPorts, message: InboundMessage): Promise<InboundOutcome> {
  const outcome = await outcomeOf(ports, message);
  await ports.messages.markOutcome(message, outcome);
  return outcome;
}

async function outcomeOf(ports: NormaliseInboundPorts, message: InboundMessage): Promise<InboundOutcome> {
  const at = ports.clock.now().toISOString();
  const meaning = interpret(message);
  const origin: InboundOrigin = {
    tenantId: message.tenantId,
    partnerId: message.partnerId,
    messageId: message.messageId,
  };
  switch (meaning.kind) {
    case 'rejected':
    case 'ignored':
      return { status: meaning.kind, at, reason: meaning.reason };
    case 'readings':
      return { ...(await ingest(ports, message, meaning.readings)), at };
    case 'fuelTransaction':
      return { ...(await fuelTransaction(ports, message, origin, meaning.transaction)), at };
    case 'invoice':
      await ports.events.publish([
        {
          source: INTEGRATION_EVENTS.source,
          detailType: INTEGRATION_EVENTS.billingInvoice,
          detail: { ...origin, ...meaning.invoice },
        },
      ]);
      return { status: 'normalised', at, published: [INTEGRATION_EVENTS.billingInvoice] };
    case 'ticket':
      await ports.events.publish([
        {
          source: INTEGRATION_EVENTS.source,
          detailType: INTEGRATION_EVENTS.helpdeskTicketUpdated,
          detail: { ...origin, ...meaning.ticket },
        },
      ]);
      return { status: 'normalised', at, published: [INTEGRATION_EVENTS.helpdeskTicketUpdated] };
  }
}

type Counted = Omit<InboundOutcome, 'at'>;

async function ingest(
  ports: NormaliseInboundPorts,
  message: InboundMessage,
  vendor: readonly VendorReading[],
): Promise<Counted> {
  const partner = await ports.partners.findById(message.partnerId);
  const mapped = vendor.map((reading) => ({
    vehicleId: vehicleIdOf(partner?.vehicleMap, reading),
    ts: reading.ts,
    ...reading.sensors,
  }));
  const unknown = await ports.fleet.unknownVehicles(message.tenantId, [...new Set(mapped.map((r) => r.vehicleId))]);
  const known = mapped.filter((reading) => !unknown.includes(reading.vehicleId));
  const unknownVehicles = unknown.length > 0 ? { unknownVehicles: unknown } : {};
  if (known.length === 0) {
    return {
      status: 'rejected',
      reason: `No vehicle of the tenant: ${unknown.join(', ')}`,
      readings: 0,
      ...unknownVehicles,
    };
  }
  // The very schema POST /v1/telemetry validates with: ranges, instants, retention.
  const batch = ports.readingsSchema.safeParse({ readings: known });
  if (!batch.success)
    return { status: 'rejected', reason: `Readings: ${reasonOf(batch.error.issues)}`, ...unknownVehicles };
  try {
    const result = await ingestReadings(ports, { tenantId: message.tenantId, readings: batch.data.readings });
    // A failed fast path is not a failure: the ingest log's consumer publishes the logged readings.
    return { status: 'normalised', readings: result.accepted, fresh: result.fresh.length, ...unknownVehicles };
  } catch (error) {
    // A vehicle removed between the check and the write: the tenant's fleet decides, not a retry.
    if (error instanceof UnknownVehicle) return { status: 'rejected', reason: error.message, ...unknownVehicles };
    throw error;
  }
}

async function fuelTransaction(
  ports: NormaliseInboundPorts,
  message: InboundMessage,
  origin: InboundOrigin,
  vendor: FuelTransaction,
): Promise<Counted> {
  const partner = await ports.partners.findById(message.partnerId);
  const vehicleId = vehicleIdOf(partner?.vehicleMap, { vendorVehicleId: vendor.vehicleId });
  const [unknown] = await ports.fleet.unknownVehicles(message.tenantId, [vehicleId]);
  if (unknown !== undefined) {
    return { status: 'rejected', reason: `No vehicle of the tenant: ${vehicleId}`, unknownVehicles: [vehicleId] };
  }
  const state = await ports.fleet.getVehicleState(message.tenantId, vehicleId);
  const mismatch = fuelMismatch(vendor, state?.position);
  const transaction: FuelTransactionEvent = { ...origin, ...vendor, vehicleId };
  const published: string[] = [INTEGRATION_EVENTS.fuelTransaction];
  const events = [];
  if (mismatch) {
    const alert = mismatchAlert(message.tenantId, vehicleId, vendor, mismatch, ports.clock.now().toISOString());
    const raised = await ports.alerts.raiseIfNotOpen(alert);
    // Raised now, or by an earlier try of this message (same deterministic id): publish it (again).
    if (raised.raised || raised.openAlertId === alert.alertId) {
      events.push({ source: ALERT_EVENTS.source, detailType: ALERT_EVENTS.alertRaised, detail: alert });
      published.push(ALERT_EVENTS.alertRaised);
    }
    // One open mismatch alert per vehicle: a second mismatch while it is open points at that one.
    const alertId = raised.raised ? alert.alertId : (raised.openAlertId ?? alert.alertId);
    Object.assign(transaction, { mismatch: { ...mismatch, alertId } });
  }
  events.unshift({
    source: INTEGRATION_EVENTS.source,
    detailType: INTEGRATION_EVENTS.fuelTransaction,
    detail: transaction,
  });
  await ports.events.publish(events);
  return { status: 'normalised', published };
}

function mismatchAlert(
  tenantId: string,
  vehicleId: string,
  transaction: FuelTransaction,
  mismatch: { readonly distanceM: number; readonly minutesApart: number },
  raisedAt: string,
): Alert {
  const km = (mismatch.distanceM / 1000).toFixed(1);
  return {
    tenantId,
    alertId: alertIdFor(tenantId, vehicleId, `${FUEL_CARD_MISMATCH}\u0000${transaction.transactionId}`, transaction.at),
    vehicleId,
    type: FUEL_CARD_MISMATCH,
    severity: 'HIGH',
    status: 'open',
    message: `Fuel card ${transaction.cardId} used ${km} km from ${vehicleId} (position ${mismatch.minutesApart} min apart)${
      transaction.merchant ? ` at ${transaction.merchant}` : ''
    }`,
    raisedAt,
    history: [{ at: raisedAt, by: SYSTEM_ACTOR, action: 'raised' }],
  };
}
