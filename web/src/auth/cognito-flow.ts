import { CALLBACK_PATH, OAUTH_SCOPES, SIGNED_OUT_PATH } from './oauth-settings.js';
import { codeChallenge, decodeJwtClaims, randomUrlSafe } from './pkce.js';
import { expiryOf, type Session, userFromIdToken } from './session.js';

/** Sign-in in AWS: Cognito managed login, authorization code with PKCE. */
export interface CognitoSignInFlow {
  readonly kind: 'cognito';
  /** Leaves the app for the managed login page. */
  startSignIn(): Promise<void>;
  /** On `/auth/callback`: checks `state`, swaps the code (and PKCE verifier) for tokens, checks `nonce`. */
  completeSignIn(callbackUrl: URL): Promise<Session>;
  /** Swaps the refresh token for a new ID token. */
  refresh(session: Session): Promise<Session>;
  /** Revokes the refresh token (and the tokens issued from it), then ends the managed-login session. */
  signOut(session: Session): Promise<void>;
}

/** Where the flow keeps its verifier, state and nonce for the one redirect (sessionStorage in the page). */
export interface PendingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * What the flow needs from the page: sign-in-flow.ts passes the browser's, tests their own. No
 * DOM global is read here, so the same module runs in Node against the fake managed login.
 */
export interface CognitoFlowDeps {
  readonly fetch: typeof fetch;
  readonly origin: string;
  readonly assign: (url: string) => void;
  readonly storage: PendingStorage;
}

/** Where managed login lives and where it sends the browser back (config.json). */
export interface CognitoSettings {
  /** `https://….auth.{region}.amazoncognito.com` or the custom domain. */
  readonly domain: string;
  readonly clientId: string;
  /** The registered callback URL; used when it is on this origin, else `{origin}/auth/callback`. */
  readonly redirectUri?: string | undefined;
  /** The registered sign-out URL; used when it is on this origin, else `{origin}/`. */
  readonly logoutUri?: string | undefined;
}

const PENDING_KEY = 'fleetops.pkce';

/** What one sign-in attempt keeps for the redirect back: the PKCE verifier, `state` and `nonce`. */
interface PendingSignIn {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/**
 * A URL registered on the client when it is on this origin. Every web origin is registered (the
 * CloudFront domain and the custom one), but config.json names the main one: a tab on the other
 * must come back to itself, where its verifier is.
 */
function onOrigin(configured: string | undefined, origin: string, path: string): string {
  return configured && new URL(configured).origin === origin ? configured : `${origin}${path}`;
}

interface TokenResponse {
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly error?: string;
  readonly error_description?: string;
}

/** The Cognito flow for a user pool domain and app client (both from config.json). */
export function cognitoSignInFlow(settings: CognitoSettings, deps: CognitoFlowDeps): CognitoSignInFlow {
  const { clientId } = settings;
  const base = settings.domain.replace(/\/$/, '');
  const redirectUri = onOrigin(settings.redirectUri, deps.origin, CALLBACK_PATH);
  const logoutUri = onOrigin(settings.logoutUri, deps.origin, SIGNED_OUT_PATH);
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
      const pending: PendingSignIn = {
        verifier: randomUrlSafe(48),
        state: randomUrlSafe(16),
        nonce: randomUrlSafe(16),
      };
      deps.storage.setItem(PENDING_KEY, JSON.stringify(pending));
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: OAUTH_SCOPES.join(' '),
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await codeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      deps.assign(`${base}/oauth2/authorize?${query}`);
    },
    async completeSignIn(callbackUrl) {
      const pending = JSON.parse(deps.storage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
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
      // The ID token must be the one minted for this attempt and this client (OIDC core 3.1.3.7);
      // its signature is the API's to check.
      const claims = decodeJwtClaims(tokens.id_token as string);
      if (claims.nonce !== pending.nonce)
        throw new Error('The sign-in answer was not for this attempt. Please sign in again.');
      const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audience.includes(clientId))
        throw new Error('The sign-in answer was for another app. Please sign in again.');
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
      deps.assign(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: logoutUri })}`);
    },
  };
}
