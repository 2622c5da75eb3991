import { describe, expect, it } from 'vitest';
import type { OAuthClientDirectory } from '../../functions/modules/integrations/ports/oauth-client-directory.js';

/** An adapter under test, and what its identity provider holds (to see the effect of a call). */
export interface OAuthClientDirectoryUnderTest {
  readonly directory: OAuthClientDirectory;
  /** The allowed scopes of a client the provider would issue tokens to for that secret, else undefined. */
  allowedScopes(clientId: string, secret: string): Promise<readonly string[] | undefined>;
}

/**
 * What every OAuthClientDirectory must do (one contract suite per port, docs/adr/0113): the local
 * issuer's client store runs it, and so does the Cognito adapter against a Cognito stand-in speaking
 * the service's JSON 1.1 protocol to the real SDK client.
 */
export function describeOAuthClientDirectoryContract(
  name: string,
  create: () => Promise<OAuthClientDirectoryUnderTest> | OAuthClientDirectoryUnderTest,
): void {
  describe(`OAuthClientDirectory contract: ${name}`, () => {
    it('registers a confidential client with exactly the resource server scopes it was given', async () => {
      const { directory, allowedScopes } = await create();

      const client = await directory.register({
        name: 'acme:Samsara relay',
        scopes: ['telemetry:write', 'vehicles:read'],
      });

      expect(client.clientId).toMatch(/^[a-z0-9]{1,128}$/);
      expect(client.clientSecret.length).toBeGreaterThanOrEqual(32);
      expect(await allowedScopes(client.clientId, client.clientSecret)).toEqual([
        'fleetops/telemetry:write',
        'fleetops/vehicles:read',
      ]);
      expect(await allowedScopes(client.clientId, `${client.clientSecret}x`)).toBeUndefined();
    });

    it('gives every client its own id and secret', async () => {
      const { directory } = await create();

      const first = await directory.register({ name: 'acme:a', scopes: ['alerts:read'] });
      const second = await directory.register({ name: 'acme:a', scopes: ['alerts:read'] });

      expect(first.clientId).not.toBe(second.clientId);
      expect(first.clientSecret).not.toBe(second.clientSecret);
    });

    it('removes a client (idempotently, an unknown one too) and leaves the others', async () => {
      const { directory, allowedScopes } = await create();
      const gone = await directory.register({ name: 'acme:gone', scopes: ['alerts:write'] });
      const kept = await directory.register({ name: 'acme:kept', scopes: ['alerts:write'] });

      await directory.remove(gone.clientId);
      await directory.remove(gone.clientId);
      await directory.remove('zzzzzzzzzzzzzzzzzzzzzzzzzz');

      expect(await allowedScopes(gone.clientId, gone.clientSecret)).toBeUndefined();
      expect(await allowedScopes(kept.clientId, kept.clientSecret)).toEqual(['fleetops/alerts:write']);
    });
  });
}
