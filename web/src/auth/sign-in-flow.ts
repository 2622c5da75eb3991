import type { RuntimeConfig } from '../config/runtime-config.js';
import { type CognitoSignInFlow, cognitoSignInFlow } from './cognito-flow.js';
import { type DemoSignInFlow, demoSignInFlow } from './dev-token-flow.js';

/** How users sign in here: the demo-user picker (local stack) or Cognito managed login (AWS). */
export type SignInFlow = DemoSignInFlow | CognitoSignInFlow;

/**
 * The one place that decides the flow, from config.json alone: the local stack serves
 * `devTokenUrl`; the web config stack deploys `userPoolDomain`, `userPoolClientId`, `redirectUri`
 * and `logoutUri`. Nothing else in the app looks at those fields.
 */
export function chooseSignInFlow(config: RuntimeConfig): SignInFlow {
  if (config.devTokenUrl) return demoSignInFlow(config.devTokenUrl);
  if (config.userPoolDomain && config.userPoolClientId) {
    return cognitoSignInFlow(
      {
        domain: config.userPoolDomain,
        clientId: config.userPoolClientId,
        redirectUri: config.redirectUri,
        logoutUri: config.logoutUri,
      },
      {
        fetch: (input, init) => fetch(input, init),
        origin: location.origin,
        assign: (url) => location.assign(url),
        storage: sessionStorage,
      },
    );
  }
  throw new Error('config.json names no sign-in: neither devTokenUrl nor userPoolDomain and userPoolClientId.');
}
