import { ensureWebBuild } from '../../../web/scripts/build-if-stale.js';

/** vitest global setup: the browser tests, the budget test and `/` of the local stack need web/dist. */
export default function setup(): void {
  ensureWebBuild();
}
