import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import type { BindingKind } from '../../functions/platform/wiring/bindings.js';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { ENV } from '../../functions/platform/wiring/environment.js';
import { BUNDLE_BANNER, BUNDLE_EXTERNAL_MODULES } from '../../infra/constructs/fleet-function.js';
import { REPO_ROOT } from '../../infra/constructs/repo-root.js';

/**
 * Bundles every declared function as infra/constructs/fleet-function.ts does (esbuild through
 * NodejsFunction) and checks that no bundle carries a client its bindings do not grant. Also
 * prints each bundle's minified size and its cold-start init time (median of 5 fresh `node`
 * processes importing the bundle until `handler` exists); timing is reported, never asserted.
 */

const run = promisify(execFile);
const INIT_RUNS = 5;

/** Packages a bundle may reach only with a binding of the given kind. */
const RULES: readonly {
  readonly kind: BindingKind;
  readonly matches: (pkg: string) => boolean;
  readonly label: string;
}[] = [
  {
    kind: 'table',
    label: '@aws-sdk/client-dynamodb | @aws-sdk/lib-dynamodb',
    matches: (p) => p === '@aws-sdk/client-dynamodb' || p === '@aws-sdk/lib-dynamodb',
  },
  { kind: 'bus', label: '@aws-sdk/client-eventbridge', matches: (p) => p === '@aws-sdk/client-eventbridge' },
  { kind: 'notifier', label: '@aws-sdk/client-sns', matches: (p) => p === '@aws-sdk/client-sns' },
  {
    kind: 'websocket',
    label: '@aws-sdk/client-apigatewaymanagementapi',
    matches: (p) => p === '@aws-sdk/client-apigatewaymanagementapi',
  },
  { kind: 'search', label: '@opensearch-project/*', matches: (p) => p.startsWith('@opensearch-project/') },
  { kind: 'tokens', label: 'jose', matches: (p) => p === 'jose' },
  { kind: 'model', label: 'onnxruntime-node', matches: (p) => p === 'onnxruntime-node' },
];

/** The package a bare specifier or a node_modules path belongs to. */
function packageOf(specifierOrPath: string): string | undefined {
  const normalised = specifierOrPath.replaceAll('\\', '/');
  const index = normalised.lastIndexOf('node_modules/');
  const rest = index >= 0 ? normalised.slice(index + 'node_modules/'.length) : normalised;
  if (index < 0 && (rest.startsWith('.') || rest.startsWith('/') || rest.startsWith('node:'))) return undefined;
  const parts = rest.split('/');
  if (parts[0]?.startsWith('@')) return parts.length > 1 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

/** Packages a bundle imports as externals or bundles from node_modules. */
function packagesIn(metafile: Metafile): Set<string> {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) {
      if (!entry.external) continue;
      const pkg = packageOf(entry.path);
      if (pkg) found.add(pkg);
    }
  }
  for (const input of Object.keys(metafile.inputs)) {
    if (!input.includes('node_modules/')) continue;
    const pkg = packageOf(input);
    if (pkg) found.add(pkg);
  }
  return found;
}

interface Bundle {
  readonly declaration: FunctionDeclaration;
  readonly file: string;
  readonly bytes: number;
  readonly packages: Set<string>;
}

function kindsOf(declaration: FunctionDeclaration): Set<BindingKind> {
  return new Set(Object.values(declaration.bindings).map((binding) => binding.kind));
}

function violationsOf(bundle: Bundle): string[] {
  const kinds = kindsOf(bundle.declaration);
  return RULES.filter((rule) => !kinds.has(rule.kind))
    .flatMap((rule) => [...bundle.packages].filter(rule.matches).map((pkg) => `${pkg} without a ${rule.kind} binding`))
    .sort();
}

/** A placeholder of the right shape: adapters parse URLs at init, nothing is called. */
function dummyValue(name: string): string {
  if (/URL|ENDPOINT|ISSUER/.test(name)) return `https://dummy.invalid/${name.toLowerCase()}`;
  if (name.endsWith('_ARN')) return `arn:aws:sns:us-east-1:000000000000:app/GCM/${name.toLowerCase()}`;
  return `dummy-${name.toLowerCase().replaceAll('_', '-')}`;
}

function envFor(declaration: FunctionDeclaration): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_PATH: path.join(REPO_ROOT, 'node_modules'),
    POWERTOOLS_SERVICE_NAME: declaration.name,
    LOG_LEVEL: 'ERROR',
    [ENV.stage]: 'dev',
  };
  for (const binding of Object.values(declaration.bindings)) {
    for (const name of binding.env) env[name] = env[name] ?? dummyValue(name);
  }
  return env;
}

/** Evaluates the bundle in a fresh node process and returns the milliseconds its import took. */
async function initMillis(bundle: Bundle): Promise<number> {
  const script = [
    // What Lambda's Node.js runtime provides as a global; response-streaming handlers call it at init.
    'globalThis.awslambda ??= { streamifyResponse: (h) => h, HttpResponseStream: { from: (s) => s } };',
    'const t0 = performance.now();',
    `const m = await import(${JSON.stringify(pathToFileURL(bundle.file).href)});`,
    "if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }",
    'console.log(String(performance.now() - t0));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: envFor(bundle.declaration),
    cwd: path.dirname(bundle.file),
  });
  return Number(stdout.trim().split('\n').at(-1));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

let outDir = '';
const bundles = new Map<string, Bundle>();

beforeAll(async () => {
  // Under node_modules so that the bundles' bare imports of externals resolve from the repo (ESM ignores NODE_PATH).
  const cacheDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'bundles-test');
  await mkdir(cacheDir, { recursive: true });
  outDir = await mkdtemp(path.join(cacheDir, 'run-'));
  const built = await Promise.all(
    FUNCTIONS.map(async (declaration): Promise<Bundle> => {
      const file = path.join(outDir, declaration.name, 'index.mjs');
      const result = await build({
        entryPoints: [path.join(REPO_ROOT, declaration.entry)],
        absWorkingDir: REPO_ROOT,
        outfile: file,
        bundle: true,
        write: true,
        metafile: true,
        platform: 'node',
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        target: 'node22',
        format: 'esm',
        mainFields: ['module', 'main'],
        banner: { js: BUNDLE_BANNER },
        // The list FleetFunction passes; the externals resolve from the repo's node_modules here,
        // as they do from the runtime and the layers in Lambda.
        external: [...BUNDLE_EXTERNAL_MODULES],
        tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
        logLevel: 'silent',
      });
      return { declaration, file, bytes: (await stat(file)).size, packages: packagesIn(result.metafile) };
    }),
  );
  for (const bundle of built) bundles.set(bundle.declaration.name, bundle);
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('Lambda bundles', () => {
  it.each(
    FUNCTIONS.map((f) => [f.name, [...kindsOf(f)].sort().join(', ')]),
  )('%s bundles no client it has no binding for (binds: %s)', (name) => {
    const bundle = bundles.get(name);
    expect(bundle, `${name} was not bundled`).toBeDefined();
    expect(violationsOf(bundle as Bundle)).toEqual([]);
  });

  it(
    'reports bundle sizes and cold-start init times',
    async () => {
      const rows: string[] = [
        '| function | bindings | bundle (min, KB) | init median of 5 (ms) |',
        '| --- | --- | ---: | ---: |',
      ];
      // One process at a time: parallel runs on 2 cores would measure contention, not init.
      for (const bundle of bundles.values()) {
        const times: number[] = [];
        for (let i = 0; i < INIT_RUNS; i++) times.push(await initMillis(bundle));
        rows.push(
          `| ${bundle.declaration.name} | ${[...kindsOf(bundle.declaration)].sort().join(', ')} | ${(bundle.bytes / 1024).toFixed(1)} | ${median(times).toFixed(1)} |`,
        );
      }
      console.log(`\n${rows.join('\n')}\n`);
      expect(rows.length).toBe(FUNCTIONS.length + 2);
      // Sequential node processes: the budget grows with the number of functions.
    },
    Math.max(120_000, FUNCTIONS.length * INIT_RUNS * 2500),
  );
});
