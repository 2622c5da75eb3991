import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROLES as SERVER_ROLES } from '../../functions/platform/wiring/roles.js';
import { DEMO_TENANTS } from '../../local/seed/demo-data.js';
import { DEMO_USERS, DEMO_VEHICLES } from '../../web/src/auth/demo-users.js';
import { codeChallenge, decodeJwtClaims, randomUrlSafe } from '../../web/src/auth/pkce.js';
import { ROLES, rolesFromClaim } from '../../web/src/auth/roles.js';
import { backoffDelay } from '../../web/src/realtime/backoff.js';

/** The web app's DOM-free modules, and the copies it keeps of server facts. */
describe('web modules', () => {
  it('knows the same roles as the server', () => {
    expect([...ROLES]).toEqual([...SERVER_ROLES]);
    expect(rolesFromClaim(['dispatcher', 'pilot'])).toEqual(['dispatcher']);
    expect(rolesFromClaim('admin driver')).toEqual(['admin', 'driver']);
  });

  it('offers only demo users and vehicles the local stack seeds', () => {
    for (const user of DEMO_USERS) {
      const tenant = DEMO_TENANTS.find((t) => t.tenant.tenantId === user.tenantId);
      expect(tenant?.tenant.name).toBe(user.tenantName);
      const seeded = tenant?.users.find((u) => u.userId === user.userId);
      expect(seeded, user.userId).toMatchObject({ name: user.name, roles: [...user.roles] });
    }
    expect(new Set(DEMO_USERS.filter((u) => u.tenantId === 'acme').flatMap((u) => u.roles))).toEqual(new Set(ROLES));
    for (const tenant of DEMO_TENANTS) {
      expect(DEMO_VEHICLES[tenant.tenant.tenantId]).toEqual(tenant.vehicles.map((v) => v.vehicleId));
    }
  });

  it('makes S256 PKCE challenges as RFC 7636 defines them', async () => {
    // RFC 7636 appendix B.
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const verifier = randomUrlSafe(48);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(await codeChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    const claims = { sub: 'ü-user', exp: 1 };
    const jwt = `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    expect(decodeJwtClaims(jwt)).toEqual(claims);
  });

  it('backs off with full jitter between 250 ms and a cap that doubles to 30 s', () => {
    expect([0, 1, 2, 5, 10].map((attempt) => backoffDelay(attempt, () => 1))).toEqual([
      1000, 2000, 4000, 30_000, 30_000,
    ]);
    expect(backoffDelay(3, () => 0)).toBe(250);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
  });
});
