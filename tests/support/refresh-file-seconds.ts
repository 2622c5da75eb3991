import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Rewrites tests/support/file-seconds.json (the fresh-clone order of tests/support/duration-sequencer.ts)
 * from vitest's results cache of the last full `npm test` in this checkout.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const cacheDir = path.join(root, 'node_modules', '.vite', 'vitest');
const seconds: Record<string, number> = {};
for (const hash of readdirSync(cacheDir)) {
  const { results } = JSON.parse(readFileSync(path.join(cacheDir, hash, 'results.json'), 'utf8')) as {
    results: [string, { duration?: number }][];
  };
  for (const [key, result] of results) {
    // Keys are `project:tests/…`; the project name is the part before the first colon.
    const file = key.slice(key.indexOf(':') + 1);
    if (typeof result.duration === 'number') seconds[file] = Math.round(result.duration / 100) / 10;
  }
}
const sorted = Object.entries(seconds).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
writeFileSync(
  path.join(root, 'tests', 'support', 'file-seconds.json'),
  `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`,
);
process.stdout.write(`${sorted.length} files written to tests/support/file-seconds.json\n`);
