import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { waitForVehicleState } from './support/alert-api.js';
import { axeViolations } from './support/axe.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { expectAccessible as checkAccessible, signInAs as signIn } from './support/screen-checks.js';
import { startWebStack } from './support/web-stack.js';

/**
 * The fleet, vehicle detail, live positions and rules screens of the built PWA on the whole local
 * stack, in headless Chromium: real telemetry, rules and WebSocket frames; axe (WCAG 2.1 A/AA/AAA)
 * in light and dark and at 320 px, keyboard-only use, and reflow at 320 px for each screen.
 */
describe('fleet and rules screens in Chromium', () => {
  let stack: LocalStack;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack(), launchChromium({ serviceWorkers: 'block' })]);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Posts readings as acme's telematics partner (202 or the test fails). */
  async function postReadings(readings: object[]): Promise<void> {
    const token = await stack.issuer.issue({ tenantId: 'acme', userId: 'acme-partner', roles: ['partner'] });
    const response = await fetch(`${stack.url}/v1/telemetry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ readings }),
    });
    expect(response.status, await response.clone().text()).toBe(202);
  }

  /**
   * Posts a reading of `vehicleId` at the current time on each poll until `shown` contains
   * `expected`. A screen's position subscription is stored one round trip after its socket
   * connects, so a reading posted before that never arrives as a frame.
   */
  async function postUntilShown(
    vehicleId: string,
    fix: { speed: number; lat: number; lng: number },
    shown: Locator,
    expected: string,
  ): Promise<void> {
    await expect
      .poll(
        async () => {
          await postReadings([{ vehicleId, ts: new Date().toISOString(), ...fix }]);
          return shown.textContent();
        },
        { timeout: 15_000, interval: 1_500 },
      )
      .toContain(expected);
  }

  const signInAs = (name: string) => signIn(page, stack.url, name);

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
  }

  const expectAccessible = (what: string) => checkAccessible(page, what);

  const focused = () =>
    page.evaluate(() => {
      const el = (globalThis as unknown as { document: { activeElement: Record<string, string> | null } }).document
        .activeElement;
      return { tag: el?.tagName ?? 'NONE', id: el?.id ?? '', text: (el?.textContent ?? '').trim().slice(0, 80) };
    });

  /** Tabs forward until the focused element's text starts with `text` (at most `max` presses). */
  async function tabTo(text: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await focused()).text.startsWith(text)) return;
    }
    throw new Error(`Tab never reached "${text}"; last focus ${JSON.stringify(await focused())}`);
  }

  it('fleet list: the demo vehicles with state and open alerts, search, keyboard to a vehicle; a driver sees only theirs', async () => {
    await postReadings([
      { vehicleId: 'TRK-101', ts: new Date().toISOString(), speed: 64, engineTemp: 88, lat: 41.88, lng: -87.63 },
    ]);
    // The list is read once when the screen opens: the reading must be in the state by then.
    await waitForVehicleState(stack, 'TRK-101', (state) => state.readings?.speed === 64);
    await signInAs('Marcus Manager');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fleet', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    const list = page.getByRole('list', { name: 'Vehicles' });
    const names = () => list.getByRole('heading', { level: 2 }).allTextContents();
    await expect
      .poll(names)
      .toEqual([
        'TRK-101 · Volvo FH 500',
        'TRK-102 · Scania R 450',
        'TRK-103 · Freightliner Cascadia',
        'VAN-12 · Ford Transit',
        'VAN-14 · Mercedes Sprinter',
      ]);
    const trk101 = list.getByRole('listitem').filter({ hasText: 'TRK-101' });
    await expect.poll(() => trk101.textContent()).toContain('64 km/h');
    expect(await trk101.textContent()).toContain('41.8800, -87.6300');
    expect(await trk101.textContent()).toContain('No open alerts');
    await expectAccessible('fleet list');

    // Live: a reading posted while the list is open moves VAN-12's card without a reload.
    await page.getByText('Live: positions and speeds move as vehicles report.', { exact: false }).waitFor();
    const van12 = list.getByRole('listitem').filter({ hasText: 'VAN-12' });
    await postUntilShown('VAN-12', { speed: 71, lat: 41.9012, lng: -87.6543 }, van12, '71 km/h');
    expect(await van12.textContent()).toContain('41.9012, -87.6543');

    // Offline: the fleet last seen comes from IndexedDB, said to be a saved copy.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await browser.context.setOffline(true);
    try {
      await nav.getByRole('link', { name: 'Your overview' }).click();
      await nav.getByRole('link', { name: 'Fleet', exact: true }).click();
      await page.getByText('You are offline: saved copy from', { exact: false }).waitFor();
      expect(await names()).toHaveLength(5);
      expect(await trk101.textContent()).toContain('64 km/h');
      expect(await axeViolations(page), 'fleet list offline').toEqual([]);
    } finally {
      await browser.context.setOffline(false);
    }
    await nav.getByRole('link', { name: 'Your overview' }).click();
    await nav.getByRole('link', { name: 'Fleet', exact: true }).click();
    await expect.poll(names).toHaveLength(5);

    await page.getByLabel('Search by id or name').fill('van');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(names).toEqual(['VAN-12 · Ford Transit', 'VAN-14 · Mercedes Sprinter']);

    // Keyboard only: from the heading to the first vehicle's link, Enter opens its detail.
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).focus();
    await tabTo('VAN-12');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'VAN-12 · Ford Transit' }).waitFor();
    expect((await focused()).tag).toBe('H1');
    await signOut();
    // Signing out forgets the saved fleet: the next person at this device must not see it.
    const savedFleets = `new Promise((resolve, reject) => {
      const open = indexedDB.open('fleetops-fleet');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const count = open.result.transaction('fleets').objectStore('fleets').count();
        count.onsuccess = () => { open.result.close(); resolve(count.result); };
      };
    })`;
    await expect.poll(() => page.evaluate(savedFleets)).toBe(0);

    await signInAs('Diego Ruiz'); // a driver: home is the fleet, their one vehicle
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    await expect.poll(names).toEqual(['TRK-101 · Volvo FH 500']);
    await expectAccessible('fleet list, driver');
    // Another driver's vehicle, and another tenant's, are "not found" (the API answers 404).
    for (const other of ['TRK-102', 'TRK-201']) {
      await page.goto(`${stack.url}/fleet/${other}`);
      await page.getByRole('heading', { level: 1, name: `${other} not found` }).waitFor();
    }
    expect(await axeViolations(page)).toEqual([]);
    await signOut();
  }, 60_000);

  it('vehicle detail: the last 24 h of real telemetry as a chart and a table, maintenance, a service recorded', async () => {
    const now = Date.now();
    const temps = [82, 86, 91, 95, 89, 84];
    await postReadings(
      temps.map((engineTemp, i) => ({
        vehicleId: 'TRK-103',
        ts: new Date(now - (temps.length - i) * 3_600_000).toISOString(),
        engineTemp,
        speed: 50 + i,
        odometer: 120_000 + i * 40,
        lat: 41.9 + i * 0.01,
        lng: -87.7,
      })),
    );
    await signInAs('Marcus Manager');
    await page.goto(`${stack.url}/fleet/TRK-103`);
    await page.getByRole('heading', { level: 1, name: 'TRK-103 · Freightliner Cascadia' }).waitFor();

    // The chart is drawn (uPlot's canvas) inside a labelled image; its label says what it shows.
    await page.selectOption('#chart-field', 'engineTemp');
    const chart = page.getByRole('img', { name: /^Engine temperature \(°C\) from/ });
    await chart.locator('canvas').first().waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('6 points, lowest 82 °C, highest 95 °C');

    // The same points as a table behind a disclosure.
    await page.getByText('Show these readings as a table').click();
    const rows = page.getByRole('table', { name: /Engine temperature/ }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(temps.length + 1);
    expect(await rows.nth(1).getByRole('cell').nth(1).textContent()).toBe('82 °C');
    expect(await rows.nth(temps.length).getByRole('cell').nth(1).textContent()).toBe('84 °C');
    expect(await page.getByRole('region', { name: 'Maintenance' }).textContent()).toContain('none recorded');
    await expectAccessible('vehicle detail');

    // A bad odometer: the API's message on the field, which gets focus.
    await page.getByLabel('Odometer (km)').fill('-5');
    await page.getByRole('button', { name: 'Record service' }).click();
    const odometer = page.getByLabel('Odometer (km)');
    await expect.poll(() => odometer.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await odometer.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${errorId}`).textContent()).toBe('odometer must be at least 0 km');
    expect((await focused()).id).toBe('service-odometer');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: type a valid odometer and submit with Enter.
    await odometer.fill('');
    await page.keyboard.type('120200');
    await page.keyboard.press('Enter');
    await page.getByText('Service of TRK-103 recorded.', { exact: true }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Maintenance' }).textContent()).toContain('at 120,200 km');
    expect(await odometer.getAttribute('aria-invalid')).toBeNull();
    // With a service on record, the default pack's intervals are shown.
    await expect
      .poll(() => page.getByRole('list', { name: 'Service intervals' }).textContent())
      .toContain('Not due: 0 of 15,000 km since the last service (Service due)');

    // Live: a reading posted while the detail is open moves its state without a reload (last, since a
    // reading of now would leave the readings above, an hour or more old, behind the state).
    const state = page.getByRole('region', { name: 'State' });
    await postUntilShown('TRK-103', { speed: 58, lat: 41.9555, lng: -87.7111 }, state, '41.9555, -87.7111');
    expect(await state.textContent()).toContain('58 km/h');
    await signOut();
  }, 60_000);

  it('live positions: subscribes over the WebSocket, moves a vehicle when a reading with lat/lng is posted, unsubscribes on leave', async () => {
    await signInAs('Dana Dispatch');
    const sent: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
    // A fresh page load, so the socket opened is one this test watches.
    await page.goto(`${stack.url}/fleet/live`);
    await page.getByRole('heading', { level: 1, name: 'Live positions' }).waitFor();
    await expect.poll(() => page.locator('.connection').getAttribute('data-state')).toBe('connected');
    await expect
      .poll(() => sent.map((s) => JSON.parse(s)))
      .toContainEqual({ action: 'subscribe', topic: 'vehicle.position', vehicleId: '*' });
    // The subscription is stored before the frame's answer; give the server its round trip.
    await page.waitForTimeout(300);

    await postReadings([{ vehicleId: 'VAN-14', ts: new Date().toISOString(), lat: 41.7654, lng: -87.5432, speed: 37 }]);
    const row = page.getByRole('table', { name: 'Vehicle positions' }).getByRole('row').filter({ hasText: 'VAN-14' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('41.7654');
    expect(await row.textContent()).toContain('-87.5432');
    expect(await row.textContent()).toContain('37 km/h');
    await expect.poll(() => page.getByText('update since you opened this view', { exact: false }).count()).toBe(1);
    // On the plane, a labelled shape for the vehicle.
    const plane = page.getByRole('img', { name: /^Positions of \d+ vehicles?/ });
    expect(await plane.locator('.plane-vehicle text').allTextContents()).toContain('VAN-14');
    await expectAccessible('live positions');

    // Keyboard only: a vehicle in the table opens its detail, which ends the subscription.
    await page.getByRole('heading', { level: 1, name: 'Live positions' }).focus();
    await tabTo('VAN-14');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'VAN-14 · Mercedes Sprinter' }).waitFor();
    await expect
      .poll(() => sent.map((s) => JSON.parse(s)))
      .toContainEqual({ action: 'unsubscribe', topic: 'vehicle.position', vehicleId: '*' });
    await signOut();
  }, 60_000);

  it('rules: disable a default rule (persisted), restore it, create a geofence rule; a bad radius shows the API message on the field', async () => {
    await signInAs('Alice Admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alert rules' }).waitFor();
    const speeding = page.getByRole('listitem', { name: 'Speeding' });
    await speeding.waitFor();
    expect(await speeding.locator('.rule-source').textContent()).toBe('Default rule');
    expect(await speeding.locator('.severity').textContent()).toBe('■ Medium');
    await expectAccessible('rules');

    // Keyboard only: Tab to "Disable Speeding" and press it.
    await page.getByRole('heading', { level: 1, name: 'Alert rules' }).focus();
    await tabTo('Disable Speeding', 60);
    await page.keyboard.press('Enter');
    await expect.poll(() => speeding.locator('.rule-status').textContent()).toBe('Disabled');
    await page.reload();
    await page.getByRole('listitem', { name: 'Speeding' }).waitFor();
    expect(await speeding.locator('.rule-status').textContent()).toBe('Disabled');
    expect(await speeding.locator('.rule-source').textContent()).toBe('Default rule, changed for your fleet');

    // Re-threshold it, then restore the default.
    await speeding.getByLabel('Threshold: speed >').fill('130');
    await speeding.getByRole('button', { name: 'Save threshold of Speeding' }).click();
    await expect.poll(() => speeding.textContent()).toContain('speed > 130');
    await speeding.getByRole('button', { name: 'Restore default Speeding' }).click();
    await expect.poll(() => speeding.locator('.rule-source').textContent()).toBe('Default rule');
    expect(await speeding.locator('.rule-status').textContent()).toBe('Enabled');
    expect(await speeding.textContent()).toContain('speed > 120');

    // A bad radius: the API's field message on the radius field, focused and described.
    await page.getByLabel('Name').fill('Depot');
    await page.getByLabel('Centre latitude (°)').fill('41.8781');
    await page.getByLabel('Centre longitude (°)').fill('-87.6298');
    await page.getByLabel('Radius (m)').fill('-50');
    await page.getByRole('button', { name: 'Create geofence rule' }).click();
    const radius = page.getByLabel('Radius (m)');
    await expect.poll(() => radius.getAttribute('aria-invalid')).toBe('true');
    expect((await focused()).id).toBe('geofence-radius');
    const describedBy = (await radius.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('radiusM must be greater than 0');
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible('rules, a field error');

    // Fixed with the keyboard: the radius, then Enter submits; the rule is listed and stored.
    await radius.fill('');
    await page.keyboard.type('500');
    await page.keyboard.press('Enter');
    await page.getByText('Geofence rule Depot created.', { exact: true }).waitFor();
    const depot = page.getByRole('listitem', { name: 'Depot' });
    await expect.poll(() => depot.textContent()).toContain('exit 500 m around 41.8781, -87.6298');
    expect(await depot.locator('.rule-source').textContent()).toBe('Your fleet’s rule');
    expect(await depot.textContent()).toContain('GEOFENCE_EXIT');
    const token = await stack.issuer.issue({ tenantId: 'acme', userId: 'acme-admin', roles: ['admin'] });
    const stored = (await (
      await fetch(`${stack.url}/v1/rules`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: { name: string; condition: unknown; source: string }[] };
    expect(stored.items.find((r) => r.name === 'Depot')).toMatchObject({
      source: 'tenant',
      condition: { geofence: { circle: { lat: 41.8781, lng: -87.6298, radiusM: 500 } }, on: 'exit' },
    });

    // Delete it: it leaves the list and focus moves to the list's heading.
    await depot.getByRole('button', { name: 'Delete Depot' }).click();
    await expect.poll(() => depot.count()).toBe(0);
    expect((await focused()).text).toBe('Rules in force');
    await signOut();

    // A dispatcher has no Rules entry, and the address says "not found".
    await signInAs('Dana Dispatch');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).count()).toBe(0);
    await page.goto(`${stack.url}/rules`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await signOut();
  }, 90_000);

  it('rules: a change someone else saved first is not overwritten; the message says so, gets focus, and their version is shown', async () => {
    await signInAs('Alice Admin');
    await page.goto(`${stack.url}/rules`);
    const lowFuel = page.getByRole('listitem', { name: 'Low fuel' });
    await lowFuel.waitFor();
    expect(await lowFuel.locator('.rule-status').textContent()).toBe('Enabled');

    // Marcus raises Low fuel to HIGH through the API after Alice's page loaded it.
    const token = await stack.issuer.issue({ tenantId: 'acme', userId: 'acme-manager', roles: ['fleet_manager'] });
    const api = (method: string, body?: unknown) =>
      fetch(`${stack.url}/v1/rules/low-fuel`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const {
      ruleId: _id,
      source: _s,
      revision: _r,
      ...loaded
    } = (await (await api('GET')).json()) as Record<string, unknown>;
    expect((await api('PUT', { ...loaded, severity: 'HIGH' })).status).toBe(200);

    // Alice disables it with what she loaded: refused, said in words, focused, and Marcus's version is shown.
    await lowFuel.getByRole('button', { name: 'Disable Low fuel' }).click();
    const message = lowFuel.locator('.form-error');
    await expect.poll(() => message.textContent()).toMatch(/^Someone else changed this rule .* not saved/);
    expect(await message.getAttribute('role')).toBe('alert');
    expect((await focused()).text).toMatch(/^Someone else changed this rule/);
    await expect.poll(() => lowFuel.locator('.severity').textContent()).toBe('◆ High');
    expect(await lowFuel.locator('.rule-status').textContent()).toBe('Enabled');
    expect(await axeViolations(page)).toEqual([]);

    // Done again on the version now shown, it is saved.
    await lowFuel.getByRole('button', { name: 'Disable Low fuel' }).click();
    await expect.poll(() => lowFuel.locator('.rule-status').textContent()).toBe('Disabled');
    expect(await (await api('GET')).json()).toMatchObject({ severity: 'HIGH', enabled: false, revision: 2 });
    expect((await api('DELETE')).status).toBe(204);
    await signOut();
  }, 60_000);
});
