import { DEFAULT_RETRY_DELAYS_MS } from '../use-cases/notify-people.js';

/**
 * Retry delays of provider errors: `NOTIFICATION_RETRY_DELAYS_MS` (comma-separated milliseconds,
 * e.g. `50,100` in the e2e tests), else {@link DEFAULT_RETRY_DELAYS_MS}. Its own file, apart from
 * notification-deps: textOnCall reads it without bundling those bindings' clients.
 */
export function retryDelaysFromEnvironment(env: NodeJS.ProcessEnv = process.env): readonly number[] {
  const raw = env.NOTIFICATION_RETRY_DELAYS_MS;
  if (!raw) return DEFAULT_RETRY_DELAYS_MS;
  const delays = raw.split(',').map((v) => Number(v.trim()));
  if (delays.some((d) => !Number.isFinite(d) || d < 0))
    throw new Error(`NOTIFICATION_RETRY_DELAYS_MS is not a list of ms: ${raw}`);
  return delays;
}
