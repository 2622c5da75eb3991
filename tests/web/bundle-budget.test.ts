import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstScreenJs } from '../../web/scripts/first-screen-js.js';

const dist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Issue #8's budget, on the build the global setup made: ≤ 80 KB of gzipped JavaScript for the first screen. */
describe('web bundle budget', () => {
  it('loads at most 80 KB of gzipped JavaScript for the first screen', () => {
    const scripts = firstScreenJs(dist);
    const total = scripts.reduce((sum, s) => sum + s.gzipBytes, 0);
    const report = scripts.map((s) => `${s.file} ${(s.gzipBytes / 1024).toFixed(1)} KB`).join(', ');
    expect(total, report).toBeLessThanOrEqual(80 * 1024);
  });

  it('counts the entry, its static imports and workbox-window, not the lazy route screens', () => {
    const files = firstScreenJs(dist).map((s) => s.file);
    expect(files.some((f) => /^assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => f.startsWith('assets/workbox-window'))).toBe(true);
    // Screens behind import() (integrations, notifications, the chart library) load with their route.
    expect(files.filter((f) => /Screen-|uPlot/.test(f))).toEqual([]);
  });
});
