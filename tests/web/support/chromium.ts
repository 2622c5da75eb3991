import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.FLEETOPS_CHROMIUM ?? '/usr/bin/chromium';

/** The flags of issue #8: headless, no sandbox or GPU, nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One headless Chromium with a fresh profile: a test file's whole browser. */
export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Starts Chromium on a new `--user-data-dir` (Playwright passes it for a persistent context).
 * Without Chromium it fails with one line that says how to install it.
 */
export async function launchChromium(options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with "sudo apt-get update && sudo apt-get install -y chromium" (or set FLEETOPS_CHROMIUM)`,
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'fleetops-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: options.serviceWorkers ?? 'allow',
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
