import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { count } from '../../../platform/observability/observability.js';
import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import { type ConnectionGateway, ConnectionGone } from '../../realtime/ports/connection-gateway.js';
import type { Connection, ConnectionRepository } from '../../realtime/ports/connection-repository.js';
import { SUPPORT_ROLES } from '../domain/access.js';
import type { Conversation } from '../domain/conversation.js';

/** The ports live delivery needs: realtime's connections of the tenant and the management API. */
export interface DeliveryPorts {
  readonly connections: Pick<ConnectionRepository, 'listByUsers' | 'listStaff'>;
  readonly gateway: Pick<ConnectionGateway, 'post'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Who of a conversation's tenant receives a frame. */
export type Audience = 'participants' | 'support' | 'owner';

/**
 * Whether a live connection receives a conversation's frames: same tenant (checked here again, not
 * only by the query), and the conversation's owner or — for `participants` and `support` — staff
 * who see the tenant's conversations. Another customer of the tenant never does.
 */
export function receives(
  connection: Connection,
  conversation: Pick<Conversation, 'tenantId' | 'ownerId'>,
  audience: Audience,
): boolean {
  if (connection.tenantId !== conversation.tenantId) return false;
  const owner = connection.userId === conversation.ownerId;
  const support = connection.roles.some((role) => SUPPORT_ROLES.includes(role));
  if (audience === 'owner') return owner;
  if (audience === 'support') return support && !owner;
  return owner || support;
}

/**
 * The sockets that may receive: the owner's, found by user, and the staff's (support roles are
 * staff roles), found in the staff index; never every socket of the tenant. A support agent who
 * owns the conversation is in both lists once.
 */
async function candidates(
  ports: DeliveryPorts,
  conversation: Pick<Conversation, 'tenantId' | 'ownerId'>,
  audience: Audience,
): Promise<Connection[]> {
  const [owners, staff] = await Promise.all([
    audience === 'support' ? [] : ports.connections.listByUsers(conversation.tenantId, [conversation.ownerId]),
    audience === 'owner' ? [] : ports.connections.listStaff(conversation.tenantId),
  ]);
  const byId = new Map([...owners, ...staff].map((c) => [c.connectionId, c]));
  return [...byId.values()];
}

/**
 * Pushes frames, in order, to every live connection of the audience; `except` (the connection a
 * typing frame came from) is skipped. A connection that is gone or fails is logged and skipped:
 * the messages are stored, and a client that missed a frame reads them back over HTTP.
 */
export async function deliverFrames(
  ports: DeliveryPorts,
  conversation: Pick<Conversation, 'tenantId' | 'ownerId'>,
  frames: readonly Frame[],
  options: { readonly audience?: Audience; readonly except?: string } = {},
): Promise<void> {
  if (frames.length === 0) return;
  const audience = options.audience ?? 'participants';
  const targets = (await candidates(ports, conversation, audience)).filter(
    (c) => c.connectionId !== options.except && receives(c, conversation, audience),
  );
  let sent = 0;
  await Promise.all(
    targets.map(async ({ connectionId }) => {
      for (const frame of frames) {
        try {
          await ports.gateway.post(connectionId, frame);
          sent++;
        } catch (error) {
          if (!(error instanceof ConnectionGone))
            ports.logger.warn('Chat frame push failed', { connectionId, error: error as Error });
          return;
        }
      }
    }),
  );
  count(ports.metrics, 'chatFramesSent', sent);
}
