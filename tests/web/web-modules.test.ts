import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ALERT_STATUSES as SERVER_ALERT_STATUSES,
  SEVERITIES as SERVER_SEVERITIES,
} from '../../functions/modules/alerts/domain/alert.js';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import { ROLES as SERVER_ROLES } from '../../functions/platform/wiring/roles.js';
import { DEMO_TENANTS } from '../../local/seed/demo-data.js';
import { ALERT_STATUSES, SEVERITIES } from '../../web/src/api/types.js';
import { DEMO_USERS, DEMO_VEHICLES } from '../../web/src/auth/demo-users.js';
import { codeChallenge, decodeJwtClaims, randomUrlSafe } from '../../web/src/auth/pkce.js';
import {
  ALERT_READER_ROLES,
  FLEET_EDITOR_ROLES,
  ROLES,
  rolesFromClaim,
  VEHICLE_READER_ROLES,
} from '../../web/src/auth/roles.js';
import { backoffDelay } from '../../web/src/realtime/backoff.js';
import { HELP_ROLES, TICKET_AGENT_ROLES } from '../../web/src/ui/chat/support-roles.js';
import { INTEGRATION_ADMIN_ROLES } from '../../web/src/ui/integrations/integration-roles.js';
import { ACKNOWLEDGER_ROLES } from '../../web/src/ui/navigation.js';
import { ESCALATION_EDITOR_ROLES, NOTIFIED_ROLES } from '../../web/src/ui/notifications/notification-roles.js';

/** The web app's DOM-free modules, and the copies it keeps of server facts. */
describe('web modules', () => {
  it('knows the same roles as the server', () => {
    expect([...ROLES]).toEqual([...SERVER_ROLES]);
    expect(rolesFromClaim(['dispatcher', 'pilot'])).toEqual(['dispatcher']);
    expect(rolesFromClaim('admin driver')).toEqual(['admin', 'driver']);
  });

  it('shows each screen to the roles its routes allow (the copies of the server lists cannot drift)', () => {
    // Every HTTP route of every declared function, with the roles its declaration allows.
    const routes = new Map<string, readonly string[]>();
    for (const declaration of FUNCTIONS) {
      for (const trigger of declaration.triggers) {
        if (trigger.kind === 'http') routes.set(`${trigger.method} ${trigger.path}`, trigger.roles ?? []);
      }
    }
    const allowed = (route: string) => {
      const roles = routes.get(route);
      if (!roles) throw new Error(`no declared route ${route}`);
      return new Set(roles);
    };
    const screens: [string, readonly string[], string[]][] = [
      ['alerts list', ALERT_READER_ROLES, ['GET /v1/alerts']],
      [
        'acknowledge and resolve',
        ACKNOWLEDGER_ROLES,
        ['POST /v1/alerts/{alertId}/acknowledge', 'POST /v1/alerts/{alertId}/resolve'],
      ],
      ['vehicles', VEHICLE_READER_ROLES, ['GET /v1/vehicles', 'GET /v1/vehicles/{vehicleId}']],
      [
        'rules and services editing',
        FLEET_EDITOR_ROLES,
        ['PUT /v1/rules/{ruleId}', 'POST /v1/vehicles/{vehicleId}/services'],
      ],
      [
        'notification inbox and preferences',
        NOTIFIED_ROLES,
        ['GET /v1/notifications', 'PUT /v1/me/notification-preferences'],
      ],
      ['escalation policies', ESCALATION_EDITOR_ROLES, ['PUT /v1/escalation-policies/{severity}']],
      ['integrations', INTEGRATION_ADMIN_ROLES, ['GET /v1/partners', 'GET /v1/api-keys', 'GET /v1/webhook-endpoints']],
      ['agent console', TICKET_AGENT_ROLES, ['POST /v1/tickets/{ticketId}/replies', 'GET /v1/canned-responses']],
    ];
    for (const [screen, roles, routesUsed] of screens) {
      for (const route of routesUsed) expect(new Set(roles), `${screen}: ${route}`).toEqual(allowed(route));
    }
    // Asking for help is a subset: every role offered the chat may start a conversation.
    for (const role of HELP_ROLES) expect(allowed('POST /v1/conversations').has(role), role).toBe(true);
    expect([...SEVERITIES]).toEqual([...SERVER_SEVERITIES]);
    expect([...ALERT_STATUSES]).toEqual([...SERVER_ALERT_STATUSES]);
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
