/**
 * The PWA's first screen: gzipped JavaScript from the build, and time to interactive in headless
 * Chromium against the local stack. Collected by bench/run.ts; `npx tsx bench/web.bench.ts` prints
 * this section alone.
 */
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../local/stack.js';
import { launchChromium } from '../tests/web/support/chromium.js';
import { ensureWebBuild } from '../web/scripts/build-if-stale.js';
import { firstScreenJs } from '../web/scripts/first-screen-js.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const LOADS = 20;

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function run(): Promise<BenchSection> {
  ensureWebBuild();
  const scripts = firstScreenJs(fileURLToPath(new URL('../web/dist', import.meta.url)));
  const stack = await startLocalStack({ port: 0, inMemory: true, simulator: false, logLevel: 'SILENT' });
  const browser = await launchChromium({ serviceWorkers: 'block' });
  const measure = async (cold: boolean): Promise<number[]> => {
    const cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: cold });
    const times: number[] = [];
    for (let i = 0; i < LOADS + 2; i++) {
      await browser.page.goto(stack.url);
      await browser.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      const tti = await browser.page.evaluate(
        () =>
          (
            globalThis as unknown as { performance: { getEntriesByName(n: string): { startTime: number }[] } }
          ).performance.getEntriesByName('fleetops:interactive')[0]?.startTime ?? Number.NaN,
      );
      if (i >= 2) times.push(tti); // two warm-up loads: Chromium's own start-up is not the app's
    }
    await cdp.detach();
    return times;
  };
  try {
    const cold = await measure(true);
    const warm = await measure(false);
    const total = scripts.reduce((sum, s) => sum + s.gzipBytes, 0);
    const row = (what: string, t: number[]) => [
      what,
      t.length,
      quantile(t, 0.5).toFixed(0),
      quantile(t, 0.95).toFixed(0),
      Math.max(...t).toFixed(0),
    ];
    const sizes = markdownTable(
      ['first-screen JavaScript', 'bytes', 'gzip KB'],
      [
        ...scripts.map((s) => [s.file.replace(/-[\w-]{8}\.js$/, '.js'), s.bytes, (s.gzipBytes / 1024).toFixed(1)]),
        ['**total** (budget 80 KB)', scripts.reduce((sum, s) => sum + s.bytes, 0), `**${(total / 1024).toFixed(1)}**`],
      ],
    );
    const tti = markdownTable(
      ['time to interactive (sign-in screen)', 'loads', 'p50 ms', 'p95 ms', 'max ms'],
      [row('no HTTP cache (first visit)', cold), row('HTTP cache warm (repeat visit)', warm)],
    );
    return {
      title: 'Web app: first-screen JavaScript and time to interactive',
      method: `Sizes are the build output (web/dist, \`vite build\`) of every script the first screen can load, gzipped at level 9 (tests/web/bundle-budget.test.ts asserts the budget on the same numbers). Time to interactive is the \`fleetops:interactive\` performance mark, set when the first screen that takes input has rendered after /config.json loaded, measured from navigation start, in headless Debian Chromium (\`--no-sandbox --disable-gpu\`, 1280×900) against the local stack on 127.0.0.1, service worker blocked so every load goes to the server; ${LOADS} loads after 2 warm-up loads, with the HTTP cache disabled, then enabled.`,
      table: `${sizes}\n\n${tti}`,
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const section = await run();
  process.stdout.write(`## ${section.title}\n\n${section.method}\n\n${section.table}\n`);
  process.exit(0);
}
