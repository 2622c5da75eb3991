import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { JoseTokenVerifier } from '../../functions/platform/auth/jose-token-verifier.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer } from '../../local/auth/local-issuer.js';

describe('local JWT issuer', () => {
  it('issues RS256 ID tokens with the claims Cognito puts in them', async () => {
    const issuer = await LocalIssuer.create();

    const token = await issuer.issue({ tenantId: 'acme', userId: 'acme-dispatcher', roles: ['dispatcher', 'admin'] });

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: issuer.publicJwk.kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      sub: 'acme-dispatcher',
      'custom:tenantId': 'acme',
      'cognito:groups': ['dispatcher', 'admin'],
      token_use: 'id',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it('is verified by the same JoseTokenVerifier the handlers use, through its JWKS', async () => {
    const issuer = await LocalIssuer.create();
    const verifier = new JoseTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keySet() });

    const verified = await verifier.verify(await issuer.issue({ tenantId: 'globex', userId: 'u', roles: ['partner'] }));
    const expired = issuer.issue({ tenantId: 'globex', userId: 'u', roles: ['partner'], expiresInSeconds: -60 });

    expect(verified.identity).toEqual({ tenantId: 'globex', userId: 'u', roles: ['partner'] });
    await expect(verifier.verify(await expired)).rejects.toMatchObject({ name: 'InvalidToken' });
    expect(issuer.jwks.keys).toHaveLength(1);
    expect(issuer.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('keeps its key under the data directory, so tokens survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetops-issuer-'));
    try {
      const before = await LocalIssuer.create({ dataDir: dir });
      const token = await before.issue({ tenantId: 'acme', userId: 'u', roles: ['admin'] });

      const after = await LocalIssuer.create({ dataDir: dir });
      const verifier = new JoseTokenVerifier({ issuer: after.issuer, audience: after.audience, keys: after.keySet() });

      expect((await verifier.verify(token)).identity.userId).toBe('u');
      expect((await stat(join(dir, 'local-issuer-key.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
