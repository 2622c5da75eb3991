import { randomUUID } from 'node:crypto';
import { viewOf } from '../domain/endpoint.js';
import { TEST_EVENT_TYPE } from '../domain/event-types.js';
import { type Message, messageBody, messageIdFor } from '../domain/message.js';
import { EndpointDisabled, EndpointNotFound, MessageNotFound, MessagePending } from '../errors.js';
import { type DeliveryPorts, handOver } from './delivery-ports.js';

type ReplayPorts = Pick<DeliveryPorts, 'endpoints' | 'messages' | 'timers' | 'events' | 'clock'>;

async function enabledEndpoint(ports: ReplayPorts, tenantId: string, endpointId: string) {
  const endpoint = await ports.endpoints.get(tenantId, endpointId);
  if (!endpoint) throw new EndpointNotFound(endpointId);
  if (endpoint.disabledAt !== undefined) throw new EndpointDisabled(endpointId);
  return endpoint;
}

/**
 * `POST …/deliveries/{messageId}/replay`: the finished message is sent again, same `webhook-id`
 * and body, with a fresh retry schedule; its attempts continue its count. 409 while it is pending.
 */
export async function replayMessage(
  ports: ReplayPorts,
  command: { readonly tenantId: string; readonly endpointId: string; readonly messageId: string },
): Promise<{ messageId: string }> {
  await enabledEndpoint(ports, command.tenantId, command.endpointId);
  const message = await ports.messages.get(command.tenantId, command.endpointId, command.messageId);
  if (!message) throw new MessageNotFound(command.messageId);
  const reopened = await ports.messages.reopen(message, ports.clock.now().toISOString());
  if (!reopened) throw new MessagePending(command.messageId);
  await handOver(ports, [reopened]);
  return { messageId: reopened.messageId };
}

/** `POST …/recover {since}`: every failed message of the endpoint created since then, replayed. */
export async function recoverFailed(
  ports: ReplayPorts,
  command: { readonly tenantId: string; readonly endpointId: string; readonly since: Date },
): Promise<{ recovered: number; messageIds: string[] }> {
  await enabledEndpoint(ports, command.tenantId, command.endpointId);
  const failed = await ports.messages.failedSince(command.tenantId, command.endpointId, command.since);
  const reopened: Message[] = [];
  for (const message of failed) {
    const again = await ports.messages.reopen(message, ports.clock.now().toISOString());
    if (again) reopened.push(again);
  }
  for (let start = 0; start < reopened.length; start += 10) await handOver(ports, reopened.slice(start, start + 10));
  return { recovered: reopened.length, messageIds: reopened.map((m) => m.messageId) };
}

/**
 * `POST …/test`: a `webhook.test` message to this endpoint alone, whatever it subscribes to,
 * delivered and retried like any other (its attempts are in the delivery log).
 */
export async function sendTestEvent(
  ports: ReplayPorts,
  command: { readonly tenantId: string; readonly endpointId: string },
): Promise<{ messageId: string; eventType: string }> {
  const endpoint = await enabledEndpoint(ports, command.tenantId, command.endpointId);
  const now = ports.clock.now();
  const message: Message = {
    tenantId: endpoint.tenantId,
    endpointId: endpoint.endpointId,
    messageId: messageIdFor(endpoint.endpointId, randomUUID(), now),
    eventType: TEST_EVENT_TYPE,
    body: messageBody(TEST_EVENT_TYPE, now, {
      endpointId: endpoint.endpointId,
      eventTypes: viewOf(endpoint, now).eventTypes,
      message: 'A test event from fleetops: verify its signature with your endpoint secret',
    }),
    createdAt: now.toISOString(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  };
  await ports.messages.create(message);
  await handOver(ports, [message]);
  return { messageId: message.messageId, eventType: TEST_EVENT_TYPE };
}

/** `GET …/deliveries`: the endpoint's attempts, newest first, in the contract's shape. */
export async function listDeliveries(
  ports: Pick<DeliveryPorts, 'endpoints' | 'messages'>,
  query: { readonly tenantId: string; readonly endpointId: string; readonly limit: number; readonly cursor?: string },
) {
  if (!(await ports.endpoints.get(query.tenantId, query.endpointId))) throw new EndpointNotFound(query.endpointId);
  const page = await ports.messages.attempts(query.tenantId, query.endpointId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return {
    items: page.items.map(({ tenantId: _t, endpointId: _e, ...attempt }) => attempt),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
