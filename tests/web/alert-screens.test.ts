import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { type ApiAlert, apiAs, focused, postReadings, tabTo, waitForAlert } from './support/alert-api.js';
import { axeViolations } from './support/axe.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { expectAccessible as checkAccessible, signInAs as signIn } from './support/screen-checks.js';
import { startWebStack } from './support/web-stack.js';

/**
 * The alert inbox and alert detail screens (issue #9) in Chromium on the whole local stack: filters
 * held in the URL, the suggestion combobox by keyboard, facet toggles, live updates from another
 * client, the lifecycle actions by keyboard with a real 409, and for each screen axe (WCAG 2.x A to
 * AAA) in every theme, keyboard-only use and 320 px reflow. Service workers are blocked so
 * page.route sees every request (offline-service-worker.test.ts covers the queue offline).
 */
describe('alert inbox and detail in Chromium', () => {
  let stack: LocalStack;
  let browser: TestBrowser;
  let page: Page;
  let engine: ApiAlert;
  let speeding: ApiAlert;
  let fuel: ApiAlert;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack(), launchChromium({ serviceWorkers: 'block' })]);
    page = browser.page;
    // Prepare: three alerts of three severities on three vehicles, indexed for search.
    await postReadings(stack, [
      { vehicleId: 'TRK-101', engineTemp: 120, oilPressure: 10 },
      { vehicleId: 'TRK-102', speed: 131 },
      { vehicleId: 'VAN-12', fuelLevel: 5 },
    ]);
    [engine, speeding, fuel] = await Promise.all([
      waitForAlert(stack, 'TRK-101', 'ENGINE_FAILURE'),
      waitForAlert(stack, 'TRK-102', 'SPEEDING'),
      waitForAlert(stack, 'VAN-12', 'LOW_FUEL'),
    ]);
  });

  // A failed test must not leave the next one signed in.
  afterEach(async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const signOutButton = page.getByRole('button', { name: 'Sign out' });
    if (await signOutButton.count()) await signOut();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const signInAs = (name: string, path?: string) => signIn(page, stack.url, name, path);

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
  }

  const inboxLinks = () => page.locator('#recent-title ~ div .alert-title a').allTextContents();

  const expectAccessible = (what: string) => checkAccessible(page, what);

  it('inbox filters live in the URL: they survive a reload and follow Back and Forward', async () => {
    await signInAs('Dana Dispatch', '/alerts?severity=MEDIUM');
    await expect.poll(inboxLinks).toEqual(['SPEEDING on TRK-102']);
    expect(await page.locator('#filter-severity').inputValue()).toBe('MEDIUM');

    // Act: change the filters with the form.
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-status', 'open');
    await page.fill('#filter-vehicle', 'VAN-12');
    await page.getByRole('button', { name: 'Show alerts' }).click();

    // Assess: the URL holds them, the list follows, and so does a reload.
    await expect.poll(() => new URL(page.url()).search).toBe('?status=open&vehicle=VAN-12');
    await expect.poll(inboxLinks).toEqual(['LOW_FUEL on VAN-12']);
    await page.reload();
    await expect.poll(inboxLinks).toEqual(['LOW_FUEL on VAN-12']);
    expect(await page.locator('#filter-status').inputValue()).toBe('open');
    expect(await page.locator('#filter-vehicle').inputValue()).toBe('VAN-12');

    await page.goBack();
    await expect.poll(() => new URL(page.url()).search).toBe('?severity=MEDIUM');
    await expect.poll(inboxLinks).toEqual(['SPEEDING on TRK-102']);
    expect(await page.locator('#filter-severity').inputValue()).toBe('MEDIUM');
    await page.goForward();
    await expect.poll(inboxLinks).toEqual(['LOW_FUEL on VAN-12']);

    // A time range goes to the search route: nothing was raised after tomorrow.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await page.goto(`${stack.url}/alerts?from=${encodeURIComponent(tomorrow)}`);
    await page.getByText('No alerts match.').waitFor();
    expect(await page.locator('#filter-from').inputValue()).not.toBe('');
    await signOut();
  });

  it('search suggestions: an ARIA 1.2 combobox worked with the keyboard alone, then facets that toggle a filter', async () => {
    await signInAs('Dana Dispatch');
    await page.getByRole('heading', { level: 1, name: 'Alerts for Acme Logistics' }).waitFor();
    const box = page.getByRole('combobox', { name: 'Search alerts' });
    await tabTo(page, (f) => f.id === 'alert-search');
    await page.keyboard.type('speedin');
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await box.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));
    const options = listbox.getByRole('option');
    expect(await options.allTextContents()).toEqual(['TRK-102 is speeding: 131 km/h.']);
    expect(await axeViolations(page), 'suggestions open').toEqual([]);

    // Down highlights the first option (focus stays in the box), Escape closes the list, Escape again clears.
    await page.keyboard.press('ArrowDown');
    const first = options.first();
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect((await focused(page)).id).toBe('alert-search');
    await page.keyboard.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    expect(await box.inputValue()).toBe('speedin');
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('');

    // Type again, Down, Enter: the suggestion is searched for.
    await page.keyboard.type('spee');
    await listbox.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('TRK-102 is speeding: 131 km/h.');
    const results = page.getByRole('list', { name: 'Matching alerts, best match first' });
    await expect.poll(() => results.getByRole('link').allTextContents()).toEqual(['SPEEDING on TRK-102']);

    // Facets: a time range alone lists every alert of the range with counts per severity and status.
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await page.goto(`${stack.url}/alerts?from=${encodeURIComponent(hourAgo)}`);
    const medium = page.getByRole('button', { name: /^Medium \d+$/ });
    await medium.waitFor();
    expect(await medium.getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByRole('button', { name: /^Critical \d+$/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Low \d+$/ }).count()).toBe(1);
    await expectAccessible('inbox with facets');

    await medium.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('severity')).toBe('MEDIUM');
    const pressed = page.getByRole('button', { name: /^Medium \d+$/ });
    await expect.poll(() => pressed.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => results.getByRole('link').allTextContents()).toEqual(['SPEEDING on TRK-102']);
    expect(await page.getByRole('button', { name: /^Critical \d+$/ }).count()).toBe(0);
    await pressed.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).searchParams.get('severity')).toBeNull();
    await expect.poll(() => results.getByRole('link').count()).toBeGreaterThanOrEqual(3);
    await signOut();
  });

  it('search by vehicle: the search route filters by vehicle itself, so the counts are that vehicle’s', async () => {
    await signInAs('Dana Dispatch');
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await page.goto(`${stack.url}/alerts?vehicle=VAN-12&from=${encodeURIComponent(hourAgo)}`);
    const results = page.getByRole('list', { name: 'Matching alerts, best match first' });
    await expect.poll(() => results.getByRole('link').allTextContents()).toEqual(['LOW_FUEL on VAN-12']);
    expect(await page.getByRole('button', { name: /^Low 1$/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^(Critical|Medium) \d+$/ }).count()).toBe(0);
    await signOut();
  });

  it('live: another dispatcher’s acknowledgement and a new alert change the open inbox in place', async () => {
    await signInAs('Dana Dispatch');
    await expect.poll(() => page.locator('.connection').getAttribute('data-state')).toBe('connected');
    const card = page.locator(`#recent-title ~ div [data-alert-id="${fuel.alertId}"]`);
    await expect.poll(() => card.locator('.alert-status').textContent()).toContain('Open');
    const before = await inboxLinks();

    // Act: acme's fleet manager acknowledges it from another client.
    const ack = await apiAs(stack, 'acme-manager', ['fleet_manager'], `/v1/alerts/${fuel.alertId}/acknowledge`, {
      method: 'POST',
      body: {},
    });
    expect(ack.status).toBe(200);

    // Assess: the same card, in the same place, now says acknowledged; a new alert arrives on top.
    await expect.poll(() => card.locator('.alert-status').textContent(), { timeout: 10_000 }).toContain('Acknowledged');
    expect(await inboxLinks()).toEqual(before);
    await postReadings(stack, [{ vehicleId: 'VAN-14', batteryVoltage: 11.1 }]);
    await expect.poll(async () => (await inboxLinks())[0], { timeout: 10_000 }).toBe('LOW_BATTERY on VAN-14');
    await signOut();
  });

  it('pages with nextCursor: "Load more" appends the next page of the same query and focus moves to it', async () => {
    // Small pages from the real server: the inbox's list and search requests ask for two alerts each.
    await page.route(/\/v1\/(alerts|search)\?/, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      return route.continue({ url: url.toString() });
    });
    // Three alerts or more exist (four once the live test has raised its own): two pages' worth.
    const all = await apiAs(stack, 'acme-dispatcher', ['dispatcher'], '/v1/alerts?limit=100');
    const twoPages = Math.min(4, (all.body as { items: unknown[] }).items.length);
    expect(twoPages).toBeGreaterThanOrEqual(3);
    try {
      for (const path of [
        '/alerts',
        `/alerts?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
      ]) {
        await signInAs('Dana Dispatch', path);
        await expect.poll(inboxLinks).toHaveLength(2);
        const firstPage = await inboxLinks();
        await tabTo(page, (f) => f.text === 'Load more alerts');
        await page.keyboard.press('Enter');
        await expect.poll(inboxLinks).toHaveLength(twoPages);
        const both = await inboxLinks();
        expect(both.slice(0, 2), path).toEqual(firstPage);
        expect(new Set(both).size, path).toBe(twoPages);
        expect((await focused(page)).text, path).toBe(both[2]);
        await signOut();
      }
    } finally {
      await page.unrouteAll({ behavior: 'wait' });
    }
  });

  it('detail by keyboard alone: acknowledge, note, assign, resolve; the timeline and the disabled reasons follow', async () => {
    await signInAs('Dana Dispatch', `/alerts/${engine.alertId}`);
    await page.getByRole('heading', { level: 1, name: 'ENGINE_FAILURE on TRK-101' }).waitFor();
    // The readings that raised it, and the history so far.
    const readings = page.getByRole('table', { name: 'Readings that triggered this alert' });
    await expect.poll(() => readings.getByRole('row').allTextContents()).toContain('Engine temperature (°C)120');
    const timeline = page.getByRole('list', { name: 'Alert history, oldest first' });
    await expect.poll(() => timeline.getByRole('listitem').count()).toBeGreaterThanOrEqual(1);
    await expectAccessible('alert detail, open');

    await tabTo(page, (f) => f.text === 'Acknowledge alert');
    await page.keyboard.press('Enter');
    await page.getByText('Done: you acknowledged this alert.').waitFor();
    expect((await focused(page)).id).toBe('action-feedback'); // not lost on the now disabled button
    await page.getByText('acknowledged by acme-dispatcher').waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge alert' }).isDisabled()).toBe(true);
    await page.getByText('This alert was acknowledged already (acme-dispatcher).').waitFor();
    await expect
      .poll(() => timeline.getByRole('listitem').last().textContent())
      .toMatch(/^Acknowledged — acme-dispatcher/);

    await tabTo(page, (f) => f.id === 'note-input');
    await page.keyboard.type('Driver called: pulled over at exit 12.');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Add note');
    await page.keyboard.press('Enter');
    await page.getByText('Done: your note is in the timeline.').waitFor();
    await expect
      .poll(() => timeline.getByRole('listitem').last().textContent())
      .toContain('Driver called: pulled over at exit 12.');
    expect(await page.locator('#note-input').inputValue()).toBe('');

    // Assigning with no user id says what is missing, on the field.
    await tabTo(page, (f) => f.id === 'assign-input');
    await page.keyboard.press('Enter');
    await page.getByText('Enter the user id to assign this alert to').waitFor();
    expect(await page.locator('#assign-input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#assign-input').getAttribute('aria-describedby')).toContain('assign-error');
    expect(await axeViolations(page), 'assign error').toEqual([]);
    await page.keyboard.type('acme-manager');
    await page.keyboard.press('Enter');
    await page.getByText('Done: this alert is assigned to acme-manager.').waitFor();
    await page.locator('dd', { hasText: 'acme-manager' }).waitFor();

    await tabTo(page, (f) => f.id === 'resolve-input');
    await page.keyboard.type('Towed to the depot.');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Resolve alert');
    await page.keyboard.press('Enter');
    await page.getByText('Done: you resolved this alert.').waitFor();
    await page.getByText('This alert was resolved already (acme-dispatcher).').waitFor();
    expect(await page.getByRole('button', { name: 'Resolve alert' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Assign alert' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add note' }).isDisabled()).toBe(false);
    // The timeline is the server's history, entry for entry and in order.
    const labels: Record<string, string> = {
      raised: 'Raised',
      acknowledged: 'Acknowledged',
      noted: 'Note',
      assigned: 'Assigned',
      resolved: 'Resolved',
      correlated: 'Related finding attached',
    };
    const stored = await apiAs(stack, 'acme-dispatcher', ['dispatcher'], `/v1/alerts/${engine.alertId}`);
    const history = (stored.body as ApiAlert).history;
    expect(history.map((h) => h.action).filter((a) => a !== 'correlated')).toEqual([
      'raised',
      'acknowledged',
      'noted',
      'assigned',
      'resolved',
    ]);
    const shown = (await timeline.getByRole('listitem').allTextContents()).map((t) => t.split(' — ')[0]);
    expect(shown).toEqual(history.map((h) => labels[h.action]));
    await expectAccessible('alert detail, resolved');
    await signOut();
  });

  it('a change someone else made first answers 409: the message says so and the alert is reloaded', async () => {
    await signInAs('Dana Dispatch', `/alerts/${speeding.alertId}`);
    await page.getByRole('heading', { level: 1, name: 'SPEEDING on TRK-102' }).waitFor();
    // Marcus resolves it just before Dana's request reaches the server.
    await page.route('**/v1/alerts/*/resolve', async (route) => {
      const first = await apiAs(stack, 'acme-manager', ['fleet_manager'], `/v1/alerts/${speeding.alertId}/resolve`, {
        method: 'POST',
        body: {},
      });
      expect(first.status).toBe(200);
      await route.continue();
    });
    try {
      await tabTo(page, (f) => f.text === 'Resolve alert');
      await page.keyboard.press('Enter');
      const message = page.locator('#action-feedback');
      await expect
        .poll(() => message.textContent())
        .toMatch(/^Could not resolve this alert: .+ It was changed by someone else/);
      expect((await focused(page)).id).toBe('action-feedback');
      await page.getByText('This alert was resolved already (acme-manager).').waitFor();
      expect(await page.getByRole('button', { name: 'Resolve alert' }).isDisabled()).toBe(true);
      expect(await axeViolations(page), '409 shown').toEqual([]);
    } finally {
      await page.unrouteAll({ behavior: 'wait' });
    }
    await signOut();
  });

  it('only those who handle alerts see the actions: a support agent reads the detail without them', async () => {
    await signInAs('Sam Support', `/alerts/${fuel.alertId}`);
    await page.getByRole('heading', { level: 1, name: 'LOW_FUEL on VAN-12' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Acknowledge alert' }).count()).toBe(0);
    // Keyboard: from the heading, Tab leaves the alert for the footer; nothing is a dead end.
    await page.getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('SMS outbox');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).text).toBe('Back to alerts');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Alerts for Acme Logistics' }).waitFor();
    await signOut();
  });
});
