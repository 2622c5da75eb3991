import { readFileSync } from 'node:fs';
import { CLOCK_TICKS } from './child-cpu.js';

/**
 * CPU seconds the hypervisor has taken from this machine's vCPUs so far (`steal` of /proc/stat's
 * `cpu` line, all CPUs together): time our processes were ready to run and another guest ran.
 * The machine is shared, so a bench reports it beside its latencies. 0 where /proc is missing.
 */
export function stolenCpuSeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/);
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    return Number(fields[8] ?? 0) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
