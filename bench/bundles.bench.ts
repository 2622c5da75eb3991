/**
 * Lambda bundle sizes and cold-start init (issue #7, point 3): every declared function bundled as
 * the CDK bundles it (infra/bundling/function-bundles.ts), its minified size, and the median of 5
 * fresh `node` processes importing the bundle until its handler exists. A bare baseline process
 * (an empty ES module) is timed in the same rounds, so the figures can be read against what a
 * fresh process costs on this machine at that moment.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FUNCTIONS } from '../functions/modules/registry.js';
import { bundleFunctions, type FunctionBundle, initMillis, kindsOf } from '../infra/bundling/function-bundles.js';
import { type BenchSection, markdownTable } from './bench-section.js';

const RUNS = Number(process.env.BENCH_INIT_RUNS ?? 5);
const AIM_MEDIAN_KB = 120;
const AIM_LARGEST_KB = 350;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export default async function run(): Promise<BenchSection> {
  const built = await bundleFunctions(FUNCTIONS);
  try {
    const bundles = [...built.bundles.values()];
    // The baseline: an empty module in the same directory layout, imported the same way.
    const first = bundles[0] as FunctionBundle;
    const emptyFile = path.join(path.dirname(path.dirname(first.file)), 'empty.mjs');
    await writeFile(emptyFile, 'export const handler = () => undefined;\n');
    const baseline: FunctionBundle = { ...first, file: emptyFile, bytes: 0, packages: new Set(), modules: new Set() };
    const times = new Map<string, number[]>(bundles.map((b) => [b.declaration.name, []]));
    const baselineTimes: number[] = [];
    // Rounds interleave the functions, so a burst of load from other jobs hits all of them alike.
    for (let round = 0; round < RUNS; round++) {
      baselineTimes.push(await initMillis(baseline));
      for (const bundle of bundles) times.get(bundle.declaration.name)?.push(await initMillis(bundle));
    }
    const ml = (b: FunctionBundle) => kindsOf(b.declaration).has('model');
    const kb = (bytes: number) => bytes / 1024;
    const nonMl = bundles.filter((b) => !ml(b)).map((b) => kb(b.bytes));
    const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const rows = bundles
      .sort((a, b) => a.declaration.name.localeCompare(b.declaration.name))
      .map((b) => [
        b.declaration.name,
        [...kindsOf(b.declaration)].sort().join(', '),
        kb(b.bytes).toFixed(1),
        median(times.get(b.declaration.name) ?? []).toFixed(1),
      ]);
    rows.push(['(empty module, baseline)', '', '0', median(baselineTimes).toFixed(1)]);
    rows.push([
      `**median of ${nonMl.length} non-ML bundles**`,
      '',
      `**${median(nonMl).toFixed(1)}** (aim ≤ ${AIM_MEDIAN_KB})`,
      '',
    ]);
    rows.push([
      `**largest: ${largest.declaration.name}**`,
      '',
      `**${kb(largest.bytes).toFixed(1)}** (aim ≤ ${AIM_LARGEST_KB})`,
      '',
    ]);
    return {
      title: 'Lambda bundles: size and cold-start init',
      method: [
        `Every function of the registry (${bundles.length}) bundled with the options of infra/constructs/fleet-function.ts through infra/bundling/function-bundles.ts (esbuild: minify, source map, node22, ESM; \`@aws-sdk/*\`, onnxruntime-node and the platform layer's packages external, ADR 0054) — the same code tests/infra/bundles.test.ts uses to assert that no bundle carries a client it has no binding for.`,
        'Size is the minified `index.mjs` without its source map (externals come from the runtime and the layers in Lambda).',
        `Init is the median of ${RUNS} fresh \`node\` processes importing the bundle until its \`handler\` export exists, with a placeholder for every bound variable; externals resolve from the repository's node_modules. Rounds interleave all functions and an empty-module baseline (what a fresh process costs here at that moment), one process at a time.`,
      ].join(' '),
      table: markdownTable(['function', 'bindings', 'bundle (min, KB)', `init median of ${RUNS} (ms)`], rows),
    };
  } finally {
    await built.dispose();
  }
}
