import { apiRequest } from './http.js';

/** The partner kinds and the schemes each may sign with (contract "Integrations", mirrors the API's SCHEMES_BY_KIND). */
export const SCHEMES_BY_KIND = {
  telematics: ['standard-webhooks', 'samsara', 'motive'],
  fuel_card: ['standard-webhooks'],
  billing: ['standard-webhooks', 'stripe'],
  helpdesk: ['standard-webhooks', 'zendesk'],
} as const;
export type PartnerKind = keyof typeof SCHEMES_BY_KIND;
export type SchemeName = (typeof SCHEMES_BY_KIND)[PartnerKind][number];

/** The event types an outbound endpoint may subscribe to, in the contract's order. */
export const OUTBOUND_EVENT_TYPES = [
  'alert.raised',
  'alert.acknowledged',
  'alert.escalated',
  'alert.resolved',
  'ticket.created',
  'ticket.resolved',
  'maintenance.predicted',
  'vehicle.position',
  'endpoint.disabled',
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/** The partner API scopes an API key may carry. */
export const API_SCOPES = [
  'telemetry:write',
  'vehicles:read',
  'alerts:read',
  'alerts:write',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A page of a list route. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** `GET /v1/partners` item: never a secret. */
export interface PartnerSummary {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly scheme: SchemeName;
  readonly createdAt: string;
  readonly secretCreatedAt: string;
  readonly previousSecretRetiresAt?: string;
}

/** An outbound endpoint as the API shows it. */
export interface EndpointView {
  readonly endpointId: string;
  readonly url: string;
  readonly description?: string;
  readonly eventTypes: readonly OutboundEventType[];
  readonly rateLimitPerSecond: number;
  readonly status: 'enabled' | 'disabled';
  readonly disabledAt?: string;
  readonly disabledReason?: 'gone' | 'failing' | 'manual';
  readonly failingSince?: string;
  readonly lastSuccessAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly secretCreatedAt: string;
  readonly previousSecretRetiresAt?: string;
}

/** One attempt of the delivery log. */
export interface DeliveryAttempt {
  readonly messageId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly status: 'succeeded' | 'failed' | 'pending';
  readonly responseStatus?: number;
  readonly durationMs?: number;
  readonly at: string;
  readonly nextAttemptAt?: string;
  readonly responseBody?: string;
  readonly error?: string;
}

/** `GET /v1/api-keys` item: the prefix, never the key. */
export interface ApiKeySummary {
  readonly apiKeyId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly ApiScope[];
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

const id = encodeURIComponent;

/** Records per page of the admin lists; "Load more" reads the next page by its cursor. */
export const ADMIN_PAGE_SIZE = 20;

/** `?limit=…&cursor=…` of a list route's page. */
function pageQuery(cursor: string | undefined, limit = ADMIN_PAGE_SIZE): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/** `GET /v1/partners` */
export const listPartners = (cursor?: string) => apiRequest<Page<PartnerSummary>>(`/v1/partners?${pageQuery(cursor)}`);

/** `POST /v1/partners` → the partner and its secret, shown once. */
export const registerPartner = (body: { name: string; kind: PartnerKind; scheme: SchemeName }) =>
  apiRequest<PartnerSummary & { secret: string }>('/v1/partners', { method: 'POST', body });

/** `POST /v1/partners/{id}/rotate-secret` → the new secret; the old one verifies 24 hours more. */
export const rotatePartnerSecret = (partnerId: string) =>
  apiRequest<PartnerSummary & { secret: string }>(`/v1/partners/${id(partnerId)}/rotate-secret`, { method: 'POST' });

/** `GET /v1/webhook-endpoints` */
export const listEndpoints = (cursor?: string) =>
  apiRequest<Page<EndpointView>>(`/v1/webhook-endpoints?${pageQuery(cursor)}`);

/** `POST /v1/webhook-endpoints` → the endpoint and its signing secret, shown once. */
export const createEndpoint = (body: { url: string; eventTypes: OutboundEventType[]; description?: string }) =>
  apiRequest<EndpointView & { secret: string }>('/v1/webhook-endpoints', { method: 'POST', body });

/** `GET /v1/webhook-endpoints/{id}` */
export const getEndpoint = (endpointId: string) => apiRequest<EndpointView>(`/v1/webhook-endpoints/${id(endpointId)}`);

/** `PATCH /v1/webhook-endpoints/{id}` */
export const updateEndpoint = (
  endpointId: string,
  body: {
    enabled?: boolean;
    url?: string;
    eventTypes?: OutboundEventType[];
    /** null removes it. */
    description?: string | null;
    rateLimitPerSecond?: number;
  },
) => apiRequest<EndpointView>(`/v1/webhook-endpoints/${id(endpointId)}`, { method: 'PATCH', body });

/** `DELETE /v1/webhook-endpoints/{id}` */
export const deleteEndpoint = (endpointId: string) =>
  apiRequest<void>(`/v1/webhook-endpoints/${id(endpointId)}`, { method: 'DELETE' });

/** `POST /v1/webhook-endpoints/{id}/rotate-secret` → the new secret. */
export const rotateEndpointSecret = (endpointId: string) =>
  apiRequest<EndpointView & { secret: string }>(`/v1/webhook-endpoints/${id(endpointId)}/rotate-secret`, {
    method: 'POST',
  });

/** `GET /v1/webhook-endpoints/{id}/deliveries`: attempts, newest first. */
export const listDeliveries = (endpointId: string, cursor?: string) =>
  apiRequest<Page<DeliveryAttempt>>(`/v1/webhook-endpoints/${id(endpointId)}/deliveries?${pageQuery(cursor)}`);

/** `POST /v1/webhook-endpoints/{id}/test` */
export const sendTestEvent = (endpointId: string) =>
  apiRequest<{ messageId: string; eventType: string }>(`/v1/webhook-endpoints/${id(endpointId)}/test`, {
    method: 'POST',
  });

/** `POST /v1/webhook-endpoints/{id}/deliveries/{messageId}/replay` */
export const replayMessage = (endpointId: string, messageId: string) =>
  apiRequest<{ messageId: string }>(`/v1/webhook-endpoints/${id(endpointId)}/deliveries/${id(messageId)}/replay`, {
    method: 'POST',
  });

/** `POST /v1/webhook-endpoints/{id}/recover {since}` */
export const recoverFailed = (endpointId: string, since: string) =>
  apiRequest<{ recovered: number; messageIds: string[] }>(`/v1/webhook-endpoints/${id(endpointId)}/recover`, {
    method: 'POST',
    body: { since },
  });

/** `GET /v1/api-keys` */
export const listApiKeys = (cursor?: string) => apiRequest<Page<ApiKeySummary>>(`/v1/api-keys?${pageQuery(cursor)}`);

/** `POST /v1/api-keys` → the key, shown once. */
export const createApiKey = (body: { name: string; scopes: ApiScope[] }) =>
  apiRequest<ApiKeySummary & { key: string }>('/v1/api-keys', { method: 'POST', body });

/** `DELETE /v1/api-keys/{id}`: revoked at once. */
export const revokeApiKey = (apiKeyId: string) =>
  apiRequest<void>(`/v1/api-keys/${id(apiKeyId)}`, { method: 'DELETE' });

/** `GET /v1/oauth-clients` item: never the secret (docs/adr/0113). */
export interface OAuthClientSummary {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** `GET /v1/oauth-clients` */
export const listOAuthClients = (cursor?: string) =>
  apiRequest<Page<OAuthClientSummary>>(`/v1/oauth-clients?${pageQuery(cursor)}`);

/** `POST /v1/oauth-clients` → the client and its secret, shown once. */
export const createOAuthClient = (body: { name: string; scopes: ApiScope[] }) =>
  apiRequest<OAuthClientSummary & { clientSecret: string }>('/v1/oauth-clients', { method: 'POST', body });

/** `DELETE /v1/oauth-clients/{clientId}`: its tokens stop working at once. */
export const revokeOAuthClient = (clientId: string) =>
  apiRequest<void>(`/v1/oauth-clients/${id(clientId)}`, { method: 'DELETE' });

/** `GET /v1/openapi.json` (public). */
export const openApiDocument = () => apiRequest<OpenApiDocument>('/v1/openapi.json');

/** The parts of an OpenAPI 3.1 document the reference page reads. */
export interface OpenApiDocument {
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, JsonSchema>> };
}

export interface OpenApiOperation {
  readonly operationId?: string;
  readonly tags?: readonly string[];
  readonly summary?: string;
  readonly description?: string;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  readonly parameters?: readonly {
    readonly name: string;
    readonly in: string;
    readonly required?: boolean;
    readonly description?: string;
    readonly schema?: JsonSchema;
  }[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>> };
  readonly responses?: Readonly<
    Record<
      string,
      { readonly description?: string; readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>> }
    >
  >;
}

/** A JSON Schema (2020-12) node, loosely. */
export type JsonSchema = { readonly [key: string]: unknown };
