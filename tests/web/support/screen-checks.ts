import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { scrollWidth } from './alert-api.js';
import { axeViolations } from './axe.js';

/**
 * Signs in through the local sign-in screen as the seeded person whose name starts with `name`,
 * from whatever state the page is in: a test that failed half-way leaves its user signed in, and
 * the next one starts signed out all the same.
 */
export async function signInAs(page: Page, url: string, name: string, path = ''): Promise<void> {
  await page.goto(`${url}${path}`);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await page
    .getByRole('button', { name: /^(Sign in|Sign out)$/ })
    .first()
    .waitFor();
  if (await signOut.isVisible()) {
    await signOut.click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to fleetops' }).waitFor();
  }
  const option = page.locator('#identity option', { hasText: name });
  await page.selectOption('#identity', (await option.getAttribute('value')) ?? '');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signOut.waitFor();
}

/** The colour schemes every screen is checked in: light and dark, each also with more contrast. */
const SCHEMES = [
  { colorScheme: 'light', contrast: 'no-preference' },
  { colorScheme: 'dark', contrast: 'no-preference' },
  { colorScheme: 'light', contrast: 'more' },
  { colorScheme: 'dark', contrast: 'more' },
] as const;

/**
 * 0 axe violations (WCAG 2.1 A/AA/AAA) in every scheme of {@link SCHEMES}, and at 320 px, where
 * nothing scrolls sideways (WCAG 1.4.10); the page's media and viewport are put back after.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const media of SCHEMES) {
    await page.emulateMedia(media);
    expect(await axeViolations(page), `${what}: ${media.colorScheme}, contrast ${media.contrast}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await axeViolations(page), `${what}: 320 px`).toEqual([]);
  expect(await scrollWidth(page), `${what}: scrollWidth at 320 px`).toBeLessThanOrEqual(320);
  await page.setViewportSize(size);
}
