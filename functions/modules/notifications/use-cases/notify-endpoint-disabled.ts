import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { encodeTime } from 'ulid';
import type { User } from '../../fleet/domain/fleet.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import type { ConnectionGateway } from '../../realtime/ports/connection-gateway.js';
import type { ConnectionRepository } from '../../realtime/ports/connection-repository.js';
import type { EndpointDisabledEvent } from '../../webhooks/events.js';
import type { Inbox, InboxNotification } from '../ports/inbox.js';
import { NOTIFICATION_CREATED_FRAME } from './notify-people.js';

/** What telling the admins about a disabled webhook endpoint needs. */
export interface EndpointDisabledPorts {
  readonly fleet: Pick<FleetRepository, 'listUsers'>;
  readonly inbox: Pick<Inbox, 'add'>;
  readonly connections: Pick<ConnectionRepository, 'listByUsers'>;
  readonly gateway: Pick<ConnectionGateway, 'post'>;
  readonly logger: Logger;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The inbox id of one admin's notice of one disablement: a ULID whose time is the disablement and
 * whose randomness is a digest of (tenant, endpoint, disabledAt, user), so a redelivered event
 * writes the same item (the inbox keeps one per id) and the notice sorts where it happened.
 */
export function disabledNoticeId(event: EndpointDisabledEvent, userId: string): string {
  const digest = createHash('sha256')
    .update(`${event.tenantId}\n${event.endpointId}\n${event.disabledAt}\n${userId}`)
    .digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] ?? 0) & 31];
  return `${encodeTime(Date.parse(event.disabledAt), 10)}${random}`;
}

/** Why, in the admins' words. */
function reasonText(event: EndpointDisabledEvent): string {
  switch (event.reason) {
    case 'gone':
      return 'it answered 410 Gone';
    case 'failing':
      return `every delivery failed since ${event.failingSince ?? 'five days ago'}`;
    case 'manual':
      return 'an admin disabled it';
  }
}

/**
 * `endpoint.disabled` (from the webhooks module) → one in-app notice to each admin of the tenant,
 * and a `notification.created` frame to their open sockets (best effort: the inbox has it). Only
 * the tenant's own users are read; a redelivered event adds nothing.
 */
export async function notifyEndpointDisabled(ports: EndpointDisabledPorts, event: EndpointDisabledEvent) {
  const admins = (await ports.fleet.listUsers(event.tenantId)).filter(
    (user: User) => user.tenantId === event.tenantId && user.roles.includes('admin'),
  );
  if (admins.length === 0) return [];
  const connections = await ports.connections.listByUsers(
    event.tenantId,
    admins.map((admin) => admin.userId),
  );
  const notices = admins.map(
    (admin): InboxNotification => ({
      notificationId: disabledNoticeId(event, admin.userId),
      tenantId: event.tenantId,
      userId: admin.userId,
      severity: 'HIGH',
      kind: 'system',
      title: 'Webhook endpoint disabled',
      body: `Deliveries to ${event.url} stopped: ${reasonText(event)}. Fix the receiver, then enable the endpoint and recover the failed messages.`,
      createdAt: event.disabledAt,
    }),
  );
  await Promise.all(
    notices.map(async (notice) => {
      await ports.inbox.add(notice);
      const sockets = connections.filter((c) => c.tenantId === event.tenantId && c.userId === notice.userId);
      await Promise.all(
        sockets.map((c) =>
          ports.gateway
            .post(c.connectionId, { type: NOTIFICATION_CREATED_FRAME, data: notice })
            .catch((error: unknown) =>
              ports.logger.info('notification.created frame not delivered', {
                connectionId: c.connectionId,
                error: String(error),
              }),
            ),
        ),
      );
    }),
  );
  return notices;
}
