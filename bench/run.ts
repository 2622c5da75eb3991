/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line) and writes
 * their sections to docs/benchmarks.md with the machine they ran on. Figures are measured, never
 * asserted in tests: see DEVELOPERS.md "Performance is measured, not timed in tests".
 *
 * The file is rewritten after every stage, replacing only the sections this run measured (each
 * says when it last ran): a stage that throws is reported and the run goes on, exiting 1 at the end.
 */
// First: X-Ray must load in manual mode, before any handler module loads it (docs/adr/0029).
import '../local/runtime/untraced-process.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection } from './bench-section.js';
import { mergeSections, parseSections, renderBenchmarks, storedSection } from './benchmarks-file.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const target = join(benchDir, '..', 'docs', 'benchmarks.md');
const wanted = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
const ranOn = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;

const failed: string[] = [];
for (const file of files) {
  process.stderr.write(`bench: running ${file}\n`);
  try {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { default: () => Promise<BenchSection> };
    const section = await module.default();
    process.stderr.write(`${section.table}\n`);
    const existing = existsSync(target) ? parseSections(readFileSync(target, 'utf8')) : [];
    writeFileSync(target, renderBenchmarks(mergeSections(existing, [storedSection(section, ranOn, new Date())])));
  } catch (error) {
    failed.push(file);
    process.stderr.write(`bench: ${file} failed, its section is left as it was: ${(error as Error).stack ?? error}\n`);
  }
}
process.stderr.write(`bench: wrote ${target}${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}\n`);
process.exit(failed.length > 0 ? 1 : 0);
