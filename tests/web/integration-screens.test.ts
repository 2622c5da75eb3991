import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { apiAs, focused, tabTo } from './support/alert-api.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { expectAccessible as checkAccessible, signInAs as signIn } from './support/screen-checks.js';
import { startWebStack } from './support/web-stack.js';

/**
 * The integration screens (issue #11, admin) in Chromium on the whole local stack: the hub, partners
 * (register, secret shown once with Copy, rotate), webhook endpoints (create with event types, send
 * a test event to a real local receiver and see it in the delivery log, replay, disable), API keys
 * (create, shown once, revoke), OAuth clients (create, shown once, token, revoke), endpoint edit,
 * "Load more" by cursor and the API reference rendered from /v1/openapi.json; each by keyboard
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

  const signInAs = (name: string) => signIn(page, stack.url, name);

  const expectAccessible = (what: string) => checkAccessible(page, what);

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

  it(
    'OAuth clients from the hub by keyboard: create with scopes, secret shown once and copied, its token works, revoke (confirmed) stops it',
    async () => {
      // Arrange: Alice is signed in (first test); the hub links the screen
      await page.goto(`${stack.url}/integrations`);
      await heading('Integrations').waitFor();
      await tabTo(page, (f) => f.text === 'OAuth clients', { max: 40 });
      await page.keyboard.press('Enter');
      await heading('OAuth clients').waitFor();
      await page.getByText('No OAuth clients yet.').waitFor();

      // Act by keyboard: an empty form names the name, then the scopes
      await tabTo(page, (f) => f.text === 'Create client', { max: 40 });
      await page.keyboard.press('Enter');
      await page.getByText('Enter a name, for example Samsara relay.').waitFor();
      expect((await focused(page)).id).toBe('client-name');
      await page.keyboard.type('Geotab relay');
      await tabTo(page, (f) => f.text === 'Create client');
      await page.keyboard.press('Enter');
      await page.getByText('Choose at least one scope.').waitFor();
      expect((await focused(page)).id).toBe('client-scopes');
      await expectAccessible('OAuth clients with errors');
      await tabTo(page, (f) => f.id === 'scope-vehicles:read');
      await page.keyboard.press('Space');
      await tabTo(page, (f) => f.text === 'Create client');
      await page.keyboard.press('Enter');

      // Assert: the secret once, focused, copied; the list shows the client without it
      await page.getByRole('heading', { level: 2, name: 'Client secret of Geotab relay' }).waitFor();
      expect((await focused(page)).text).toBe('Client secret of Geotab relay');
      const secret = await page.getByRole('textbox', { name: 'Client secret' }).inputValue();
      expect(secret.length).toBeGreaterThan(20);
      await tabTo(page, (f) => f.text === 'Copy client secret');
      await page.keyboard.press('Enter');
      await statusWith(/^Copied\.$/).waitFor();
      expect(await clipboard()).toBe(secret);
      const clients = page.getByRole('list', { name: 'OAuth clients' });
      await expect.poll(() => clients.getByRole('listitem').count()).toBe(1);
      const listed = (await clients.textContent()) ?? '';
      expect(listed).not.toContain(secret);
      expect(listed).toContain('vehicles:read');
      expect(listed).toContain('● Active');
      await expectAccessible('OAuth clients with a new secret');

      // The client gets a token at the local issuer and reads vehicles with it
      const { items } = (await apiAs(stack, 'acme-admin', ['admin'], '/v1/oauth-clients')).body as {
        items: { clientId: string }[];
      };
      const clientId = items[0]?.clientId ?? '';
      expect(listed).toContain(clientId);
      const tokenAnswer = await fetch(`${stack.url}/oauth2/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
      const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
      const readVehicles = () => fetch(`${stack.url}/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } });
      expect((await readVehicles()).status).toBe(200);

      // Act: revoke, confirmed; Assert: revoked in words and shape, the token refused
      page.once('dialog', (dialog) => void dialog.accept());
      await tabTo(page, (f) => f.text.startsWith('Revoke'), { max: 40 });
      await page.keyboard.press('Enter');
      await expect.poll(() => clients.textContent()).toContain('⊘ Revoked');
      expect((await readVehicles()).status).toBe(401);
    },
    LONG,
  );

  it(
    'edits an endpoint by keyboard (URL, event types, rate; a bad rate is named and focused), and lists load more by cursor',
    async () => {
      // Arrange: an endpoint made through the API, 21 more API keys than fit a page
      const made = await apiAs(stack, 'acme-admin', ['admin'], '/v1/webhook-endpoints', {
        method: 'POST',
        body: { url: receiverUrl, eventTypes: ['alert.raised'] },
      });
      const endpointId = (made.body as { endpointId: string }).endpointId;
      await page.goto(`${stack.url}/integrations/webhooks/${encodeURIComponent(endpointId)}`);
      await heading(`Endpoint ${receiverUrl}`).waitFor();

      // Act: open the form, change the URL, add an event type, give a rate out of range
      await tabTo(page, (f) => f.text === 'Edit endpoint', { max: 40 });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'Edit the endpoint' }).waitFor();
      await tabTo(page, (f) => f.id === 'edit-url', { max: 40 });
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(`${receiverUrl}/v2`);
      await tabTo(page, (f) => f.id === 'edit-event-alert.resolved');
      await page.keyboard.press('Space');
      await tabTo(page, (f) => f.id === 'edit-rate');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('500');
      await tabTo(page, (f) => f.text === 'Save changes');
      await page.keyboard.press('Enter');
      await page.getByText('Enter a whole number from 1 to 100.').waitFor();
      expect((await focused(page)).id).toBe('edit-rate');
      await expectAccessible('endpoint edit form with an error');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('5');
      await tabTo(page, (f) => f.text === 'Save changes');
      await page.keyboard.press('Enter');

      // Assert: saved, said in the live region, focus back on the button, the facts and the API agree
      await statusWith('Endpoint saved.').waitFor();
      await heading(`Endpoint ${receiverUrl}/v2`).waitFor();
      expect((await focused(page)).text).toBe('Edit endpoint');
      await page.getByText('at most 5 deliveries a second').waitFor();
      const stored = await apiAs(stack, 'acme-admin', ['admin'], `/v1/webhook-endpoints/${endpointId}`);
      expect(stored.body).toMatchObject({
        url: `${receiverUrl}/v2`,
        eventTypes: ['alert.raised', 'alert.resolved'],
        rateLimitPerSecond: 5,
      });

      // Load more: the first page is 20 keys; the button reads the next page and focus lands on its first record
      for (let i = 0; i < 21; i++) {
        await apiAs(stack, 'acme-admin', ['admin'], '/v1/api-keys', {
          method: 'POST',
          body: { name: `Bulk key ${String(i).padStart(2, '0')}`, scopes: ['vehicles:read'] },
        });
      }
      const all = (await apiAs(stack, 'acme-admin', ['admin'], '/v1/api-keys?limit=100')).body as {
        items: { name: string }[];
      };
      await page.goto(`${stack.url}/integrations/api-keys`);
      await heading('API keys').waitFor();
      const keys = page.getByRole('list', { name: 'API keys' });
      await expect.poll(() => keys.getByRole('listitem').count()).toBe(20);
      await tabTo(page, (f) => f.text === 'Load more API keys', { max: 200 });
      await page.keyboard.press('Enter');
      await expect.poll(() => keys.getByRole('listitem').count()).toBe(Math.min(all.items.length, 40));
      const landed = await focused(page);
      expect(landed.tag).toBe('LI');
      expect(landed.text.startsWith(all.items[20]?.name ?? '?')).toBe(true);
      await statusWith(`${all.items.length - 20} more API keys loaded; ${all.items.length} shown.`).waitFor();
      expect(await page.getByRole('button', { name: 'Load more API keys' }).count()).toBe(0);
      await expectAccessible('API keys after Load more');
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
