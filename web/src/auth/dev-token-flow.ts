import type { DemoUser } from './demo-users.js';
import { expiryOf, type Session } from './session.js';

/** Sign-in on the local stack: `POST /dev/token` for a demo user (local/gateway/dev-routes.ts). */
export interface DemoSignInFlow {
  readonly kind: 'demo';
  signInAs(user: DemoUser): Promise<Session>;
  /** Local tokens cannot be refreshed; a new one is issued for the same user. */
  refresh(session: Session): Promise<Session>;
  /** Local tokens are stateless: nothing to revoke. */
  signOut(session: Session): Promise<void>;
  /** A token for another identity of the same tenant (the seed-fault demo posts as the partner). */
  issueToken(tenantId: string, userId: string, roles: readonly string[]): Promise<string>;
}

/** The local-stack flow against `devTokenUrl`. */
export function demoSignInFlow(devTokenUrl: string, fetchFn: typeof fetch = fetch): DemoSignInFlow {
  const issueToken = async (tenantId: string, userId: string, roles: readonly string[]): Promise<string> => {
    const response = await fetchFn(devTokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId, roles }),
    });
    const body = (await response.json().catch(() => ({}))) as { token?: string; message?: string };
    if (!response.ok || !body.token) throw new Error(body.message ?? `Sign-in failed (${response.status})`);
    return body.token;
  };
  const sessionFor = async (user: Session['user']): Promise<Session> => {
    const idToken = await issueToken(user.tenantId, user.userId, user.roles);
    return { flow: 'demo', idToken, expiresAt: expiryOf(idToken), user };
  };
  return {
    kind: 'demo',
    signInAs: (user) =>
      sessionFor({
        tenantId: user.tenantId,
        tenantName: user.tenantName,
        userId: user.userId,
        name: user.name,
        roles: user.roles,
      }),
    refresh: (session) => sessionFor(session.user),
    signOut: async () => {},
    issueToken,
  };
}
