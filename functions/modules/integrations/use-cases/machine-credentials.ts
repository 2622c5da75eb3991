import type { AuthorizerContext } from '../../../platform/auth/authorizer-context.js';
import { type ApiKeyPorts, decideApiKey } from './api-keys.js';
import { decideAccessToken } from './oauth-clients.js';

/** What the HTTP authorizer decides for a partner's credential (an API key or an OAuth2 access token). */
export type MachineCredentialDecision =
  | { readonly kind: 'absent' }
  | { readonly kind: 'denied'; readonly reason: string }
  | { readonly kind: 'allowed'; readonly context: AuthorizerContext };

/**
 * The partner half of the HTTP authorizer, the same code in the Lambda authorizer and the local
 * gateway (docs/adr/0108, 0113): an API key if one is presented, else a client credentials access
 * token; `absent` leaves the request to the user-token path.
 */
export async function decideMachineCredential(
  ports: Parameters<typeof decideApiKey>[0] & Parameters<typeof decideAccessToken>[0] & Pick<ApiKeyPorts, 'clock'>,
  headers: Readonly<Record<string, string | undefined>>,
  onTouchError?: (error: unknown) => void,
): Promise<MachineCredentialDecision> {
  const key = await decideApiKey(ports, headers, onTouchError);
  if (key.kind === 'allowed') return key;
  if (key.kind === 'denied') return { kind: 'denied', reason: 'invalid or revoked API key' };
  return decideAccessToken(ports, headers);
}
