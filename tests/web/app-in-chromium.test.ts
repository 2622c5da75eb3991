import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { axeViolations } from './support/axe.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { raiseSeedFault, startWebStack } from './support/web-stack.js';

/**
 * The built PWA (web/dist) on the whole local stack, in headless Chromium: WCAG 2.1 AAA rules of
 * axe on every screen and state, keyboard-only use, reflow at 320 px, role-aware navigation, and
 * the Cognito code + PKCE flow against a stubbed managed login. Service workers are blocked here
 * (offline-service-worker.test.ts covers them) so page.route sees every request.
 */
describe('the web app in Chromium', () => {
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

  /** 0 axe violations in light and dark themes, with more contrast, and at 320 px wide. */
  async function expectAccessibleInEveryTheme(): Promise<void> {
    for (const media of [
      { colorScheme: 'light', contrast: 'no-preference' },
      { colorScheme: 'dark', contrast: 'no-preference' },
      { colorScheme: 'light', contrast: 'more' },
      { colorScheme: 'dark', contrast: 'more' },
    ] as const) {
      await page.emulateMedia(media);
      expect(await axeViolations(page), `${media.colorScheme}, contrast ${media.contrast}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await axeViolations(page), '320 px wide').toEqual([]);
    await expectNoHorizontalScroll();
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** WCAG 1.4.10: nothing is wider than the viewport, so nothing scrolls sideways. */
  async function expectNoHorizontalScroll(): Promise<void> {
    const overflow = await page.evaluate(() => {
      const doc = globalThis as unknown as {
        innerWidth: number;
        document: {
          documentElement: { scrollWidth: number };
          querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { right: number }; outerHTML: string }>;
        };
      };
      const wide = Array.from(doc.document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > doc.innerWidth + 0.5)
        .map((el) => el.outerHTML.slice(0, 80));
      return { scrollWidth: doc.document.documentElement.scrollWidth, innerWidth: doc.innerWidth, wide };
    });
    expect(overflow.wide).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
  }

  async function signInAs(namePrefix: string): Promise<void> {
    await page.goto(stack.url);
    const option = page.locator('#identity option', { hasText: namePrefix });
    await page.selectOption('#identity', (await option.getAttribute('value')) ?? '');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
  }

  const navLabels = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();

  it('signed out: the demo-user sign-in passes axe in every theme and reflows at 320 px', async () => {
    await page.goto(stack.url);
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
    await expect.poll(() => page.locator('#identity option').count()).toBeGreaterThan(5);
    await expectAccessibleInEveryTheme();
  });

  it('each role sees the navigation it can use, and its first screen passes axe', async () => {
    const expected: [string, string[], string][] = [
      ['Dana Dispatch', ['Alerts', 'Your overview'], 'Alerts for Acme Logistics'],
      ['Marcus Manager', ['Alerts', 'Your overview'], 'Alerts for Acme Logistics'],
      ['Alice Admin', ['Alerts', 'Your overview'], 'Alerts for Acme Logistics'],
      ['Sam Support', ['Alerts', 'Your overview'], 'Alerts for Acme Logistics'],
      ['Diego Ruiz', ['Your overview'], 'Your overview'],
      ['Telematix Integration', ['Your overview'], 'Your overview'],
    ];
    for (const [name, nav, heading] of expected) {
      await signInAs(name);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await navLabels(), name).toEqual(nav);
      expect(await axeViolations(page), name).toEqual([]);
      await signOut();
    }
    // A driver who types the alerts address gets "not found", not a screen of 403s.
    await signInAs('Diego Ruiz');
    await page.goto(`${stack.url}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await signOut();
  });

  it('keyboard only: signs in, reaches the newest live alert and opens it; focus is never lost or trapped', async () => {
    await page.goto(stack.url);
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: Record<string, string> | null } }).document
          .activeElement;
        return { tag: el?.tagName ?? 'NONE', id: el?.id ?? '', text: (el?.textContent ?? '').trim().slice(0, 60) };
      });
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to main content');
    await page.keyboard.press('Enter'); // the skip link lands in <main>
    for (let i = 0; i < 5 && (await focused()).id !== 'identity'; i++) await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('identity'); // Dana Dispatch, dispatcher, is the first choice
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Sign in');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Alerts for Acme Logistics' }).waitFor();
    expect((await focused()).tag).toBe('H1'); // focus follows the new screen
    await expect.poll(() => page.locator('.connection').getAttribute('data-state')).toBe('connected');

    await raiseSeedFault(stack, 'TRK-102');
    const newest = page.getByRole('list', { name: 'Live alerts, newest first' }).getByRole('link').first();
    await expect.poll(() => newest.textContent(), { timeout: 10_000 }).toBe('ENGINE_FAILURE on TRK-102');
    expect((await focused()).tag).toBe('H1'); // an arriving alert does not move focus
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('ENGINE_FAILURE on TRK-102');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'ENGINE_FAILURE on TRK-102' }).waitFor();
    expect(await focused()).toMatchObject({ tag: 'H1', text: 'ENGINE_FAILURE on TRK-102' });
    expect(await axeViolations(page)).toEqual([]);

    // Not trapped: Tab walks forward through distinct controls to the end of the page, and back.
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      if (now.tag === 'BODY' || now.tag === 'NONE') break;
      seen.push(`${now.tag}:${now.text}`);
    }
    expect(seen).toContain('BUTTON:Acknowledge alert');
    expect(seen.at(-1)).toBe('A:Health');
    expect(new Set(seen).size).toBe(seen.length);
    await page.keyboard.press('Shift+Tab');
    expect((await focused()).text).toBe('Health');
    await signOut();
  });

  it('an alert raised: the alert view and its detail pass axe in every theme and reflow at 320 px', async () => {
    await signInAs('Dana Dispatch');
    await expect.poll(() => page.locator('.connection').getAttribute('data-state')).toBe('connected');
    await raiseSeedFault(stack, 'VAN-12');
    await page.getByRole('link', { name: 'ENGINE_FAILURE on VAN-12' }).first().waitFor();
    // Severity is text and shape, never colour alone.
    expect(await page.locator('.alert-card .severity').first().textContent()).toBe('▲ Critical');
    await expectAccessibleInEveryTheme();

    // The filters ask the server: no medium alerts exist, critical ones do.
    await page.selectOption('#filter-severity', 'MEDIUM');
    await page.getByRole('button', { name: 'Show alerts' }).click();
    await page.getByText('No alerts match.').waitFor();
    await page.selectOption('#filter-severity', 'CRITICAL');
    await page.getByRole('button', { name: 'Show alerts' }).click();
    await page.getByRole('list', { name: 'Recent alerts, newest first' }).waitFor();

    await page.getByRole('link', { name: 'ENGINE_FAILURE on VAN-12' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'ENGINE_FAILURE on VAN-12' }).waitFor();
    await expectAccessibleInEveryTheme();
    await signOut();
  });

  it('Cognito: authorization code with PKCE, refresh before expiry, sign-out that revokes', async () => {
    const domain = `${stack.url}/stub-cognito`; // same origin: the local CSP allows it
    const calls: { path: string; form: URLSearchParams }[] = [];
    let authorize: URL | undefined;
    const token = (expiresInSeconds: number) =>
      stack.issuer.issue({ tenantId: 'acme', userId: 'acme-manager', roles: ['fleet_manager'], expiresInSeconds });
    await page.route(`${stack.url}/config.json`, (route) =>
      route.fulfill({
        json: {
          stage: 'test',
          region: 'eu-west-1',
          httpApiUrl: stack.url,
          webSocketUrl: stack.wsUrl,
          userPoolId: 'eu-west-1_test',
          userPoolClientId: 'web-client',
          userPoolDomain: domain,
        },
      }),
    );
    await page.route(`${domain}/**`, async (route) => {
      const url = new URL(route.request().url());
      const path = url.pathname.replace('/stub-cognito', '');
      if (path === '/oauth2/authorize') {
        authorize = url;
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state') ?? '' }).toString();
        return route.fulfill({ status: 302, headers: { location: back.toString() } });
      }
      if (path === '/logout') {
        return route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri') ?? '/' } });
      }
      const form = new URLSearchParams(route.request().postData() ?? '');
      calls.push({ path, form });
      if (path === '/oauth2/revoke') return route.fulfill({ status: 200, body: '' });
      // The first token lives 6 s, so the app must renew it (at half its life) during this test.
      const idToken = await token(form.get('grant_type') === 'authorization_code' ? 6 : 3600);
      return route.fulfill({ json: { id_token: idToken, refresh_token: 'the-refresh-token', token_type: 'Bearer' } });
    });

    await page.goto(stack.url);
    const button = page.getByRole('button', { name: 'Sign in with your fleetops account' });
    await button.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await button.click();
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();

    expect(authorize?.searchParams.get('response_type')).toBe('code');
    expect(authorize?.searchParams.get('client_id')).toBe('web-client');
    expect(authorize?.searchParams.get('redirect_uri')).toBe(`${stack.url}/auth/callback`);
    expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
    const exchange = calls.find((c) => c.path === '/oauth2/token');
    expect(exchange?.form.get('grant_type')).toBe('authorization_code');
    expect(exchange?.form.get('code')).toBe('the-code');
    const verifier = exchange?.form.get('code_verifier') ?? '';
    const { createHash } = await import('node:crypto');
    expect(authorize?.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(verifier).digest('base64url'),
    );
    expect(page.url()).toBe(`${stack.url}/alerts`); // the code is gone from the address bar
    await page.getByText('acme-manager').first().waitFor(); // no name or email claim: the username

    await expect
      .poll(() => calls.filter((c) => c.form.get('grant_type') === 'refresh_token').length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    expect(calls.find((c) => c.form.get('grant_type') === 'refresh_token')?.form.get('refresh_token')).toBe(
      'the-refresh-token',
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with your fleetops account' }).waitFor();
    await expect.poll(() => calls.some((c) => c.path === '/oauth2/revoke')).toBe(true);
    const revoke = calls.find((c) => c.path === '/oauth2/revoke');
    expect(revoke?.form.get('token')).toBe('the-refresh-token');
    expect(revoke?.form.get('client_id')).toBe('web-client');
    await page.unrouteAll({ behavior: 'wait' });
  });
});
