import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * The directory named by `BENCH_CPU_PROFILE`: benches write the Node CPU profiles of their measured
 * phases there (`<phase>.cpuprofile`; open them in Chrome DevTools or speedscope). Unset: no profiling.
 */
export const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/**
 * Starts this process's CPU profiler when `BENCH_CPU_PROFILE` is set; the returned function stops
 * it and writes `<name>.cpuprofile`. In-process (the inspector), so it covers one phase of a bench
 * rather than the whole run that `node --cpu-prof` records.
 */
export async function startProfile(name: string): Promise<() => Promise<void>> {
  const dir = CPU_PROFILE_DIR;
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}
