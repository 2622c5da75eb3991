/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line) and writes
 * their sections to docs/benchmarks.md with the machine they ran on. Figures are measured, never
 * asserted in tests: see DEVELOPERS.md "Performance is measured, not timed in tests".
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection } from './bench-section.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const sections: BenchSection[] = [];
for (const file of files) {
  process.stderr.write(`bench: running ${file}\n`);
  const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { default: () => Promise<BenchSection> };
  const section = await module.default();
  sections.push(section);
  process.stderr.write(`${section.table}\n`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each section says how it measures.',
  '',
  `Last run: ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB.`,
  '',
].join('\n');
const body = sections.map((s) => `## ${s.title}\n\n${s.method}\n\n${s.table}\n`).join('\n');
writeFileSync(join(benchDir, '..', 'docs', 'benchmarks.md'), `${header}\n${body}`);
process.stderr.write('bench: wrote docs/benchmarks.md\n');
process.exit(0);
