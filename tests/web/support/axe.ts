import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets of issue #8: WCAG 2.0/2.1 A, AA and AAA, and 2.2 AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on the page and returns one line per failing node ("rule: selector — summary").
 * axe goes in through DevTools evaluation, which the page's CSP (script-src 'self') does not block.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as { axe: AxeLike; document: DocumentLike };
    // A card still fading in (the `arrive` animation) blends its colours with the page, so axe would measure a
    // contrast no one reads: a card that arrived just before the check failed color-contrast-enhanced at 6.7:1.
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
    );
  }, AXE_TAGS);
}

interface DocumentLike {
  getAnimations(): {
    finished: Promise<unknown>;
    effect: { getComputedTiming(): { iterations?: number } } | null;
  }[];
}

interface AxeLike {
  run(
    context: unknown,
    options: object,
  ): Promise<{
    violations: { id: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
  }>;
}
