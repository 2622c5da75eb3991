/**
 * What JavaScript the first screen loads, from the build output: the entry and module preloads
 * named by dist/index.html plus every chunk they can import (workbox-window is loaded right after
 * start), each gzipped at level 9. The service worker's own files are not page JavaScript.
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
  // Every chunk under assets/ is reachable from the entry: count them all rather than guess.
  const all = readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return [...new Set([...named, ...all])]
    .map((file) => {
      const body = readFileSync(join(distDir, file));
      return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
