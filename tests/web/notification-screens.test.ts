import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { type ApiAlert, apiAs, focused, postReadings, tabTo, waitForAlert } from './support/alert-api.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { expectAccessible as checkAccessible, signInAs as signIn } from './support/screen-checks.js';
import { startWebStack } from './support/web-stack.js';

/**
 * The notification screens (issue #12) in Chromium on the whole local stack: the header's unread
 * count moved by a live `notification.created` frame, the notification centre (read, archive, link
 * to the alert), notification settings with quiet hours and a time zone, the push opt-in's state
 * where push cannot work, the escalation policy editor (admin), the organisation's notification
 * policy (admin, linked from the escalation screen), and the alert's delivery record;
 * each by keyboard alone, with axe (WCAG 2.1 A–AAA) in light, dark and more contrast, and 320 px reflow.
 */
describe('notification screens in Chromium', () => {
  let stack: LocalStack;
  let browser: TestBrowser;
  let page: Page;
  let engine: ApiAlert;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack(), launchChromium({ serviceWorkers: 'block' })]);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const signInAs = (name: string) => signIn(page, stack.url, name);

  const expectAccessible = (what: string) => checkAccessible(page, what);

  const bell = () => page.getByRole('link', { name: /^Notifications \d+ unread$|^Notifications none unread$/ });

  it('centre: a live notification.created moves the unread count; read, archive and the alert link by keyboard', async () => {
    // Arrange: Dana (dispatcher) is signed in before the alert is raised
    await signInAs('Dana Dispatch');
    await expect.poll(() => bell().textContent()).toBe('Notifications none unread');

    // Act: a CRITICAL engine failure reaches Dana in-app (level 0 of the default ladder)
    await postReadings(stack, [{ vehicleId: 'TRK-101', engineTemp: 120, oilPressure: 10 }]);
    engine = await waitForAlert(stack, 'TRK-101', 'ENGINE_FAILURE');

    // Assert: the header counts it without a reload
    await expect.poll(() => bell().textContent(), { timeout: 10_000 }).toBe('Notifications 1 unread');

    // Keyboard: from the top of the page to the bell, then into the centre
    await page.keyboard.press('Home');
    await page.locator('body').focus();
    await tabTo(page, (f) => f.text.startsWith('Notifications ') && f.text.endsWith('unread'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Notification centre' }).waitFor();
    const list = page.getByRole('list', { name: 'All notifications' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    const item = list.getByRole('listitem').first();
    expect(await item.textContent()).toContain('CRITICAL ENGINE_FAILURE on TRK-101');
    expect(await item.textContent()).toContain('Unread');
    await expectAccessible('notification centre');

    // Mark read by keyboard: the entry says Read and the header's count drops
    await tabTo(page, (f) => f.text.startsWith('Mark read'));
    await page.keyboard.press('Enter');
    await expect.poll(() => item.textContent()).toContain('Read');
    await expect.poll(() => bell().textContent()).toBe('Notifications none unread');
    expect(await item.getByRole('button', { name: /^Mark read/ }).count()).toBe(0);

    // A second alert arrives live while the centre is open: first in the list, announced
    await postReadings(stack, [{ vehicleId: 'TRK-102', engineTemp: 120, oilPressure: 10 }]);
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 10_000 }).toBe(2);
    expect(await list.getByRole('listitem').first().textContent()).toContain('TRK-102');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'unread.' }).textContent()).toContain('New:');
    await expect.poll(() => bell().textContent()).toBe('Notifications 1 unread');

    // Archive the first (TRK-102) by keyboard: it leaves the list, focus lands on the next entry's link
    await page.getByRole('heading', { level: 2, name: 'All notifications' }).focus();
    await tabTo(page, (f) => f.text.startsWith('Archive'));
    await page.keyboard.press('Enter');
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    expect((await focused(page)).text).toBe('CRITICAL ENGINE_FAILURE on TRK-101');
    await expect.poll(() => bell().textContent()).toBe('Notifications none unread');

    // The entry links to its alert
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'ENGINE_FAILURE on TRK-101' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/alerts/${encodeURIComponent(engine.alertId)}`);
  });

  it('alert detail: the delivery record lists every attempt, masked, with reasons; it reflows at 320 px', async () => {
    // Arrange: on the alert from the first test (Dana is signed in)
    await page.goto(`${stack.url}/alerts/${encodeURIComponent(engine.alertId)}`);
    const record = page.getByRole('table', { name: 'Every attempt to notify someone about this alert' });

    // Assert: in-app sent, SMS sent to a masked number, e-mail sent, push not sent (no device)
    await expect.poll(() => record.getByRole('row').count()).toBeGreaterThan(3);
    const rows = (await record.getByRole('row').allTextContents()).join('\n');
    expect(rows).toContain('acme-dispatcher');
    expect(rows).toMatch(/SMS\+1•+\d\d✓ Sent/);
    expect(rows).toContain('Push—– Not sent: no number, address or device');
    expect(rows).toContain('level 1');
    expect(rows).not.toMatch(/\+1\d{10}/);
    await expectAccessible('alert delivery record');
  });

  it('settings: channels per severity with the required ones locked, quiet hours in a zone, saved by keyboard', async () => {
    // Arrange
    await signInAs('Diego Ruiz'); // a driver: notified, no alert screens
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notification settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    const criticalInApp = page.getByRole('checkbox', { name: 'Critical: In the app (required)' });
    await criticalInApp.waitFor();
    expect(await criticalInApp.isChecked()).toBe(true);
    expect(await criticalInApp.isDisabled()).toBe(true);
    // Push cannot work without a service worker: said so, nothing to press
    await page.getByText('You still get notifications in the app.', { exact: false }).waitFor();
    await expectAccessible('notification settings');

    // Act by keyboard: LOW push on, quiet hours on, a zone that does not exist
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).focus();
    await tabTo(page, (f) => f.id === 'ch-LOW-push');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'quiet-on');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'timezone');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Mars/Olympus');
    await tabTo(page, (f) => f.text === 'Save settings');
    await page.keyboard.press('Enter');

    // Assert: the error is tied to the field and has focus
    await page.getByText('Enter an IANA time zone such as Europe/Berlin.').waitFor();
    expect((await focused(page)).id).toBe('timezone');
    await expectAccessible('notification settings with an error');

    // Act: a real zone, then save
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('America/Chicago');
    await tabTo(page, (f) => f.text === 'Save settings');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved\.$/ })
      .waitFor();

    // Assert: stored for Diego as the contract says
    const saved = await apiAs(stack, 'acme-driver-1', ['driver'], '/v1/me/notification-preferences');
    expect(saved.body).toMatchObject({
      isDefault: false,
      channels: { LOW: ['in_app', 'push'], CRITICAL: ['in_app', 'push', 'sms'] },
      quietHours: { start: '22:00', end: '07:00', timezone: 'America/Chicago', allowCritical: true },
      digest: { frequency: 'off' },
    });
  });

  it('escalation (admin): edit the CRITICAL ladder by keyboard, errors focus their field; others cannot open it', async () => {
    // Arrange
    await signInAs('Alice Admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Escalation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Escalation policies' }).waitFor();
    const levels = page.locator('.level-card');
    await expect.poll(() => levels.count()).toBe(3); // the default CRITICAL ladder
    await page.getByText('This is the default policy: nothing saved yet.').waitFor();
    await expectAccessible('escalation policies');

    // Act by keyboard: add a level; its heading takes focus; set 20 minutes; save without a target
    await tabTo(page, (f) => f.text === 'Add a level', { max: 80 });
    await page.keyboard.press('Enter');
    await expect.poll(() => levels.count()).toBe(4);
    expect((await focused(page)).text).toBe('Level 4');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('20');
    await tabTo(page, (f) => f.text === 'Save the Critical policy', { max: 40 });
    await page.keyboard.press('Enter');

    // Assert: the missing target is named and focused
    await page.getByText('Choose at least one role or person.').waitFor();
    expect((await focused(page)).tag).toBe('FIELDSET');
    await expectAccessible('escalation policy with an error');

    // Act: the first role (dispatcher) of level 4, repeat once, save
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'policy-repeat', { max: 40 });
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (f) => f.text === 'Save the Critical policy');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved the Critical policy.' }).waitFor();

    // Assert
    const saved = await apiAs(stack, 'acme-admin', ['admin'], '/v1/escalation-policies/CRITICAL');
    expect(saved.body).toMatchObject({
      isDefault: false,
      repeat: 1,
      levels: [
        { afterSeconds: 0 },
        { afterSeconds: 300 },
        { afterSeconds: 600 },
        { afterSeconds: 1200, notify: { roles: ['dispatcher'] }, channels: ['in_app'] },
      ],
    });

    // A dispatcher has no Escalation link, and the address answers not found
    await signInAs('Dana Dispatch');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Escalation' }).count()).toBe(
      0,
    );
    await page.goto(`${stack.url}/settings/escalation`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });

  it('policy (admin, from the escalation screen): defaults, required channels and CRITICAL quiet hours by keyboard', async () => {
    // Arrange: the escalation screen links to the policy (no nav item of its own)
    await signInAs('Alice Admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Escalation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Escalation policies' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Escalation policies' }).focus();
    await tabTo(page, (f) => f.text === 'organisation notification policy');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Organisation notification policy' }).waitFor();
    await page.getByText('This is the platform’s default policy: nothing saved yet.').waitFor();
    const floor = page.getByRole('checkbox', { name: 'Required, Critical: In the app (always required)' });
    expect(await floor.isChecked()).toBe(true);
    expect(await floor.isDisabled()).toBe(true);

    // Act by keyboard: require e-mail for HIGH, which the defaults leave out, and save
    await page.getByRole('heading', { level: 1, name: 'Organisation notification policy' }).focus();
    await tabTo(page, (f) => f.id === 'req-HIGH-email', { max: 60 });
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.text === 'Save the policy');
    await page.keyboard.press('Enter');

    // Assert: the HIGH defaults are marked, described by the message, and the first has focus
    await page.getByText('High: the defaults must include E-mail, which you require.').waitFor();
    expect((await focused(page)).id).toBe('def-HIGH-in_app');
    await expectAccessible('notification policy with an error');

    // Act: HIGH e-mail on by default, CRITICAL no longer breaks quiet hours, save
    await page.locator('#def-HIGH-in_app').focus();
    await tabTo(page, (f) => f.id === 'def-HIGH-email');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'policy-break-through', { max: 40 });
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.text === 'Save the policy');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved\.$/ })
      .waitFor();

    // Assert: stored for acme as the API shows it; a dispatcher gets "not found"
    const saved = await apiAs(stack, 'acme-admin', ['admin'], '/v1/notification-policy');
    expect(saved.body).toMatchObject({
      isDefault: false,
      defaults: { HIGH: ['in_app', 'push', 'sms', 'email'], LOW: ['in_app'] },
      required: { HIGH: ['email'], CRITICAL: ['in_app'] },
      criticalBreaksQuietHours: false,
    });
    await signInAs('Dana Dispatch');
    await page.goto(`${stack.url}/settings/notification-policy`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });
});
