import type { AccessTokenVerifier } from '../../../platform/auth/access-token-verifier.js';
import type { AuthorizerContext } from '../../../platform/auth/authorizer-context.js';
import { authorizerContextOf } from '../../../platform/auth/authorizer-context.js';
import type { Identity } from '../../../platform/auth/identity.js';
import { InvalidToken } from '../../../platform/auth/token-verifier.js';
import { API_KEY_ROLE, type ApiScope } from '../domain/api-key.js';
import {
  apiScopesOfTokenScope,
  OAUTH_CLIENT_ID_PATTERN,
  type OAuthClient,
  oauthUserIdOf,
} from '../domain/oauth-client.js';
import { OAuthClientNotFound } from '../errors.js';
import type { OAuthClientDirectory } from '../ports/oauth-client-directory.js';
import type { OAuthClientRepository } from '../ports/oauth-client-repository.js';

/** The ports the OAuth client routes need. */
export interface OAuthClientPorts {
  readonly oauthClients: OAuthClientRepository;
  readonly directory: OAuthClientDirectory;
  readonly clock: { now(): Date };
}

/** A client as its list shows it: never the secret (the identity provider alone holds it). */
export type OAuthClientSummary = Omit<OAuthClient, 'tenantId' | 'createdBy'>;

function summaryOf(client: OAuthClient): OAuthClientSummary {
  const { tenantId: _tenant, createdBy: _by, ...summary } = client;
  return summary;
}

/**
 * `POST /v1/oauth-clients`: an app client at the identity provider (client credentials only, these
 * scopes), then its mapping to the caller's tenant. Answered once with the secret. If the mapping
 * cannot be written the app client is deleted again; one left behind would get tokens the
 * authorizer refuses (no mapping, no tenant), never another tenant's access.
 */
export async function createOAuthClient(
  ports: OAuthClientPorts,
  command: {
    readonly tenantId: string;
    readonly userId: string;
    readonly name: string;
    readonly scopes: readonly ApiScope[];
  },
): Promise<OAuthClientSummary & { readonly clientSecret: string }> {
  const scopes = [...new Set(command.scopes)];
  const registered = await ports.directory.register({ name: `${command.tenantId}:${command.name}`, scopes });
  const client: OAuthClient = {
    tenantId: command.tenantId,
    clientId: registered.clientId,
    name: command.name,
    scopes,
    createdAt: ports.clock.now().toISOString(),
    createdBy: command.userId,
  };
  try {
    await ports.oauthClients.create(client);
  } catch (error) {
    await ports.directory.remove(registered.clientId).catch(() => {});
    throw error;
  }
  return { ...summaryOf(client), clientSecret: registered.clientSecret };
}

/** `GET /v1/oauth-clients`. */
export async function listOAuthClients(
  ports: Pick<OAuthClientPorts, 'oauthClients'>,
  command: { readonly tenantId: string; readonly limit: number; readonly cursor?: string },
): Promise<{ readonly items: readonly OAuthClientSummary[]; readonly nextCursor?: string }> {
  const page = await ports.oauthClients.list(command.tenantId, command);
  return { items: page.items.map(summaryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * `DELETE /v1/oauth-clients/{clientId}`: the mapping is revoked first (its tokens stop at the
 * authorizer at once), then the app client is deleted (it gets no more tokens: `invalid_client`).
 * Repeating it finishes a deletion that failed half-way.
 */
export async function revokeOAuthClient(
  ports: OAuthClientPorts,
  command: { readonly tenantId: string; readonly clientId: string },
): Promise<void> {
  const revoked = await ports.oauthClients.revoke(command.tenantId, command.clientId, ports.clock.now().toISOString());
  if (!revoked) throw new OAuthClientNotFound(command.clientId);
  await ports.directory.remove(command.clientId);
}

/**
 * Who a verified access token is: the tenant from the mapping of its verified `client_id` (never
 * from anything the caller sends), the scopes both the token and the mapping grant. Undefined for
 * an unknown or revoked client (401).
 */
export async function principalOfAccessToken(
  ports: { readonly oauthClients: Pick<OAuthClientRepository, 'find'> },
  token: { readonly clientId: string; readonly scope: string },
): Promise<Identity | undefined> {
  if (!OAUTH_CLIENT_ID_PATTERN.test(token.clientId)) return undefined;
  const client = await ports.oauthClients.find(token.clientId);
  if (!client || client.revokedAt !== undefined) return undefined;
  const granted = apiScopesOfTokenScope(token.scope);
  return {
    tenantId: client.tenantId,
    userId: oauthUserIdOf(client.clientId),
    roles: [API_KEY_ROLE] as Identity['roles'],
    scopes: client.scopes.filter((scope) => granted.includes(scope)),
  };
}

/** What the HTTP authorizer decides for a request's OAuth2 access token. */
export type AccessTokenDecision =
  | { readonly kind: 'absent' }
  | { readonly kind: 'denied'; readonly reason: string }
  | { readonly kind: 'allowed'; readonly context: AuthorizerContext };

/** `token_use` of a JWT, read without verification only to choose the verifier that then checks it. */
function tokenUseOf(token: string): unknown {
  try {
    const part = token.split('.')[1] ?? '';
    return (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { token_use?: unknown }).token_use;
  } catch {
    return undefined;
  }
}

/**
 * The HTTP authorizer's OAuth2 half, the same code in the Lambda authorizer and the local gateway
 * (docs/adr/0113): a bearer token that is not an access token is `absent` (the user-token path
 * decides); an access token is verified (signature, issuer, expiry, `token_use`), then mapped to
 * its tenant, or `denied`.
 */
export async function decideAccessToken(
  ports: { readonly accessTokens: AccessTokenVerifier; readonly oauthClients: Pick<OAuthClientRepository, 'find'> },
  headers: Readonly<Record<string, string | undefined>>,
): Promise<AccessTokenDecision> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '')?.[1];
  if (!bearer || tokenUseOf(bearer) !== 'access') return { kind: 'absent' };
  let verified: Awaited<ReturnType<AccessTokenVerifier['verify']>>;
  try {
    verified = await ports.accessTokens.verify(bearer);
  } catch (error) {
    if (error instanceof InvalidToken) return { kind: 'denied', reason: `invalid access token: ${error.message}` };
    throw error;
  }
  const identity = await principalOfAccessToken(ports, verified);
  if (!identity) return { kind: 'denied', reason: 'unknown or revoked OAuth client' };
  return { kind: 'allowed', context: authorizerContextOf(identity, 'oauthClient') };
}
