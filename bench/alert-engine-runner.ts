/**
 * One engine of the alert engine bench, alone in this process: `node <bundle> legacy|default|tenant`
 * prints its {@link EngineMeasurement} as one line of JSON. bench/alert-engine.bench.ts bundles this
 * file as the CDK bundles a function and runs it once per engine; with `BENCH_CPU_PROFILE=dir` the
 * measured passes are profiled (`alert-engine-<engine>.cpuprofile`, line numbers of the bundle).
 */
import { startProfile } from './cpu-profile.js';
import { ENGINES, type EngineMeasurement, type EngineName, measureEngine } from './fixtures/alert-engine-input.js';

const name = process.argv[2] ?? '';
if (!(name in ENGINES)) {
  process.stderr.write(`usage: alert-engine-runner ${Object.keys(ENGINES).join('|')}\n`);
  process.exit(2);
}
const stop = await startProfile(`alert-engine-${name}`);
const measured: EngineMeasurement = measureEngine(name as EngineName);
await stop();
process.stdout.write(`${JSON.stringify(measured)}\n`);
