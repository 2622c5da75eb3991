import { useEffect, useState } from 'preact/hooks';
import { completeCognitoSignIn } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { navigate } from '../../state/router.js';
import { Link } from '../Link.js';
import { homeFor } from '../navigation.js';
import { ScreenHeading } from '../ScreenHeading.js';

/** `/auth/callback`: swaps the code Cognito sent back for tokens, then goes home. */
export function AuthCallbackScreen() {
  const [error, setError] = useState<string>();
  useEffect(() => {
    completeCognitoSignIn(new URL(location.href)).then(
      () => navigate(homeFor(appStore.get().session?.user.roles ?? []), true),
      (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)),
    );
  }, []);
  return (
    <section aria-labelledby="screen-title" class="panel narrow">
      <ScreenHeading>{error ? 'Sign-in did not finish' : 'Signing you in…'}</ScreenHeading>
      {error ? (
        <>
          <p class="error" role="alert">
            {error}
          </p>
          <p>
            <Link href="/">Back to sign-in</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
