/**
 * One engine of the alert engine bench, alone in this process: `node <bundle> legacy|default|tenant`
 * prints its {@link EngineMeasurement} as one line of JSON. bench/alert-engine.bench.ts bundles this
 * file as the CDK bundles a function and runs it once per engine. With `BENCH_CPU_PROFILE=dir` the
 * measuring (warm-up and passes, not the making of the input) is profiled into
 * `alert-engine-<engine>.cpuprofile`, with the bundle's line numbers.
 */
import { startProfile } from './cpu-profile.js';
import { ENGINES, type EngineMeasurement, type EngineName, prepareEngine } from './fixtures/alert-engine-input.js';

const name = process.argv[2] ?? '';
if (!(name in ENGINES)) {
  process.stderr.write(`usage: alert-engine-runner ${Object.keys(ENGINES).join('|')}\n`);
  process.exit(2);
}
const measureIt = prepareEngine(name as EngineName);
const stop = await startProfile(`alert-engine-${name}`);
const measured: EngineMeasurement = measureIt();
await stop();
process.stdout.write(`${JSON.stringify(measured)}\n`);
