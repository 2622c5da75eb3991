import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { axeViolations } from './support/axe.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { raiseSeedFault, startWebStack } from './support/web-stack.js';

/**
 * The PWA's service worker in Chromium: installable (Chromium's own check), the shell precached,
 * the last alerts shown from IndexedDB after an offline reload, and an acknowledgement queued
 * offline that is sent exactly once, with its Idempotency-Key, when the network is back.
 * The acknowledgement goes to the local stack's real `POST /v1/alerts/{id}/acknowledge`; the test
 * watches the requests on the way and reads the alert's history from the server afterwards.
 */
describe('offline-first PWA in Chromium', () => {
  let stack: LocalStack;
  let browser: TestBrowser;
  let page: Page;
  const acknowledgements: { url: string; key: string | undefined }[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack(), launchChromium()]);
    page = browser.page;
    // context.route also sees requests that pass through the service worker; they go on to the stack.
    await browser.context.route('**/v1/alerts/*/acknowledge', (route: Route) => {
      acknowledgements.push({ url: route.request().url(), key: route.request().headers()['idempotency-key'] });
      return route.continue();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('registers a service worker and a manifest that pass Chromium’s installability check', async () => {
    await page.goto(stack.url);
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
    const scope = await page.evaluate(async () => {
      const sw = (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<{ scope: string }> } } })
        .navigator.serviceWorker;
      return (await sw.ready).scope;
    });
    expect(scope).toBe(`${stack.url}/`);

    const cdp = await browser.context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; data: string; errors: unknown[] };
    expect(manifest.errors).toEqual([]);
    const fields = JSON.parse(manifest.data) as {
      name: string;
      display: string;
      start_url: string;
      theme_color: string;
      icons: { sizes: string; purpose?: string }[];
    };
    expect(fields).toMatchObject({ name: 'fleetops', display: 'standalone', start_url: '/', theme_color: '#0b3d91' });
    expect(fields.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    // Chromium's own verdict: an empty list means "installable".
    await expect
      .poll(
        async () =>
          ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] })
            .installabilityErrors,
      )
      .toEqual([]);
    await cdp.detach();
  });

  it('offline reload shows the shell and the last alerts with the offline banner; a queued acknowledgement is sent once', async () => {
    await page.selectOption('#identity', { label: 'Dana Dispatch — dispatcher, Acme Logistics' });
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Alerts for Acme Logistics' }).waitFor();
    await expect.poll(() => page.locator('.connection').getAttribute('data-state')).toBe('connected');
    await raiseSeedFault(stack, 'TRK-103');
    const recent = page.getByRole('list', { name: 'Recent alerts, newest first' });
    await recent.getByRole('link', { name: 'ENGINE_FAILURE on TRK-103' }).waitFor();
    // The service worker controls the page, so a reload can come from its precache.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            !!(globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator
              .serviceWorker.controller,
        ),
      )
      .toBe(true);

    await browser.context.setOffline(true);
    await page.reload();
    await page.getByText(/Offline — showing data from \d\d:\d\d/).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Alerts for Acme Logistics' }).waitFor();
    await recent.getByRole('link', { name: 'ENGINE_FAILURE on TRK-103' }).waitFor();
    expect(await page.locator('.connection').getAttribute('data-state')).toBe('offline');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), `offline, ${colorScheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await axeViolations(page), 'offline, 320 px').toEqual([]);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number })
            .document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });

    await recent.getByRole('link', { name: 'ENGINE_FAILURE on TRK-103' }).click();
    await page.getByRole('button', { name: 'Acknowledge alert' }).click();
    await page.getByText('Your acknowledgement is saved and is sent when you are back online.').waitFor();
    expect(acknowledgements).toEqual([]);

    await browser.context.setOffline(false);
    await expect.poll(() => acknowledgements.length, { timeout: 10_000 }).toBe(1);
    expect(acknowledgements[0]?.url).toMatch(/\/v1\/alerts\/[^/]+\/acknowledge$/);
    expect(acknowledgements[0]?.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await page.getByText(/^Acknowledged ENGINE_FAILURE on TRK-103/).waitFor();
    await page.getByText('acknowledged by acme-dispatcher').waitFor();

    // Nothing is sent twice: another offline/online round and a reload leave the one request.
    await browser.context.setOffline(true);
    await browser.context.setOffline(false);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(500);
    expect(acknowledgements).toHaveLength(1);
    // Applied once on the server: one acknowledgement in the alert's history.
    const alertId = /\/v1\/alerts\/([^/]+)\/acknowledge$/.exec(acknowledgements[0]?.url ?? '')?.[1];
    const tokenResponse = await fetch(`${stack.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'acme', userId: 'acme-dispatcher', roles: ['dispatcher'] }),
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    const stored = await fetch(`${stack.url}/v1/alerts/${alertId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(stored.status).toBe(200);
    const alert = (await stored.json()) as { status: string; history: { action: string; by: string }[] };
    expect(alert.status).toBe('acknowledged');
    expect(alert.history.filter((h) => h.action === 'acknowledged')).toEqual([
      expect.objectContaining({ by: 'acme-dispatcher' }),
    ]);
  });
});
