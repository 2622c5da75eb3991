import type { IncomingMessage, ServerResponse } from 'node:http';
import { PARTNER_ACCESS_TOKEN_MINUTES } from '../../functions/modules/integrations/adapters/cognito-oauth-client-directory.js';
import { PayloadTooLarge, readBody, sendJson } from '../gateway/http-util.js';
import type { LocalIssuer } from './local-issuer.js';
import type { LocalOAuthClients } from './local-oauth-clients.js';

/** RFC 6749 §5.2 error codes the token endpoint answers with. */
export type TokenError =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** Neither a token nor an error may be cached (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

function fail(
  response: ServerResponse,
  status: 400 | 401 | 413,
  error: TokenError,
  description: string,
  basic = false,
): number {
  sendJson(
    response,
    status,
    { error, error_description: description },
    {
      ...NO_STORE,
      // RFC 6749 §5.2: a client that authenticated with HTTP Basic learns the scheme it must use.
      ...(status === 401 && basic ? { 'www-authenticate': 'Basic realm="fleetops"' } : {}),
    },
  );
  return status;
}

/** `client_id:client_secret` of an HTTP Basic header (each part form-decoded, RFC 6749 §2.3.1). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | null {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '')?.[1];
  if (header === undefined) return undefined;
  if (!encoded) return null;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return part;
    }
  };
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
}

/**
 * The local twin of the user pool domain's `POST /oauth2/token` for the client credentials grant
 * (docs/adr/0113), as Cognito answers it: a form-encoded body, the client authenticated by HTTP
 * Basic or by `client_id`/`client_secret` in the form (not both), `scope` an optional
 * space-separated subset of the client's allowed scopes (all of them when absent); answers
 * `{access_token, token_type: "Bearer", expires_in}` or RFC 6749 §5.2's `{error}`:
 * `invalid_client` 401, `invalid_request`, `unsupported_grant_type`, `invalid_scope` 400.
 */
export async function handleTokenRequest(
  parts: { readonly issuer: LocalIssuer; readonly clients: LocalOAuthClients },
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number> {
  let text: string;
  try {
    text = (await readBody(request, 16 * 1024)).toString('utf8');
  } catch (error) {
    if (error instanceof PayloadTooLarge) return fail(response, 413, 'invalid_request', 'Body too large');
    throw error;
  }
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    return fail(response, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(text);
  for (const name of ['grant_type', 'client_id', 'client_secret', 'scope']) {
    if (form.getAll(name).length > 1) return fail(response, 400, 'invalid_request', `${name} given more than once`);
  }
  const grantType = form.get('grant_type');
  if (!grantType) return fail(response, 400, 'invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') {
    return fail(response, 400, 'unsupported_grant_type', 'Only client_credentials is supported here');
  }

  const basic = basicCredentials(request.headers.authorization);
  if (basic === null) return fail(response, 401, 'invalid_client', 'Malformed Basic credentials', true);
  const formId = form.get('client_id');
  const formSecret = form.get('client_secret');
  if (basic && formSecret !== null) {
    return fail(response, 400, 'invalid_request', 'Use one client authentication method, not two');
  }
  if (basic && formId !== null && formId !== basic.id) {
    return fail(response, 400, 'invalid_request', 'client_id differs from the Basic credentials');
  }
  const id = basic?.id ?? formId;
  const secret = basic?.secret ?? formSecret;
  const client = id && secret ? parts.clients.authenticate(id, secret) : undefined;
  if (!client) return fail(response, 401, 'invalid_client', 'Client authentication failed', basic !== undefined);

  const requested = form.get('scope');
  let scopes: readonly string[] = client.allowedScopes;
  if (requested !== null) {
    const asked = requested.split(' ').filter(Boolean);
    if (asked.length === 0 || asked.some((scope) => !client.allowedScopes.includes(scope))) {
      return fail(response, 400, 'invalid_scope', 'A requested scope is not allowed for this client');
    }
    scopes = [...new Set(asked)];
  }
  if (scopes.length === 0) return fail(response, 400, 'invalid_scope', 'The client has no scopes');
  const expiresIn = PARTNER_ACCESS_TOKEN_MINUTES * 60;
  const accessToken = await parts.issuer.issueAccessToken({
    clientId: client.clientId,
    scope: scopes.join(' '),
    expiresInSeconds: expiresIn,
  });
  sendJson(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }, NO_STORE);
  return 200;
}
