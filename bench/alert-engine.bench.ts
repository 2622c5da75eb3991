/**
 * Alert engine throughput (C3): the pure domain engine alone, on the default pack plus 50 tenant
 * rules (20 of them geofences), beside the engine of main (bench/fixtures/legacy-alert-engine.ts) on
 * its own default pack, on the same readings in the same run. Each engine runs in a fresh `node`
 * process from an esbuild bundle of bench/alert-engine-runner.ts, built as the CDK builds a
 * function: what Lambda runs, and no engine's type feedback shaping the next one's code.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/constructs/repo-root.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';
import {
  BATCH,
  ENGINES,
  type EngineMeasurement,
  type EngineName,
  PASSES,
  READINGS_PER_PASS,
  SMALL_FLEET,
  VEHICLES,
} from './fixtures/alert-engine-input.js';

const run = promisify(execFile);

/** Bundles the runner (minified ESM, as infra/bundling/function-bundles.ts does) and returns the file. */
async function bundleRunner(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'alert-engine-runner.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'alert-engine-runner.ts')],
    absWorkingDir: REPO_ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    target: 'node22',
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  });
  return outfile;
}

/** Runs one engine in its own process and reads what it measured. */
async function measureInProcess(bundle: string, name: EngineName): Promise<EngineMeasurement> {
  const { stdout } = await run(process.execPath, [bundle, name], { env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as EngineMeasurement;
}

/** Runs the benchmark and returns its section of docs/benchmarks.md. */
export default async function runBench(): Promise<BenchSection> {
  const cacheDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'alert-engine-bench');
  await mkdir(cacheDir, { recursive: true });
  const outDir = await mkdtemp(path.join(cacheDir, 'run-'));
  try {
    const bundle = await bundleRunner(outDir);
    const rows: (string | number)[][] = [];
    // One after the other: each process has the machine's cores to itself but for the OS.
    for (const name of Object.keys(ENGINES) as EngineName[]) {
      const m = await measureInProcess(bundle, name);
      rows.push([
        ENGINES[name],
        m.rules,
        Math.round(quantile(m.perSecond, 0.5)).toLocaleString('en-US'),
        Math.round(Math.max(...m.perSecond)).toLocaleString('en-US'),
        (1e9 / quantile(m.perSecond, 0.5)).toFixed(0),
        m.firings.toLocaleString('en-US'),
      ]);
    }
    const table = markdownTable(
      ['engine', 'rules', `readings/s (median of ${PASSES})`, 'readings/s (best)', 'ns / reading', 'firings per pass'],
      rows,
    );
    const method = [
      `The pure domain engine alone (no DynamoDB, no models, no bus), in one Node ${process.version} thread on ${os.cpus()[0]?.model ?? 'an unknown CPU'}.`,
      `Each engine runs in a fresh \`node\` process of its own, one after the other, from an esbuild bundle of bench/alert-engine-runner.ts built as the CDK builds a function (minified ESM): the code Lambda runs, and no engine's type feedback or heap shaping another's (docs/adr/0134-alert-engine-as-lambda-runs-it.md).`,
      `Input: ${READINGS_PER_PASS.toLocaleString('en-US')} readings per pass in batches of ${BATCH} (the ingest maximum), ${VEHICLES} vehicles each reporting every 5 s in event time, every sensor present, positions on a random walk around Berlin; the same readings for every engine (seeded PRNG).`,
      `The last row evaluates the same rules and as many readings over ${SMALL_FLEET} vehicles: each vehicle's evaluation state is then visited ${BATCH / SMALL_FLEET} times per batch and the fleet's states take a fifth of the memory, and a rule fires at most once per vehicle and batch, so there are fewer firings (with ${VEHICLES} vehicles the engine is bound by visiting each vehicle's state once per reading, docs/adr/0134-alert-engine-as-lambda-runs-it.md).`,
      'Tenant rules: 10 circle geofences (enter/exit) and 10 eight-vertex polygons (enter/exit/inside/outside), half of each scoped to 20 vehicles; 15 thresholds (8 with forSeconds, 5 with autoResolveAfterSeconds); 10 all/any compounds (5 with forSeconds); 5 maintenance intervals. Every vehicle has service facts, a failure probability and an (empty) anomaly set, as the use case would supply.',
      'The new engine keeps its evaluation state (runs, geofence sides) in memory across batches, as the use case loads and saves it per batch; "before" is the engine of main (commit d076436), copied to bench/fixtures/legacy-alert-engine.ts, building its candidate alerts (with their SHA-256 ids) as it did.',
      `One warm-up of 100 batches, then ${PASSES} timed passes, each by an engine with empty evaluation state (so every pass sees event time move forward, as ingest does); readings/s = readings / wall time of a pass. Firings are per pass, before the repository's one-open-alert lock.`,
    ].join(' ');
    return { title: 'Alert engine throughput (C3)', method, table };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
