import { renewSession, signOut } from '../state/app-controller.js';
import { appStore } from '../state/app-state.js';
import { useStore } from '../state/store.js';

/** Shown when the session could not be renewed: a warning and a choice, never a silent sign-out. */
export function SessionNotice() {
  const problem = useStore(appStore, (s) => s.sessionProblem);
  if (!problem) return null;
  return (
    <div class="banner banner-session" role="alert">
      <p>{problem}</p>
      <button type="button" onClick={() => void renewSession()}>
        Try again to stay signed in
      </button>
      <button type="button" class="secondary" onClick={() => void signOut()}>
        Sign out and sign in again
      </button>
    </div>
  );
}
