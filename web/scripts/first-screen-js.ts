/**
 * What JavaScript the first screen loads, from the build output: the entry and module preloads
 * named by dist/index.html plus every chunk they import statically (workbox-window is loaded right
 * after start, so it counts too; lazy route screens do not), each gzipped at level 9. The service worker's own files are not page JavaScript.
 * Used by tests/web/bundle-budget.test.ts (the budget) and bench/web.bench.ts (the record).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One JavaScript file of the first screen and its gzipped size. */
export interface ScriptSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The first screen's scripts in `distDir`, largest first. */
export function firstScreenJs(distDir: string): ScriptSize[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  if (named.length === 0) throw new Error(`no script in ${distDir}/index.html`);
  // The first screen is what the HTML names and what those files import statically (`from"./x.js"`),
  // transitively, plus workbox-window, which start-up imports at once to register the service
  // worker. A route's screen behind `import(...)` loads when someone opens that route: not first.
  const chunks = new Set(readdirSync(join(distDir, 'assets')).filter((f) => f.endsWith('.js')));
  const seen = new Set<string>();
  const queue = [...named, ...[...chunks].filter((f) => f.startsWith('workbox-window')).map((f) => `assets/${f}`)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) {
      if (chunks.has(match[1] as string)) queue.push(`assets/${match[1]}`);
    }
  }
  return [...seen]
    .map((file) => {
      const body = readFileSync(join(distDir, file));
      return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
