import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/wiring/functions.js';

const root = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, predicate: (path: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter(predicate)
    .sort();
}

/** Relative imports of a module, resolved to repo paths (`.js` specifiers name `.ts` sources). */
function relativeImports(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(root, join(root, file, '..', s)).replace(/\.js$/, '.ts'));
}

/** Every module a file reaches through relative imports, itself included. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of relativeImports(file)) closure(dep, seen);
  return seen;
}

describe('function declarations', () => {
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s: entry and handler module exist', (_, declaration) => {
    expect(existsSync(join(root, declaration.entry)), declaration.entry).toBe(true);
    expect(existsSync(join(root, declaration.handler.module)), declaration.handler.module).toBe(true);
  });

  it.each(
    FUNCTIONS.map((f) => [f.name, f] as const),
  )('%s: handler module exports the declared factory', async (_, d) => {
    const module = (await import(pathToFileURL(join(root, d.handler.module)).href)) as Record<string, unknown>;
    expect(typeof module[d.handler.factory]).toBe('function');
  });

  it.each(
    FUNCTIONS.map((f) => [f.name, f] as const),
  )('%s: entry is one line calling the factory with awsDeps()', (_, d) => {
    const source = readFileSync(join(root, d.entry), 'utf8');
    expect(source).toContain(`export const handler = ${d.handler.factory}(awsDeps());`);
  });

  it('declares every *.lambda.ts under functions/', () => {
    const entries = filesUnder('functions', (p) => p.endsWith('.lambda.ts'));
    expect(entries).toEqual(FUNCTIONS.map((f) => f.entry).sort());
  });

  it('has unique names and entries', () => {
    expect(new Set(FUNCTIONS.map((f) => f.name)).size).toBe(FUNCTIONS.length);
    expect(new Set(FUNCTIONS.map((f) => f.entry)).size).toBe(FUNCTIONS.length);
  });
});

describe('module boundaries', () => {
  it('no function module imports from local/ (no local-only code in a Lambda bundle)', () => {
    const offenders = FUNCTIONS.flatMap((f) =>
      [...closure(f.entry)].filter((m) => m.startsWith('local/')).map((m) => `${f.entry} -> ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no file under functions/ imports from local/ or tests/', () => {
    const offenders = filesUnder('functions', (p) => p.endsWith('.ts')).filter((file) =>
      relativeImports(file).some((m) => m.startsWith('local/') || m.startsWith('tests/')),
    );
    expect(offenders).toEqual([]);
  });

  it('domain code imports no AWS SDK, no Lambda types and no adapters', () => {
    const offenders = filesUnder('functions/domain', (p) => p.endsWith('.ts')).filter((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      return (
        /from\s+['"](@aws-sdk\/|@aws-lambda-powertools\/|aws-lambda['"]|@middy\/)/.test(source) ||
        relativeImports(file).some((m) => m.startsWith('functions/adapters/') || m.startsWith('functions/platform/'))
      );
    });
    expect(offenders).toEqual([]);
  });

  it('handler modules depend on ports, not on AWS adapters (only entries wire awsDeps)', () => {
    const offenders = FUNCTIONS.filter((f) =>
      [...closure(f.handler.module)].some((m) => m === 'functions/platform/aws-deps.ts'),
    ).map((f) => f.handler.module);
    expect(offenders).toEqual([]);
  });
});
