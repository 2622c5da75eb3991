import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, MODULES, TABLES } from '../../functions/modules/registry.js';
import { PLATFORM_ERRORS } from '../../functions/platform/errors.js';
import { IDEMPOTENCY_TABLE } from '../../functions/platform/idempotency/tables.js';
import { PLATFORM_TABLES } from '../../functions/platform/tables.js';

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
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s: entry exists and is one lambdaHandler() line', (_, d) => {
    expect(existsSync(join(root, d.entry)), d.entry).toBe(true);
    const source = readFileSync(join(root, d.entry), 'utf8');
    expect(source).toMatch(/export const handler = lambdaHandler\(\w+\);/);
    expect(source.split('\n').filter((line) => line.trim() !== '')).toHaveLength(3);
  });

  it.each(
    FUNCTIONS.map((f) => [f.name, f] as const),
  )('%s: the entry hands over this very declaration', async (_, d) => {
    const handlerModule = d.entry.replace(/\.lambda\.ts$/, '.handler.ts');
    const module = (await import(pathToFileURL(join(root, handlerModule)).href)) as Record<string, unknown>;
    const exported = readFileSync(join(root, d.entry), 'utf8').match(/lambdaHandler\((\w+)\)/)?.[1] ?? '';
    expect(module[exported]).toBe(d);
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

describe('modules', () => {
  it('each function lives in the folder of the one module that declares it', () => {
    const misplaced = MODULES.flatMap((module) =>
      module.functions
        .filter((f) => !f.entry.startsWith(`functions/modules/${module.name}/`))
        .map((f) => `${module.name}: ${f.entry}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('every table a binding or stream trigger names is owned by exactly one module or the platform', () => {
    const owners = new Map<string, number>();
    for (const t of PLATFORM_TABLES) owners.set(t.id, (owners.get(t.id) ?? 0) + 1);
    for (const module of MODULES) for (const t of module.tables) owners.set(t.id, (owners.get(t.id) ?? 0) + 1);
    const named = FUNCTIONS.flatMap((f) => [
      ...Object.values(f.bindings).flatMap((b) => (b.kind === 'table' ? [b.table] : [])),
      ...f.triggers.flatMap((t) => (t.kind === 'stream' ? [t.table] : [])),
    ]);
    expect(named.filter((t) => owners.get(t.id) !== 1 || TABLES[t.id] !== t).map((t) => t.id)).toEqual([]);
    expect([...owners.values()].every((n) => n === 1)).toBe(true);
  });

  it('a function with an idempotent route binds the idempotency table read-write as `idempotency`, and only then', () => {
    const wrong = FUNCTIONS.filter((f) => {
      const idempotent = f.triggers.some((t) => t.kind === 'http' && t.idempotent === true);
      const binding = f.bindings.idempotency;
      const bound = binding?.kind === 'table' && binding.table === IDEMPOTENCY_TABLE && binding.access === 'readWrite';
      return idempotent !== bound;
    }).map((f) => f.name);
    expect(wrong).toEqual([]);
    expect(FUNCTIONS.some((f) => f.bindings.idempotency !== undefined)).toBe(true);
  });

  it('registers each exposable error class once across the platform and the modules', () => {
    const classes = [...PLATFORM_ERRORS, ...MODULES.flatMap((m) => m.errors ?? [])];
    const codes = classes.map((c) => c.name);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('every stream trigger consumes a table that declares a stream', () => {
    const offenders = FUNCTIONS.flatMap((f) =>
      f.triggers.flatMap((t) => (t.kind === 'stream' && !t.table.stream ? [`${f.name}: ${t.table.id}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});

describe('module boundaries', () => {
  it('no function module imports from local/ (no local-only code in a Lambda bundle)', () => {
    const offenders = FUNCTIONS.flatMap((f) =>
      [...closure(f.entry)].filter((m) => m.startsWith('local/')).map((m) => `${f.entry} -> ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no file under functions/ imports from local/, tests/ or infra/', () => {
    const offenders = filesUnder('functions', (p) => p.endsWith('.ts')).filter((file) =>
      relativeImports(file).some((m) => m.startsWith('local/') || m.startsWith('tests/') || m.startsWith('infra/')),
    );
    expect(offenders).toEqual([]);
  });

  it('domain code and use cases import no AWS SDK, Powertools, middy or Lambda types, and no adapter', () => {
    const offenders = filesUnder(
      'functions/modules',
      (p) => (p.includes('/domain/') || p.includes('/use-cases/')) && p.endsWith('.ts'),
    ).filter((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      const isDomain = file.includes('/domain/');
      return (
        /from\s+['"](@aws-sdk\/|aws-lambda['"]|@middy\/)/.test(source) ||
        (isDomain && /from\s+['"]@aws-lambda-powertools\//.test(source)) ||
        relativeImports(file).some((m) => m.includes('/adapters/') || m.includes('/handlers/'))
      );
    });
    expect(offenders).toEqual([]);
  });

  it('only entries build AWS deps: no handler module reaches lambda-deps', () => {
    const offenders = FUNCTIONS.map((f) => f.entry.replace(/\.lambda\.ts$/, '.handler.ts')).filter((handler) =>
      [...closure(handler)].some((m) => m === 'functions/platform/runtime/lambda-deps.ts'),
    );
    expect(offenders).toEqual([]);
  });
});
