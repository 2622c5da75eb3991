import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { axeViolations } from './support/axe.js';
import { launchChromium, type TestBrowser } from './support/chromium.js';
import { startFakeCognito } from './support/fake-cognito.js';
import { signInAs as signIn } from './support/screen-checks.js';
import { raiseSeedFault, startWebStack } from './support/web-stack.js';

/**
 * The built PWA (web/dist) on the whole local stack, in headless Chromium: WCAG 2.1 AAA rules of
 * axe on every screen and state, keyboard-only use, reflow at 320 px, role-aware navigation, and
 * the Cognito code + PKCE flow against a fake managed login (support/fake-cognito.ts). Service workers are blocked here
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
  async function expectAccessibleInEveryTheme(what = ''): Promise<void> {
    for (const media of [
      { colorScheme: 'light', contrast: 'no-preference' },
      { colorScheme: 'dark', contrast: 'no-preference' },
      { colorScheme: 'light', contrast: 'more' },
      { colorScheme: 'dark', contrast: 'more' },
    ] as const) {
      await page.emulateMedia(media);
      expect(await axeViolations(page), `${what} ${media.colorScheme}, contrast ${media.contrast}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await axeViolations(page), `${what} 320 px wide`).toEqual([]);
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

  const signInAs = (name: string) => signIn(page, stack.url, name);

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

  it('each role sees the navigation it can use, and its first screen passes axe in every theme and at 320 px', async () => {
    const expected: [string, string[], string][] = [
      [
        'Dana Dispatch',
        ['Alerts', 'Fleet', 'Live positions', 'Help', 'Notification settings', 'Your overview'],
        'Alerts for Acme Logistics',
      ],
      [
        'Marcus Manager',
        ['Alerts', 'Fleet', 'Live positions', 'Rules', 'Help', 'Notification settings', 'Your overview'],
        'Alerts for Acme Logistics',
      ],
      [
        'Alice Admin',
        [
          'Alerts',
          'Fleet',
          'Live positions',
          'Rules',
          'Tickets',
          'Help',
          'Notification settings',
          'Escalation',
          'Integrations',
          'Your overview',
        ],
        'Alerts for Acme Logistics',
      ],
      [
        'Sam Support',
        ['Alerts', 'Fleet', 'Live positions', 'Tickets', 'Notification settings', 'Your overview'],
        'Alerts for Acme Logistics',
      ],
      ['Diego Ruiz', ['Fleet', 'Help', 'Notification settings', 'Your overview'], 'Fleet'],
      ['Telematix Integration', ['Your overview'], 'Your overview'],
    ];
    const screensSeen = new Set<string>();
    for (const [name, nav, heading] of expected) {
      await signInAs(name);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await navLabels(), name).toEqual(nav);
      expect(await axeViolations(page), name).toEqual([]);
      // Each distinct first screen (alerts with none raised yet, the overview) in every theme and at 320 px.
      if (!screensSeen.has(heading)) await expectAccessibleInEveryTheme(name);
      screensSeen.add(heading);
      await signOut();
    }
    // A driver who types the alerts address gets "not found", not a screen of 403s.
    await signInAs('Diego Ruiz');
    await page.goto(`${stack.url}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await signOut();
  }, 60_000);

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
      // The detail's forms have empty text boxes: their ids tell them apart.
      seen.push(`${now.tag}:${now.text || now.id}`);
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

  it('Cognito: authorization code with PKCE against a fake managed login, refresh before expiry, sign-out that revokes', async () => {
    const fake = await startFakeCognito({
      clientId: 'web-client',
      callbackUrls: [`${stack.url}/auth/callback`],
      logoutUrls: [`${stack.url}/`],
      user: { sub: 'acme-manager', tenantId: 'acme', groups: ['fleet_manager'] },
      // The first token lives 6 s, so the app must renew it (at half its life) during this test.
      idTokenSeconds: (grant) => (grant === 'authorization_code' ? 6 : 3600),
    });
    try {
      await page.route(`${stack.url}/config.json`, (route) =>
        route.fulfill({
          json: {
            stage: 'test',
            region: 'eu-west-1',
            httpApiUrl: stack.url,
            webSocketUrl: stack.wsUrl,
            userPoolId: 'eu-west-1_test',
            userPoolClientId: 'web-client',
            userPoolDomain: fake.url,
            redirectUri: `${stack.url}/auth/callback`,
            logoutUri: `${stack.url}/`,
          },
        }),
      );
      // The deployed CSP lists the managed-login domain in connect-src; do the same for the fake's origin.
      await page.route(
        (url) => url.origin === stack.url,
        async (route) => {
          if (route.request().resourceType() !== 'document') return route.fallback();
          const response = await route.fetch();
          const csp = response.headers()['content-security-policy'] ?? '';
          expect(csp).toContain("connect-src 'self'");
          return route.fulfill({
            response,
            headers: {
              ...response.headers(),
              'content-security-policy': csp.replace("connect-src 'self'", `connect-src 'self' ${fake.url}`),
            },
          });
        },
      );

      // Managed login is on the public internet; the fake is on loopback, which Chromium's Local
      // Network Access lets a page reach only with this permission (the routed document counts as public).
      await browser.context.grantPermissions(['local-network-access'], { origin: stack.url });

      await page.goto(stack.url);
      const button = page.getByRole('button', { name: 'Sign in with your fleetops account' });
      await button.waitFor();
      await expectAccessibleInEveryTheme('Cognito sign-in');
      await button.click();
      await page.getByRole('button', { name: 'Sign in as acme-manager' }).click(); // the fake's managed login
      await page.getByRole('heading', { level: 1, name: 'Alerts for acme' }).waitFor();

      // The fake only issued tokens because the verifier matched the S256 challenge it was given.
      const authorize = fake.calls.find((c) => c.path === '/oauth2/authorize');
      expect(Object.fromEntries(authorize?.params ?? [])).toMatchObject({
        response_type: 'code',
        client_id: 'web-client',
        redirect_uri: `${stack.url}/auth/callback`,
        code_challenge_method: 'S256',
      });
      const exchange = fake.calls.find((c) => c.params.get('grant_type') === 'authorization_code');
      expect(exchange?.status).toBe(200);
      expect(page.url()).toBe(`${stack.url}/alerts`); // the code is gone from the address bar
      await page.getByText('acme-manager').first().waitFor(); // no name or email claim: the username

      // Renewed before the 6 s token expired, with the refresh token.
      await expect
        .poll(() => fake.calls.filter((c) => c.params.get('grant_type') === 'refresh_token').length, {
          timeout: 10_000,
        })
        .toBeGreaterThanOrEqual(1);
      const renewal = fake.calls.find((c) => c.params.get('grant_type') === 'refresh_token');
      expect(renewal?.status).toBe(200);
      expect(renewal?.at).toBeLessThan(fake.idTokens[0]?.expiresAt ?? 0);
      const refreshToken = renewal?.params.get('refresh_token') ?? '';

      await page.getByRole('button', { name: 'Sign out' }).click();
      // The app shows the sign-in screen at once, then revokes and leaves for /logout, which comes back here.
      await expect.poll(() => fake.calls.some((c) => c.path === '/logout'), { timeout: 10_000 }).toBe(true);
      await page.waitForLoadState();
      await page.getByRole('button', { name: 'Sign in with your fleetops account' }).waitFor();
      const revoke = fake.calls.find((c) => c.path === '/oauth2/revoke');
      expect(revoke?.params.get('token')).toBe(refreshToken);
      expect(revoke?.params.get('client_id')).toBe('web-client');
      const logout = fake.calls.find((c) => c.path === '/logout');
      expect(logout?.status).toBe(302);
      expect(logout?.at).toBeGreaterThanOrEqual(revoke?.at ?? Number.POSITIVE_INFINITY);
      expect(page.url()).toBe(`${stack.url}/`);
      // Revoked at the server: the refresh token renews nothing any more.
      const again = await fetch(`${fake.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: 'web-client',
          refresh_token: refreshToken,
        }),
      });
      expect(again.status).toBe(400);
    } finally {
      await page.unrouteAll({ behavior: 'wait' });
      await browser.context.clearPermissions();
      await fake.close();
    }
  }, 60_000);
});
