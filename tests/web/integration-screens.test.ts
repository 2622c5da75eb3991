import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { apiAs, focused, scrollWidth, tabTo } from './support/alert-api.js';
import { axeViolations } from './support/axe.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { startWebStack } from './support/web-stack.js';

/**
 * The integration screens (issue #11, admin) in Chromium on the whole local stack: the hub, partners
 * (register, secret shown once with Copy, rotate), webhook endpoints (create with event types, send
 * a test event to a real local receiver and see it in the delivery log, replay, disable), API keys
 * (create, shown once, revoke) and the API reference rendered from /v1/openapi.json; each by keyboard
 * alone, with axe (WCAG 2.1 A–AAA) in light, dark and more contrast, and 320 px reflow.
 */
/** The longer tests walk several screens with 4 axe runs each: room for a loaded 2-core machine. */
const LONG = 90_000;

describe('integration screens in Chromium', () => {
  let stack: LocalStack;
  let browser: TestBrowser;
  let page: Page;
  let receiver: Server;
  let receiverUrl: string;
  const received: { id: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push({ id: request.headers['webhook-id'] as string | undefined, body });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok, thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    [stack, browser] = await Promise.all([
      startWebStack({ allowLoopbackWebhooks: true }),
      launchChromium({ serviceWorkers: 'block' }),
    ]);
    page = browser.page;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function signInAs(name: string): Promise<void> {
    await page.goto(stack.url);
    await page
      .getByRole('button', { name: /^(Sign in|Sign out)$/ })
      .first()
      .waitFor();
    if (await page.getByRole('button', { name: 'Sign out' }).isVisible()) {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
    }
    const option = page.locator('#identity option', { hasText: name });
    await page.selectOption('#identity', (await option.getAttribute('value')) ?? '');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** 0 axe violations in light, dark and more contrast, and at 320 px, where nothing scrolls sideways. */
  async function expectAccessible(what: string): Promise<void> {
    for (const media of [
      { colorScheme: 'light', contrast: 'no-preference' },
      { colorScheme: 'dark', contrast: 'no-preference' },
      { colorScheme: 'dark', contrast: 'more' },
    ] as const) {
      await page.emulateMedia(media);
      expect(await axeViolations(page), `${what}: ${media.colorScheme}, contrast ${media.contrast}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await axeViolations(page), `${what}: 320 px`).toEqual([]);
    expect(await scrollWidth(page), `${what}: scrollWidth at 320 px`).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const heading = (name: string) => page.getByRole('heading', { level: 1, name });
  const clipboard = () =>
    page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
  const statusWith = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

  it(
    'webhooks by keyboard: create an endpoint with event types, copy its secret, send a test event, see it delivered, replay, disable',
    async () => {
      // Arrange: Alice (admin) opens Integrations from the nav, then Webhook endpoints
      await signInAs('Alice Admin');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
      await heading('Integrations').waitFor();
      await expectAccessible('integrations hub');
      await tabTo(page, (f) => f.text === 'Webhook endpoints');
      await page.keyboard.press('Enter');
      await heading('Webhook endpoints').waitFor();
      await page.getByText('No endpoints yet.').waitFor();

      // Act by keyboard: an empty form names what is missing and focuses it
      await tabTo(page, (f) => f.text === 'Add endpoint', { max: 40 });
      await page.keyboard.press('Enter');
      await page.getByText('Enter the URL deliveries are sent to', { exact: false }).waitFor();
      expect((await focused(page)).id).toBe('endpoint-url');
      await page.keyboard.type(receiverUrl);
      await tabTo(page, (f) => f.text === 'Add endpoint', { max: 40 });
      await page.keyboard.press('Enter');
      await page.getByText('Choose at least one event type.').waitFor();
      expect((await focused(page)).id).toBe('endpoint-events');
      await expectAccessible('webhook endpoints with errors');
      await tabTo(page, (f) => f.id === 'event-alert.raised');
      await page.keyboard.press('Space');
      await tabTo(page, (f) => f.id === 'event-ticket.created');
      await page.keyboard.press('Space');
      await tabTo(page, (f) => f.text === 'Add endpoint');
      await page.keyboard.press('Enter');

      // Assert: the secret is shown once, its heading has focus; Copy puts it on the clipboard, said in a live region
      await page.getByRole('heading', { level: 2, name: `Signing secret of ${receiverUrl}` }).waitFor();
      expect((await focused(page)).text).toBe(`Signing secret of ${receiverUrl}`);
      const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      await page.getByText('it will not be shown again', { exact: false }).waitFor();
      await tabTo(page, (f) => f.text === 'Copy signing secret');
      await page.keyboard.press('Enter');
      await statusWith(/^Copied\.$/).waitFor();
      expect(await clipboard()).toBe(secret);
      const list = page.getByRole('list', { name: 'Endpoints' });
      await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
      expect(await list.textContent()).toContain('● Enabled');
      expect(await list.textContent()).toContain('alert.raised, ticket.created');
      await expectAccessible('webhook endpoints with a new secret');

      // Act: open the endpoint, send a test event
      await tabTo(page, (f) => f.text === 'Open the new endpoint');
      await page.keyboard.press('Enter');
      await heading(`Endpoint ${receiverUrl}`).waitFor();
      await page.getByText('Nothing sent yet.').waitFor();
      await tabTo(page, (f) => f.text === 'Send test event');
      await page.keyboard.press('Enter');

      // Assert: the receiver got it, and the log shows the attempt with its code, duration and response
      await statusWith(/^Test event msg_\S+ sent/).waitFor();
      const log = page.getByRole('table', { name: 'Delivery attempts, newest first' });
      await expect.poll(() => log.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => log.getByRole('row').nth(1).textContent(), { timeout: 10_000 }).toContain('✓ Succeeded');
      const row = (await log.getByRole('row').nth(1).textContent()) ?? '';
      expect(row).toContain('webhook.test');
      expect(row).toContain('200');
      expect(row).toMatch(/\d+ ms/);
      expect(row).toContain('ok, thanks');
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ type: 'webhook.test' });
      const messageId = received[0]?.id ?? '';
      expect(row).toContain(messageId);
      await expectAccessible('endpoint with its delivery log');

      // Act: replay the message by keyboard, confirming the dialog
      page.once('dialog', (dialog) => void dialog.accept());
      await tabTo(page, (f) => f.text.startsWith('Replay'), { max: 40 });
      await page.keyboard.press('Enter');
      await statusWith(`Message ${messageId} is being sent again.`).waitFor();
      await expect.poll(() => log.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
      await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
      expect(received[1]?.id).toBe(messageId);

      // Act: disable it (confirmed); the state says so in words and shape, the test button cannot be used
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Disable' }).focus();
      await page.keyboard.press('Enter');
      await statusWith('Endpoint disabled.').waitFor();
      await page.getByText('⊘ Disabled', { exact: false }).first().waitFor();
      await page.getByText('an admin disabled it', { exact: false }).waitFor();
      expect(await page.getByRole('button', { name: 'Send test event' }).isDisabled()).toBe(true);
      const stored = await apiAs(stack, 'acme-admin', ['admin'], '/v1/webhook-endpoints');
      expect((stored.body as { items: { status: string; disabledReason?: string }[] }).items).toMatchObject([
        { status: 'disabled', disabledReason: 'manual' },
      ]);
      await expectAccessible('disabled endpoint');

      // A dismissed confirmation changes nothing
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('button', { name: 'Delete endpoint' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForTimeout(100);
      expect((await apiAs(stack, 'acme-admin', ['admin'], '/v1/webhook-endpoints')).body).toMatchObject({
        items: [{ status: 'disabled' }],
      });
    },
    LONG,
  );

  it(
    'partners: register one, its secret shown once and copied, rotate it; API keys: create, shown once, revoke',
    async () => {
      // Arrange: Alice is signed in (first test)
      await page.goto(`${stack.url}/integrations/partners`);
      await heading('Partners').waitFor();
      await page.getByText('No partners yet.').waitFor();

      // Act by keyboard: a Samsara telematics partner
      await page.getByLabel('Name').focus();
      await page.keyboard.type('Samsara EU fleet');
      await page.keyboard.press('Tab');
      await tabTo(page, (f) => f.id === 'partner-kind');
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('partner-scheme');
      await page.selectOption('#partner-scheme', 'samsara');
      await tabTo(page, (f) => f.text === 'Register partner');
      await page.keyboard.press('Enter');

      // Assert
      await page.getByRole('heading', { level: 2, name: 'Signing secret of Samsara EU fleet' }).waitFor();
      const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
      expect(secret).toMatch(/^whsec_/);
      await tabTo(page, (f) => f.text === 'Copy signing secret');
      await page.keyboard.press('Enter');
      await statusWith(/^Copied\.$/).waitFor();
      expect(await clipboard()).toBe(secret);
      const partners = page.getByRole('list', { name: 'Partners' });
      await expect.poll(() => partners.getByRole('listitem').count()).toBe(1);
      expect(await partners.textContent()).toContain('Samsara');
      await expectAccessible('partners with a new secret');

      // Act: rotate (confirmed): a different secret, the previous one's overlap shown
      page.once('dialog', (dialog) => void dialog.accept());
      await tabTo(page, (f) => f.text.startsWith('Rotate secret'), { max: 40 });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'New signing secret of Samsara EU fleet' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Signing secret' }).inputValue()).not.toBe(secret);
      await expect.poll(() => partners.textContent()).toContain('the previous one verifies until');

      // API keys: create with a scope, shown once, listed by prefix, revoke (confirmed)
      await page.goto(`${stack.url}/integrations/api-keys`);
      await heading('API keys').waitFor();
      await page.getByText('No API keys yet.').waitFor();
      await page.getByLabel('Name').focus();
      await page.keyboard.type('Samsara relay');
      await tabTo(page, (f) => f.id === 'scope-telemetry:write');
      await page.keyboard.press('Space');
      await tabTo(page, (f) => f.text === 'Create key');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'API key Samsara relay' }).waitFor();
      const key = await page.getByRole('textbox', { name: 'API key' }).inputValue();
      const keys = page.getByRole('list', { name: 'API keys' });
      await expect.poll(() => keys.getByRole('listitem').count()).toBe(1);
      const listed = (await keys.textContent()) ?? '';
      expect(listed).not.toContain(key);
      expect(listed).toContain(key.slice(0, 8));
      expect(listed).toContain('● Active');
      await expectAccessible('API keys with a new key');
      page.once('dialog', (dialog) => void dialog.accept());
      await tabTo(page, (f) => f.text.startsWith('Revoke'), { max: 40 });
      await page.keyboard.press('Enter');
      await expect.poll(() => keys.textContent()).toContain('⊘ Revoked');
      const used = await fetch(`${stack.url}/v1/vehicles`, { headers: { 'x-api-key': key } });
      expect(used.status).toBe(401);
    },
    LONG,
  );

  // Skipped: on this loaded machine (load 27 on 2 cores) the test passed none of its runs within 90 s and
  // the cause (axe over the whole rendered document? the render itself?) is not found yet: see the report.
  it(
    'API reference: operations grouped by tag with method, path, parameters and schemas, by keyboard',
    async () => {
      await signInAs('Alice Admin');
      await page.goto(`${stack.url}/integrations/api-reference`);
      await heading('API reference').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Outbound webhooks' }).waitFor();
      const summary = page.locator('summary', { hasText: 'POST /v1/webhook-endpoints' }).first();
      await summary.waitFor();
      await summary.focus();
      await page.keyboard.press('Enter');
      const detail = page.locator('details[open]').first();
      await detail.getByRole('heading', { level: 3, name: 'Request body' }).waitFor();
      const text = (await detail.textContent()) ?? '';
      expect(text).toContain('eventTypes required');
      expect(text).toContain('"alert.raised"');
      expect(text).toContain('url required');
      expect(text).toContain('201');
      await expectAccessible('API reference with an operation open');
    },
    LONG,
  );

  it('is for admins only: a fleet manager has no Integrations link and the addresses answer not found', async () => {
    await signInAs('Marcus Manager');
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).count(),
    ).toBe(0);
    await page.goto(`${stack.url}/integrations/webhooks`);
    await heading('Page not found').waitFor();
  });
});
