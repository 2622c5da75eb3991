/**
 * What the PWA and the user pool client must agree on for managed login (authorization code with
 * PKCE). infra/constructs/fleet-identity.ts registers exactly these, so the two cannot drift.
 */

/** Where Cognito sends the browser back with `?code=&state=`. */
export const CALLBACK_PATH = '/auth/callback';

/** Where Cognito's `/logout` sends the browser after it ended the managed-login session. */
export const SIGNED_OUT_PATH = '/';

/** The scopes the app asks for: `openid` for an ID token, `email` and `profile` for the name it shows. */
export const OAUTH_SCOPES = ['openid', 'email', 'profile'] as const;
