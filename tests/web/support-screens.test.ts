import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Role } from '../../functions/platform/wiring/roles.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { expectAccessible as checkAccessible, signInAs as signIn } from './support/screen-checks.js';
import { startWebStack } from './support/web-stack.js';

interface Message {
  messageId: string;
  text: string;
  author: { type: string; id: string };
}

/**
 * The support chat and the agent console of the built PWA on the whole local stack, in headless
 * Chromium: Diego (a driver, on a phone-sized screen) asks the assistant and is handed to a person
 * with the keyboard only (the assistant's typing shown and announced on the way), sends two
 * messages offline that arrive once and in order, sees the agent typing, replying and reading live
 * without losing focus, starts a conversation offline that the server creates once on reconnect; Sam (an agent) works the ticket
 * in the console — claim, an internal note, a canned reply, resolve — and Diego rates it. axe
 * (WCAG 2.1 A/AA/AAA) in light, dark and more contrast, and reflow at 320 px, on every screen.
 */
describe('support chat and agent console in Chromium', () => {
  let stack: LocalStack;
  let browser: TestBrowser;
  let page: Page;
  let conversationId = '';
  let ticketId = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack(), launchChromium({ serviceWorkers: 'block' })]);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const token = (userId: string, roles: Role[]) => stack.issuer.issue({ tenantId: 'acme', userId, roles });
  async function api<T>(userId: string, roles: Role[], path: string, init: { method?: string; body?: unknown } = {}) {
    const response = await fetch(`${stack.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${await token(userId, roles)}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }
  const driverMessages = async () =>
    (await api<{ items: Message[] }>('acme-driver-1', ['driver'], `/v1/conversations/${conversationId}/messages`))
      .items;

  const signInAs = (name: string) => signIn(page, stack.url, name);

  const expectAccessible = (what: string) => checkAccessible(page, what);

  const focusedId = () =>
    page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { id?: string } | null } }).document.activeElement?.id,
    );

  /** Tabs forward until the element with `id` has focus (at most `max` presses). */
  async function tabToId(id: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await focusedId()) === id) return;
    }
    throw new Error(`Tab never reached #${id}; focus is on #${await focusedId()}`);
  }

  const messages = () => page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  const liveRegion = () => page.locator('.chat [aria-live="polite"]');

  it('a driver asks the assistant and reaches a person with the keyboard only, on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs('Diego Ruiz');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
    await page.getByRole('heading', { level: 1, name: 'Help' }).waitFor();
    await expectAccessible('conversation list');

    await tabToId('question');
    await page.keyboard.type('Where is TRK-101 right now?');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/help\/[0-9A-Z]{26}$/);
    conversationId = page.url().split('/').at(-1) as string;
    // The stack's first message loads the NLU models: slow on a busy machine
    await expect.poll(() => messages().count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const first = await messages().allTextContents();
    expect(first[0]).toContain('You');
    expect(first[0]).toContain('Where is TRK-101 right now?');
    expect(first[1]).toContain('Fleetops Assistant');
    expect(first[1]).toContain('TRK-101');
    expect(await messages().first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The bot's typing, in its own polite region: every text it shows is recorded as it happens
    // (the bot answers in milliseconds, so the words are there only between two frames).
    const typing = page.locator('.chat p.typing');
    expect(await typing.getAttribute('role')).toBe('status');
    await typing.evaluate((element) => {
      type Observer = new (callback: () => void) => { observe(target: unknown, options: object): void };
      const scope = globalThis as unknown as { typingSeen: string[]; MutationObserver: Observer };
      const seen: string[] = [];
      scope.typingSeen = seen;
      new scope.MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await tabToId('message');
    await page.keyboard.type('I want to talk to a person');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { typingSeen: string[] }).typingSeen))
      .toContain('Fleetops Assistant is typing…');
    await expect.poll(() => typing.textContent()).toBe('');
    const accept = page
      .getByRole('group', { name: 'Suggested answers' })
      .getByRole('button', { name: /talk to a person/i });
    await accept.first().waitFor();
    expect(await focusedId()).toBe('message');
    await expectAccessible('conversation with quick replies');
    await accept.first().focus();
    await page.keyboard.press('Enter');
    await page.getByText('A person from support has this conversation', { exact: false }).waitFor();
    await expect.poll(() => messages().last().textContent()).toMatch(/ticket/i);
    await expect
      .poll(async () => (await api<{ items: { ticketId: string }[] }>('acme-agent', ['agent'], '/v1/tickets')).items)
      .toHaveLength(1);
    ticketId = (await api<{ items: { ticketId: string }[] }>('acme-agent', ['agent'], '/v1/tickets')).items[0]
      ?.ticketId as string;
  });

  it('queues messages written offline and sends them once, in order, on reconnect', async () => {
    await page.locator('#message').focus();
    await browser.context.setOffline(true);
    try {
      for (const text of ['first while offline', 'second while offline']) {
        await page.keyboard.type(text);
        await page.keyboard.press('Enter');
      }
      await expect.poll(() => page.getByText('Waiting to send', { exact: false }).count()).toBe(2);
      await expectAccessible('conversation offline');
    } finally {
      await browser.context.setOffline(false);
    }
    await expect.poll(() => page.getByText('Waiting to send', { exact: false }).count(), { timeout: 15_000 }).toBe(0);
    const texts = (await driverMessages()).map((m) => m.text).filter((t) => t.endsWith('while offline'));
    expect(texts).toEqual(['first while offline', 'second while offline']);
    await expect
      .poll(async () => (await messages().allTextContents()).filter((t) => t.includes('while offline')).length)
      .toBe(2);
  });

  it('shows the agent typing, replying and reading live, announced politely, focus kept on the message box', async () => {
    await page.locator('#message').focus();
    const agentSocket = new WebSocket(`${stack.wsUrl}?token=${await token('acme-agent', ['agent'])}`);
    await new Promise((resolve, reject) => agentSocket.once('open', resolve).once('error', reject));
    try {
      agentSocket.send(JSON.stringify({ action: 'chat.typing', conversationId }));
      await page.getByText('Support agent is typing…').waitFor();
      await api('acme-agent', ['agent'], `/v1/tickets/${ticketId}/replies`, {
        method: 'POST',
        body: { text: 'Hi Diego, Sam here. Is the truck safe to drive?' },
      });
      await expect.poll(() => messages().last().textContent()).toContain('Sam here');
      expect(await messages().last().textContent()).toContain('Support agent');
      await expect.poll(() => liveRegion().textContent()).toContain('Support agent: Hi Diego, Sam here.');
      expect(await focusedId()).toBe('message');

      const own = (await driverMessages()).filter((m) => m.author.type === 'user').at(-1) as Message;
      agentSocket.send(JSON.stringify({ action: 'chat.read', conversationId, messageId: own.messageId }));
      await expect.poll(() => page.getByText('Read', { exact: true }).count()).toBeGreaterThan(0);
    } finally {
      agentSocket.close();
    }
  });

  it('starts a conversation offline: created once on reconnect, its messages once and in order', async () => {
    const conversations = async () =>
      (await api<{ items: { conversationId: string }[] }>('acme-driver-1', ['driver'], '/v1/conversations')).items;
    const before = await conversations();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
    await page.getByRole('heading', { level: 1, name: 'Help' }).waitFor();
    await browser.context.setOffline(true);
    try {
      await page.getByText('You are offline: your question waits', { exact: false }).waitFor();
      await page.locator('#question').focus();
      await page.keyboard.type('Is TRK-101 due for a service?');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/help\/local-[0-9a-f-]{36}$/);
      await tabToId('message');
      await page.keyboard.type('Thanks, I will wait');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByText('Waiting to send', { exact: false }).count()).toBe(2);
      expect((await messages().allTextContents()).map((t) => t.includes('Is TRK-101 due'))).toEqual([true, false]);
      await expectAccessible('conversation started offline');
    } finally {
      await browser.context.setOffline(false);
    }
    // Back online: the screen moves to the conversation the server started, its messages sent in order
    await page.waitForURL(/\/help\/[0-9A-Z]{26}$/, { timeout: 15_000 });
    const started = page.url().split('/').at(-1) as string;
    await expect.poll(() => page.getByText('Waiting to send', { exact: false }).count(), { timeout: 15_000 }).toBe(0);
    const after = await conversations();
    expect(after.length).toBe(before.length + 1);
    expect(after.map((c) => c.conversationId)).toContain(started);
    await expect
      .poll(async () =>
        (await api<{ items: Message[] }>('acme-driver-1', ['driver'], `/v1/conversations/${started}/messages`)).items
          .filter((m) => m.author.type === 'user')
          .map((m) => m.text),
      )
      .toEqual(['Is TRK-101 due for a service?', 'Thanks, I will wait']);
    await expect.poll(() => messages().count()).toBeGreaterThanOrEqual(4);
    const shown = await messages().allTextContents();
    expect(shown.filter((t) => t.includes('Is TRK-101 due for a service?'))).toHaveLength(1);
    expect(shown[1]).toContain('Fleetops Assistant');
  });

  it('an agent works the ticket in the console: queue, claim, internal note, canned reply, resolve', async () => {
    await api('acme-agent', ['agent'], '/v1/canned-responses', {
      method: 'POST',
      body: { title: 'Roadside help', text: 'Hi {{customer.name}}, roadside help for {{vehicle.id}} is booked.' },
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs('Sam Support');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    const queue = page.getByRole('list', { name: 'Queue' }).getByRole('listitem');
    await expect.poll(() => queue.count()).toBe(1);
    expect(await queue.first().textContent()).toContain('customer acme-driver-1');
    expect(await queue.first().textContent()).toMatch(/First response (met at|due in|overdue)/);
    await expectAccessible('ticket queue');
    await page.getByLabel('Words').fill('invoice');
    await page.getByRole('button', { name: 'Show tickets' }).click();
    await page.getByText('No tickets match.').waitFor();
    await page.getByLabel('Words').fill('');
    await page.getByRole('button', { name: 'Show tickets' }).click();
    await expect.poll(() => queue.count()).toBe(1);

    await queue.first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    const transcript = page.getByRole('list', { name: 'Conversation' }).getByRole('listitem');
    await expect
      .poll(() => transcript.allTextContents())
      .toContainEqual(expect.stringContaining('first while offline'));
    await page.getByRole('heading', { level: 2, name: 'Customer acme-driver-1' }).waitFor();
    expect(await page.locator('dl.facts').textContent()).toMatch(/Resolution(due in|overdue by|breached)/);

    await page.getByRole('button', { name: 'Claim' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Assigned to you.').waitFor();

    // An internal note, keyboard only: tick the box, write, Ctrl+Enter.
    await page.getByRole('checkbox', { name: 'Internal note (only agents see it)' }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Internal note', { exact: true }).focus();
    await page.keyboard.type('Coolant alert on TRK-101 looks real');
    await page.keyboard.press('Control+Enter');
    const note = transcript.filter({ hasText: 'Coolant alert on TRK-101 looks real' });
    await note.waitFor();
    expect(await note.textContent()).toContain('Internal note, not visible to the customer');

    // A canned reply, placeholders filled for this ticket, sent with the keyboard.
    await page.getByRole('checkbox', { name: 'Internal note (only agents see it)' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Insert' }).focus();
    await page.keyboard.press('Enter');
    expect(await focusedId()).toBe('reply-text');
    expect(await page.locator('#reply-text').inputValue()).toBe('Hi Diego Ruiz, roadside help for TRK-101 is booked.');
    await page.getByRole('button', { name: 'Send reply' }).focus();
    await page.keyboard.press('Enter');
    await transcript.filter({ hasText: 'roadside help for TRK-101 is booked' }).waitFor();
    await expectAccessible('ticket view');

    await page.getByLabel('Status', { exact: true }).selectOption('resolved');
    // A live update before the agent saves (another agent raises the priority) re-renders the form:
    // the agent's unsaved choice of status must survive it (it was reset to the ticket's, and the
    // save sent nothing).
    await api('acme-agent', ['agent'], `/v1/tickets/${ticketId}`, { method: 'PATCH', body: { priority: 'urgent' } });
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('Priorityurgent');
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('resolved');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('Statusresolved');
    const customerView = await driverMessages();
    expect(customerView.map((m) => m.text)).not.toContain('Coolant alert on TRK-101 looks real');
  });

  it('asks the driver to rate the help once it is resolved, and takes the rating by keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs('Diego Ruiz');
    await page.goto(`${stack.url}/help/${conversationId}`);
    const prompt = page.getByRole('group', { name: /How did we do/ });
    await prompt.waitFor();
    expect(await messages().allTextContents()).not.toContainEqual(expect.stringContaining('Coolant'));
    await expectAccessible('rating prompt');
    await prompt.getByRole('radio', { name: /^1/ }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await prompt.getByRole('radio', { name: /^5/ }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('csat-comment');
    await page.keyboard.type('Fast and friendly');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you for rating us 5 out of 5.').waitFor();
    const { ticket } = await api<{ ticket: { csat?: { score: number; comment?: string } } }>(
      'acme-driver-1',
      ['driver'],
      `/v1/tickets/${ticketId}`,
    );
    expect(ticket.csat).toMatchObject({ score: 5, comment: 'Fast and friendly' });
  });
});
