import { useState } from 'preact/hooks';
import { DEMO_USERS } from '../../auth/demo-users.js';
import { ROLE_LABELS } from '../../auth/roles.js';
import { signInAsDemoUser, startCognitoSignIn } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { ScreenHeading } from '../ScreenHeading.js';

/** Sign-in: the demo-user picker on the local stack, Cognito managed login in AWS. */
export function SignInScreen() {
  const flow = useStore(appStore, (s) => s.flow);
  const bootError = useStore(appStore, (s) => s.bootError);
  return (
    <section aria-labelledby="screen-title" class="panel narrow">
      <ScreenHeading>Sign in to fleetops</ScreenHeading>
      {bootError ? (
        <p class="error" role="alert">
          fleetops cannot start: {bootError}
        </p>
      ) : null}
      {flow?.kind === 'demo' ? <DemoUserForm /> : null}
      {flow?.kind === 'cognito' ? <ManagedLoginButton /> : null}
    </section>
  );
}

/** Local stack: pick a seeded user; the stack issues their token (`POST /dev/token`). */
function DemoUserForm() {
  const [choice, setChoice] = useState('0');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const user = DEMO_USERS[Number(choice)];
    if (!user) return;
    setBusy(true);
    setError(undefined);
    try {
      await signInAsDemoUser(user);
    } catch (cause) {
      setError(`Sign-in failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>
        The local stack issues tokens itself. Pick a demo user of tenant <em>acme</em> or <em>globex</em>: each role
        sees what it can use.
      </p>
      <label for="identity">Demo user</label>
      <select
        id="identity"
        name="identity"
        value={choice}
        onChange={(event) => setChoice((event.target as HTMLSelectElement).value)}
        aria-describedby={error ? 'identity-hint identity-error' : 'identity-hint'}
        aria-invalid={error ? 'true' : undefined}
      >
        {DEMO_USERS.map((user, index) => (
          <option key={user.userId} value={String(index)}>
            {user.name} — {user.roles.map((r) => ROLE_LABELS[r]).join(', ')}, {user.tenantName}
          </option>
        ))}
      </select>
      <p id="identity-hint" class="hint">
        Each tenant sees only its own vehicles and alerts.
      </p>
      {error ? (
        <p id="identity-error" class="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/** AWS: leave for Cognito managed login (authorization code with PKCE). */
function ManagedLoginButton() {
  const [error, setError] = useState<string>();
  return (
    <div>
      <p>You sign in on the fleetops account page and come straight back here.</p>
      <button
        type="button"
        aria-describedby={error ? 'managed-login-error' : undefined}
        onClick={() =>
          startCognitoSignIn().catch((cause: unknown) =>
            setError(cause instanceof Error ? cause.message : String(cause)),
          )
        }
      >
        Sign in with your fleetops account
      </button>
      {error ? (
        <p id="managed-login-error" class="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
