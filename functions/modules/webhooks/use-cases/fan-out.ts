import { receives } from '../domain/endpoint.js';
import { dataOf, type Message, messageBody, messageIdFor } from '../domain/message.js';
import { OUTBOUND_SOURCES } from '../events.js';
import { type DeliveryPorts, handOver } from './delivery-ports.js';

/** A source event as the bus delivered it. */
export interface SourceEvent {
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  readonly time: Date;
  readonly detail: Readonly<Record<string, unknown>> & { readonly tenantId: string };
}

/** One outbound event a source event becomes: its type, the id it is known by, and its data. */
interface Outbound {
  readonly type: string;
  readonly eventId: string;
  readonly data: unknown;
}

/**
 * What an event is for partners: its webhook type and data. `telemetry.received` becomes one
 * `vehicle.position` per reading that has a position (`{vehicleId, lat, lng, speed?, heading?, ts}`,
 * the frame the WebSocket API sends); every other event is its detail without the tenant.
 */
export function outboundOf(event: SourceEvent): Outbound[] {
  const type = OUTBOUND_SOURCES[event.source]?.[event.detailType];
  if (!type) return [];
  if (type !== 'vehicle.position') return [{ type, eventId: event.id, data: dataOf(event.detail) }];
  const readings = Array.isArray(event.detail.readings) ? (event.detail.readings as Record<string, unknown>[]) : [];
  return readings.flatMap((reading, index) => {
    if (typeof reading.lat !== 'number' || typeof reading.lng !== 'number') return [];
    const { vehicleId, lat, lng, speed, heading, ts } = reading;
    return [
      {
        type,
        eventId: `${event.id}#${index}`,
        data: {
          vehicleId,
          lat,
          lng,
          ...(typeof speed === 'number' ? { speed } : {}),
          ...(typeof heading === 'number' ? { heading } : {}),
          ts,
        },
      },
    ];
  });
}

/**
 * One message per (event, subscribed endpoint) of the event's tenant, stored before anything is
 * sent (its id derived from the event's, so a redelivered event finds its messages and only makes
 * sure they were handed over), then handed to the deliverer. Answers how many it handed over.
 */
export async function fanOut(
  ports: Pick<DeliveryPorts, 'endpoints' | 'messages' | 'timers' | 'events' | 'clock'>,
  event: SourceEvent,
): Promise<number> {
  const outbound = outboundOf(event);
  if (outbound.length === 0) return 0;
  const endpoints = (await ports.endpoints.all(event.detail.tenantId)).filter((endpoint) =>
    outbound.some((o) => receives(endpoint, o.type)),
  );
  const now = ports.clock.now();
  const due: Message[] = [];
  for (const endpoint of endpoints) {
    for (const o of outbound) {
      if (!receives(endpoint, o.type)) continue;
      const message: Message = {
        tenantId: endpoint.tenantId,
        endpointId: endpoint.endpointId,
        messageId: messageIdFor(endpoint.endpointId, o.eventId, event.time),
        eventType: o.type,
        body: messageBody(o.type, event.time, o.data),
        createdAt: now.toISOString(),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now.toISOString(),
      };
      if (await ports.messages.create(message)) {
        due.push(message);
        continue;
      }
      // A redelivery: hand over again only what never got its first attempt (the claim makes it once).
      const stored = await ports.messages.get(message.tenantId, message.endpointId, message.messageId);
      if (stored?.status === 'pending' && stored.attempts === 0) due.push(stored);
    }
  }
  for (let start = 0; start < due.length; start += 10) await handOver(ports, due.slice(start, start + 10));
  return due.length;
}
