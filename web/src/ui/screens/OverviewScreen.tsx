import type { Role } from '../../auth/roles.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';

const WHAT_YOU_CAN_DO: Readonly<Record<Role, string>> = {
  admin: 'Watch and acknowledge your fleet’s alerts live. User, rule and webhook settings follow in a later release.',
  fleet_manager: 'Watch and acknowledge your fleet’s alerts live, and review recent alerts by severity and status.',
  dispatcher: 'Watch and acknowledge alerts as they are raised, and review recent ones.',
  agent: 'Read your tenant’s alerts for customer context. The agent console follows in a later release.',
  driver:
    'Safety alerts and maintenance reminders reach you by SMS. Your score, badges and support chat follow in a later release.',
  partner:
    'Send telemetry with POST /v1/telemetry and signed webhooks; your API keys and deliveries follow in a later release.',
};

/** What the signed-in roles can do here today: the home of drivers and partners. */
export function OverviewScreen() {
  const user = useStore(appStore, (s) => s.session?.user);
  if (!user) return null;
  const canReadAlerts = user.roles.some((r) => r !== 'driver' && r !== 'partner');
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Your overview</ScreenHeading>
      <p>
        Signed in as {user.name}
        {user.tenantName ? ` of ${user.tenantName}` : ''}.
      </p>
      <ul class="plain-list">
        {user.roles.map((role) => (
          <li key={role}>{WHAT_YOU_CAN_DO[role]}</li>
        ))}
      </ul>
      {canReadAlerts ? (
        <p>
          <Link href="/alerts">Go to alerts</Link>
        </p>
      ) : null}
    </section>
  );
}
