import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../local/runtime/functions.js';

/**
 * `npm start`'s entry point (`node --import tsx local/main.ts`, ADR 0026) as a child process of the
 * test, on disk in `dataDir`, for tests that kill the whole stack and start it again on the same data.
 */
export interface StackProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:{port}` from the start line. */
  readonly url: string;
  /** DynamoDB Local's endpoint, from the "local stack ready" log line (INFO and below). */
  readonly dynamoEndpoint: string | undefined;
  /** The DynamoDB Local (Java) processes below the stack when it was ready. */
  readonly javaPids: readonly number[];
  /** Resolves with `code/signal` when the process has ended. */
  readonly exited: Promise<string>;
  /** The last lines the stack wrote (stdout JSON logs and stderr), for assertion messages. */
  tail(lines?: number): string;
}

export interface StartStackProcessOptions {
  readonly dataDir: string;
  /** @default 'INFO' (the ready line with the DynamoDB endpoint is logged at INFO) */
  readonly logLevel?: string;
  /** @default 60000 */
  readonly startTimeoutMs?: number;
}

/** Every live descendant of `pid` with its command line, read from /proc (Linux, as CI). */
export function descendants(pid: number): { pid: number; cmd: string }[] {
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

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is still a DynamoDB Local (Java) process (not a recycled pid). */
export function isDynamoDbLocal(pid: number): boolean {
  try {
    return readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

/** Polls `condition` every `intervalMs` until it holds (true) or `timeoutMs` passed (false). */
export async function pollUntil(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs = 100 }: { timeoutMs: number; intervalMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Spawns the local stack on a free port (PORT=0: the kernel picks it, the start line says which),
 * without the simulator, and resolves once `/health` answers 200. Rejects (and kills the child) if
 * the process exits first or nothing answers within the timeout.
 */
export async function startStackProcess(options: StartStackProcessOptions): Promise<StackProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    FLEETOPS_DATA_DIR: options.dataDir,
    SIMULATOR: 'off',
    LOG_LEVEL: options.logLevel ?? 'INFO',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.FLEETOPS_IN_MEMORY;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${code}/${signal}`)));

  const lines: string[] = [];
  const keep = (line: string) => {
    // Successful requests are the bulk of INFO and say nothing a failing assertion needs.
    if (/"message":"request".*"status":[23]\d\d/.test(line)) return;
    lines.push(line);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  const tail = (count = 40) => lines.slice(-count).join('\n');
  let dynamoEndpoint: string | undefined;
  const lineReader = (onLine: (line: string) => void) => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.trim() !== '') onLine(line);
    };
  };
  child.stdout?.on(
    'data',
    lineReader((line) => {
      keep(line);
      if (dynamoEndpoint === undefined && line.includes('local stack ready')) {
        try {
          const entry = JSON.parse(line) as { dynamoEndpoint?: unknown };
          if (typeof entry.dynamoEndpoint === 'string') dynamoEndpoint = entry.dynamoEndpoint;
        } catch {
          // Not a JSON log line.
        }
      }
    }),
  );

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start line within ${options.startTimeoutMs ?? 60_000} ms:\n${tail()}`));
    }, options.startTimeoutMs ?? 60_000);
    child.stderr?.on(
      'data',
      lineReader((line) => {
        keep(`[stderr] ${line}`);
        const match = /local stack on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      }),
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited early with ${code}:\n${tail()}`));
    });
  });

  const healthy = await pollUntil(
    async () => {
      try {
        return (await fetch(`${url}/health`)).status === 200;
      } catch {
        return false;
      }
    },
    { timeoutMs: 10_000 },
  );
  if (!healthy) {
    child.kill('SIGKILL');
    throw new Error(`${url}/health never answered 200:\n${tail()}`);
  }
  const javaPids = descendants(child.pid as number)
    .filter((p) => p.cmd.includes('DynamoDBLocal'))
    .map((p) => p.pid);
  return { child, url, dynamoEndpoint, javaPids, exited, tail };
}

/**
 * Ends a stack started here and what it started: SIGTERM (the stack stops DynamoDB Local itself),
 * SIGKILL after `graceMs`, then SIGKILL any of its Java processes still alive.
 */
export async function stopStackProcess(stack: StackProcess | undefined, graceMs = 5000): Promise<void> {
  if (!stack) return;
  if (stack.child.exitCode === null && stack.child.signalCode === null) {
    stack.child.kill('SIGTERM');
    const timer = setTimeout(() => stack.child.kill('SIGKILL'), graceMs);
    await stack.exited;
    clearTimeout(timer);
  }
  for (const pid of stack.javaPids) {
    if (isDynamoDbLocal(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
}
