import { codeChallenge, randomUrlSafe } from './pkce.js';
import { expiryOf, type Session, userFromIdToken } from './session.js';

/** Sign-in in AWS: Cognito managed login, authorization code with PKCE. */
export interface CognitoSignInFlow {
  readonly kind: 'cognito';
  /** Leaves the app for the managed login page. */
  startSignIn(): Promise<void>;
  /** On `/auth/callback`: checks `state`, swaps the code for tokens. */
  completeSignIn(callbackUrl: URL): Promise<Session>;
  /** Swaps the refresh token for a new ID token. */
  refresh(session: Session): Promise<Session>;
  /** Revokes the refresh token (and the tokens issued from it), then ends the managed-login session. */
  signOut(session: Session): Promise<void>;
}

/** What the flow needs from the page; tests pass their own. */
export interface CognitoFlowDeps {
  readonly fetch: typeof fetch;
  readonly origin: string;
  readonly assign: (url: string) => void;
  readonly storage: Storage;
}

/** The callback path registered on the user pool client. */
export const CALLBACK_PATH = '/auth/callback';
const PENDING_KEY = 'fleetops.pkce';

interface TokenResponse {
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly error?: string;
  readonly error_description?: string;
}

/** The Cognito flow for a user pool domain and app client (both from config.json). */
export function cognitoSignInFlow(
  domain: string,
  clientId: string,
  deps: CognitoFlowDeps = {
    fetch: (input, init) => fetch(input, init),
    origin: location.origin,
    assign: (url) => location.assign(url),
    storage: sessionStorage,
  },
): CognitoSignInFlow {
  const base = domain.replace(/\/$/, '');
  const redirectUri = `${deps.origin}${CALLBACK_PATH}`;
  const tokenRequest = async (form: Record<string, string>): Promise<TokenResponse> => {
    const response = await deps.fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, ...form }),
    });
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok || !body.id_token) {
      throw new Error(body.error_description ?? body.error ?? `Sign-in failed (${response.status})`);
    }
    return body;
  };
  const sessionFrom = (tokens: TokenResponse, refreshToken?: string): Session => {
    const idToken = tokens.id_token as string;
    const refresh = tokens.refresh_token ?? refreshToken;
    return {
      flow: 'cognito',
      idToken,
      ...(refresh ? { refreshToken: refresh } : {}),
      expiresAt: expiryOf(idToken),
      user: userFromIdToken(idToken),
    };
  };
  return {
    kind: 'cognito',
    async startSignIn() {
      const verifier = randomUrlSafe(48);
      const state = randomUrlSafe(16);
      deps.storage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state,
        code_challenge: await codeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      deps.assign(`${base}/oauth2/authorize?${query}`);
    },
    async completeSignIn(callbackUrl) {
      const pending = JSON.parse(deps.storage.getItem(PENDING_KEY) ?? 'null') as {
        verifier: string;
        state: string;
      } | null;
      deps.storage.removeItem(PENDING_KEY);
      const error = callbackUrl.searchParams.get('error');
      if (error) throw new Error(callbackUrl.searchParams.get('error_description') ?? error);
      const code = callbackUrl.searchParams.get('code');
      // A state that does not match is a forged or replayed callback (CSRF): never exchange its code.
      if (!pending || !code || callbackUrl.searchParams.get('state') !== pending.state) {
        throw new Error('This sign-in link is not the one this tab started. Please sign in again.');
      }
      const tokens = await tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
      });
      return sessionFrom(tokens);
    },
    async refresh(session) {
      if (!session.refreshToken) throw new Error('No refresh token: sign in again.');
      return sessionFrom(
        await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken }),
        session.refreshToken,
      );
    },
    async signOut(session) {
      if (session.refreshToken) {
        // Best effort: an unreachable endpoint must not keep the user signed in on this device.
        await deps
          .fetch(`${base}/oauth2/revoke`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ token: session.refreshToken, client_id: clientId }),
          })
          .catch(() => undefined);
      }
      deps.assign(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: `${deps.origin}/` })}`);
    },
  };
}
