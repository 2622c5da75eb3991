import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/runtime/functions.js';

/** Every live descendant of `pid` with its command line, read from /proc (Linux, as CI). */
function descendants(pid: number): { pid: number; cmd: string }[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: { pid: number; cmd: string }[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift() as number) ?? []) {
      let cmd = '';
      try {
        cmd = readFileSync(join('/proc', String(child), 'cmdline'), 'utf8').replace(/\0/g, ' ');
      } catch {
        continue;
      }
      found.push({ pid: child, cmd });
      queue.push(child);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitForUrl(child: ChildProcess, log: { output: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start line within 80 s: ${output.slice(-2000)}`)), 80_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log.output += chunk.toString();
      const match = /local stack on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output.slice(-2000)}`)));
  });
}

describe('npm start (local/main.ts) as a process', () => {
  it.each([
    ['SIGTERM', '0/null'],
    ['SIGINT', '0/null'],
    // No handler runs on SIGKILL: the watchdog beside DynamoDB Local must still end it.
    ['SIGKILL', 'null/SIGKILL'],
  ] as const)(
    'serves, then on %s stops and leaves no DynamoDB Local (Java) process behind',
    async (signal, expectedExit) => {
      // Prepare: the same entry point `npm start` runs, in memory, on a free port.
      const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', '--in-memory'], {
        cwd: REPO_ROOT,
        env: { ...process.env, PORT: '0', SIMULATOR: 'off', LOG_LEVEL: 'WARN' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const log = { output: '' };
      const exited = new Promise<string>((resolve) => child.once('exit', (code, sig) => resolve(`${code}/${sig}`)));
      try {
        const url = await waitForUrl(child, log);
        const health = await fetch(`${url}/health`);
        expect(health.status).toBe(200);
        const java = descendants(child.pid as number).filter((p) => p.cmd.includes('DynamoDBLocal'));
        expect(java, log.output).toHaveLength(1);

        // Act
        child.kill(signal);
        const code = await exited;

        // Assess
        expect(code, log.output).toBe(expectedExit);
        for (let i = 0; i < 50 && java.some((p) => alive(p.pid)); i++) await new Promise((r) => setTimeout(r, 100));
        expect(
          java.filter((p) => alive(p.pid)),
          log.output,
        ).toEqual([]);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
    120_000,
  );
});
