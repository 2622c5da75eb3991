/**
 * What the app learns from `/config.json` at start-up: the web config stack deploys it in AWS, the
 * local stack serves its twin. The shape mirrors `WebRuntimeConfig` in infra/stacks/web-stack.ts.
 */
export interface RuntimeConfig {
  readonly stage: string;
  readonly region: string;
  readonly httpApiUrl: string;
  readonly webSocketUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** The Cognito managed-login domain (`https://….auth.{region}.amazoncognito.com`); AWS only. */
  readonly userPoolDomain?: string;
  /** The callback URL registered for the PWA's main origin; AWS only. */
  readonly redirectUri?: string;
  /** The sign-out URL registered for the PWA's main origin; AWS only. */
  readonly logoutUri?: string;
  /** `POST /dev/token`; only the local stack has it. */
  readonly devTokenUrl?: string;
}

const SAVED_KEY = 'fleetops.config';

/**
 * Fetches `/config.json`; offline, falls back to the last copy that loaded, so the shell still
 * starts (the service worker also keeps one, but only from the second visit on).
 */
export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch): Promise<RuntimeConfig> {
  try {
    const response = await fetchFn('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
    const config = (await response.json()) as RuntimeConfig;
    localStorage.setItem(SAVED_KEY, JSON.stringify(config));
    return config;
  } catch (error) {
    const saved = localStorage.getItem(SAVED_KEY);
    if (saved) return JSON.parse(saved) as RuntimeConfig;
    throw error;
  }
}
