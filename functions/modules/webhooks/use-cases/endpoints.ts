import type { FieldCipher } from '../../../platform/crypto/field-cipher.js';
import { ValidationFailed } from '../../../platform/errors.js';
import { activeSecrets, rotatedSecrets } from '../../integrations/domain/partner.js';
import { generateWebhookSecret } from '../../integrations/domain/webhook-secret.js';
import { describeRefusal } from '../domain/egress-rule.js';
import {
  DEFAULT_RATE_LIMIT_PER_SECOND,
  type Endpoint,
  type EndpointView,
  newEndpointId,
  viewOf,
} from '../domain/endpoint.js';
import type { OutboundEventType } from '../domain/event-types.js';
import { EndpointNotFound } from '../errors.js';
import type { EndpointRepository } from '../ports/endpoint-repository.js';
import type { WebhookTransport } from '../ports/webhook-transport.js';

/** The ports the endpoint registry needs. */
export interface EndpointPorts {
  readonly endpoints: EndpointRepository;
  readonly cipher: FieldCipher;
  readonly transport: Pick<WebhookTransport, 'refusal'>;
  readonly clock: { now(): Date };
}

/** An endpoint with the secret it was just given: shown once, stored only sealed. */
export interface EndpointWithSecret extends EndpointView {
  readonly secret: string;
}

/** What an endpoint's secret is bound to, so a sealed secret opens for nothing else. */
export function endpointSecretContext(endpoint: Pick<Endpoint, 'tenantId' | 'endpointId'>): Record<string, string> {
  return { tenantId: endpoint.tenantId, endpointId: endpoint.endpointId, purpose: 'outbound-webhook-secret' };
}

/** The secrets an endpoint signs with at `now`, in the clear: the current one first. */
export async function signingSecrets(
  ports: { readonly cipher: FieldCipher },
  endpoint: Endpoint,
  now: Date,
): Promise<string[]> {
  const context = endpointSecretContext(endpoint);
  return Promise.all(activeSecrets(endpoint, now).map((secret) => ports.cipher.decrypt(secret.sealed, context)));
}

function checkUrl(ports: Pick<EndpointPorts, 'transport'>, url: string): void {
  const refusal = ports.transport.refusal(url);
  if (refusal) throw new ValidationFailed([{ path: 'url', message: describeRefusal(refusal) }]);
}

async function existing(ports: Pick<EndpointPorts, 'endpoints'>, tenantId: string, endpointId: string) {
  const endpoint = await ports.endpoints.get(tenantId, endpointId);
  if (!endpoint) throw new EndpointNotFound(endpointId);
  return endpoint;
}

/** `POST /v1/webhook-endpoints`: a new endpoint with a server-generated secret, sealed before it is stored. */
export async function createEndpoint(
  ports: EndpointPorts,
  command: {
    readonly tenantId: string;
    readonly url: string;
    readonly eventTypes: readonly OutboundEventType[];
    readonly description?: string;
    readonly rateLimitPerSecond?: number;
  },
): Promise<EndpointWithSecret> {
  checkUrl(ports, command.url);
  const now = ports.clock.now();
  const endpointId = newEndpointId();
  const secret = generateWebhookSecret();
  const sealed = await ports.cipher.encrypt(secret, endpointSecretContext({ tenantId: command.tenantId, endpointId }));
  const endpoint = await ports.endpoints.create({
    tenantId: command.tenantId,
    endpointId,
    url: command.url,
    ...(command.description === undefined ? {} : { description: command.description }),
    eventTypes: [...new Set(command.eventTypes)],
    rateLimitPerSecond: command.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    secrets: [{ sealed, createdAt: now.toISOString() }],
  });
  return { ...viewOf(endpoint, now), secret };
}

/** `GET /v1/webhook-endpoints`. */
export async function listEndpoints(
  ports: Pick<EndpointPorts, 'endpoints' | 'clock'>,
  query: { readonly tenantId: string; readonly limit: number; readonly cursor?: string },
): Promise<{ items: EndpointView[]; nextCursor?: string }> {
  const page = await ports.endpoints.list(query.tenantId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  const now = ports.clock.now();
  return { items: page.items.map((e) => viewOf(e, now)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** `GET /v1/webhook-endpoints/{id}`. */
export async function getEndpoint(
  ports: Pick<EndpointPorts, 'endpoints' | 'clock'>,
  command: { readonly tenantId: string; readonly endpointId: string },
): Promise<EndpointView> {
  return viewOf(await existing(ports, command.tenantId, command.endpointId), ports.clock.now());
}

/** The fields `PATCH` may change; `description: null` removes it, `enabled` disables or re-enables. */
export interface EndpointChanges {
  readonly url?: string;
  readonly eventTypes?: readonly OutboundEventType[];
  readonly description?: string | null;
  readonly rateLimitPerSecond?: number;
  readonly enabled?: boolean;
}

/**
 * `PATCH /v1/webhook-endpoints/{id}`. Re-enabling clears the disablement and the failure streak
 * (the 5 days start again); disabling by hand is `disabledReason: "manual"` and announces nothing.
 */
export async function updateEndpoint(
  ports: EndpointPorts,
  command: { readonly tenantId: string; readonly endpointId: string; readonly changes: EndpointChanges },
): Promise<EndpointView> {
  const { changes } = command;
  if (changes.url !== undefined) checkUrl(ports, changes.url);
  const current = await existing(ports, command.tenantId, command.endpointId);
  const now = ports.clock.now();
  const { rev: _rev, description, disabledAt, disabledReason, disabledAnnouncedAt, failingSince, ...rest } = current;
  const enabled = changes.enabled ?? disabledAt === undefined;
  const keepDisabled = !enabled && disabledAt !== undefined;
  const nextDescription = changes.description === null ? undefined : (changes.description ?? description);
  const next: Omit<Endpoint, 'rev'> = {
    ...rest,
    ...(changes.url === undefined ? {} : { url: changes.url }),
    ...(changes.eventTypes === undefined ? {} : { eventTypes: [...new Set(changes.eventTypes)] }),
    ...(changes.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: changes.rateLimitPerSecond }),
    ...(nextDescription === undefined ? {} : { description: nextDescription }),
    ...(enabled
      ? {}
      : keepDisabled
        ? {
            disabledAt,
            ...(disabledReason ? { disabledReason } : {}),
            ...(disabledAnnouncedAt ? { disabledAnnouncedAt } : {}),
          }
        : { disabledAt: now.toISOString(), disabledReason: 'manual' as const }),
    ...(enabled && disabledAt !== undefined ? {} : failingSince ? { failingSince } : {}),
    updatedAt: now.toISOString(),
  };
  return viewOf(await ports.endpoints.replace(current, next), now);
}

/** `DELETE /v1/webhook-endpoints/{id}`: pending messages find it gone and stop. */
export async function deleteEndpoint(
  ports: Pick<EndpointPorts, 'endpoints'>,
  command: { readonly tenantId: string; readonly endpointId: string },
): Promise<void> {
  if (!(await ports.endpoints.delete(command.tenantId, command.endpointId))) {
    throw new EndpointNotFound(command.endpointId);
  }
}

/**
 * `POST /v1/webhook-endpoints/{id}/rotate-secret`: a new secret, shown once; for 24 hours every
 * delivery is signed with both, so the partner can switch its verifier over without a failure.
 */
export async function rotateEndpointSecret(
  ports: EndpointPorts,
  command: { readonly tenantId: string; readonly endpointId: string },
): Promise<EndpointWithSecret> {
  const current = await existing(ports, command.tenantId, command.endpointId);
  const now = ports.clock.now();
  const secret = generateWebhookSecret();
  const sealed = await ports.cipher.encrypt(secret, endpointSecretContext(current));
  const { rev: _rev, ...rest } = current;
  const rotated = await ports.endpoints.replace(current, {
    ...rest,
    secrets: rotatedSecrets(current, sealed, now),
    updatedAt: now.toISOString(),
  });
  return { ...viewOf(rotated, now), secret };
}
