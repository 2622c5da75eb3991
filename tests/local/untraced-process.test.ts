import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * Imports `first`, then the handler registry (which loads aws-xray-sdk-core through the Tracer) in a
 * fresh Node process, and prints whether X-Ray came up in automatic mode: the mode is fixed when the
 * SDK loads, so only a process of its own shows it. The variable is removed from the child's
 * environment, so the answer comes from the import order alone.
 */
async function automaticModeAfter(first: string | undefined): Promise<boolean> {
  const script = [
    first ? `await import(${JSON.stringify(first)});` : '',
    "await import('./functions/modules/registry.ts');",
    "const xray = await import('aws-xray-sdk-core');",
    'process.stdout.write(String((xray.default ?? xray).isAutomaticMode()));',
  ].join('\n');
  const { AWS_XRAY_MANUAL_MODE: _dropped, ...env } = process.env;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env,
    timeout: 60_000,
  });
  return stdout.trim().endsWith('true');
}

// docs/adr/0029: the local stack traces nothing, so X-Ray's automatic mode (an async hook on every
// promise of the process) costs CPU for nothing there.
describe('X-Ray mode of a local-stack process', () => {
  it('is automatic when the handlers load first, as in a Lambda container (the hook this avoids)', async () => {
    expect(await automaticModeAfter(undefined)).toBe(true);
  });

  it('is manual when the process imports the local stack first', async () => {
    expect(await automaticModeAfter('./local/stack.ts')).toBe(false);
  });
});
