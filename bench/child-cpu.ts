import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second: the unit of utime and stime in /proc/<pid>/stat and of /proc/stat. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds used so far by this process's child processes: the DynamoDB Local JVMs a bench's
 * stack (and the ingest bench's ceiling) started. Linux only (/proc); a child that exited counts 0.
 */
export function childCpuSeconds(): number {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)]).toString();
  } catch {
    return 0;
  }
  let ticks = 0;
  for (const pid of out
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited
    }
  }
  return ticks / CLOCK_TICKS;
}
