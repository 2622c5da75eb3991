import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import type { BindingKind, NotifierChannel } from '../../functions/platform/wiring/bindings.js';
import type { FunctionDeclaration } from '../../functions/platform/wiring/declaration.js';
import { ENV } from '../../functions/platform/wiring/environment.js';
import { BUNDLE_BANNER, BUNDLE_EXTERNAL_MODULES } from '../constructs/fleet-function.js';
import { REPO_ROOT } from '../constructs/repo-root.js';

/**
 * Bundles functions exactly as infra/constructs/fleet-function.ts has NodejsFunction bundle them
 * (esbuild: minify, source map, node22, ESM, the banner and the externals), for the test that
 * checks what each bundle carries (tests/infra/bundles.test.ts) and the bench that reports sizes
 * and cold-start init (bench/bundles.bench.ts). One definition, so the two cannot drift.
 */

const run = promisify(execFile);

/** One written bundle. */
export interface FunctionBundle {
  readonly declaration: FunctionDeclaration;
  /** The minified `index.mjs`. */
  readonly file: string;
  /** Size of `index.mjs` without its source map. */
  readonly bytes: number;
  /** Packages the bundle imports as externals or contains from node_modules. */
  readonly packages: ReadonlySet<string>;
  /** The node_modules files the bundle contains, as esbuild names them (`node_modules/zod/v4/mini/schemas.js`). */
  readonly modules: ReadonlySet<string>;
}

/** Bundles written under a temporary directory; `dispose` removes it. */
export interface FunctionBundles {
  readonly bundles: ReadonlyMap<string, FunctionBundle>;
  dispose(): Promise<void>;
}

/**
 * Packages a bundle may reach only with a binding of the given kind (and, for a notifier, one
 * that names the given channel).
 */
export const CLIENT_RULES: readonly {
  readonly kind: BindingKind;
  readonly channel?: NotifierChannel;
  readonly matches: (pkg: string) => boolean;
  readonly label: string;
}[] = [
  {
    kind: 'table',
    label: '@aws-sdk/client-dynamodb | @aws-sdk/lib-dynamodb',
    matches: (p) => p === '@aws-sdk/client-dynamodb' || p === '@aws-sdk/lib-dynamodb',
  },
  // Web Push signs and encrypts with its own crypto stack (asn1.js, bn.js, jws, http_ece: ~110 KB).
  { kind: 'notifier', channel: 'webpush', label: 'web-push', matches: (p) => p === 'web-push' },
  { kind: 'bus', label: '@aws-sdk/client-eventbridge', matches: (p) => p === '@aws-sdk/client-eventbridge' },
  {
    kind: 'notifier',
    label: '@aws-sdk/client-sns | @aws-sdk/client-sesv2',
    matches: (p) => p === '@aws-sdk/client-sns' || p === '@aws-sdk/client-sesv2',
  },
  {
    kind: 'websocket',
    label: '@aws-sdk/client-apigatewaymanagementapi',
    matches: (p) => p === '@aws-sdk/client-apigatewaymanagementapi',
  },
  {
    kind: 'search',
    label: '@opensearch-project/* | @smithy/signature-v4',
    matches: (p) => p.startsWith('@opensearch-project/') || p === '@smithy/signature-v4',
  },
  { kind: 'tokens', label: 'jose', matches: (p) => p === 'jose' },
  { kind: 'timers', label: '@aws-sdk/client-scheduler', matches: (p) => p === '@aws-sdk/client-scheduler' },
  { kind: 'cipher', label: '@aws-sdk/client-kms', matches: (p) => p === '@aws-sdk/client-kms' },
  { kind: 'model', label: 'onnxruntime-node', matches: (p) => p === 'onnxruntime-node' },
];

/** The binding kinds a declaration uses. */
export function kindsOf(declaration: FunctionDeclaration): Set<BindingKind> {
  return new Set(Object.values(declaration.bindings).map((binding) => binding.kind));
}

/** The notifier channels a declaration binds. */
export function channelsOf(declaration: FunctionDeclaration): Set<NotifierChannel> {
  return new Set(
    Object.values(declaration.bindings).flatMap((binding) => (binding.kind === 'notifier' ? binding.channels : [])),
  );
}

/** The clients a bundle carries without the binding that grants them, e.g. `jose without a tokens binding`. */
export function clientViolations(bundle: FunctionBundle): string[] {
  const kinds = kindsOf(bundle.declaration);
  const channels = channelsOf(bundle.declaration);
  const granted = (rule: (typeof CLIENT_RULES)[number]) =>
    kinds.has(rule.kind) && (rule.channel === undefined || channels.has(rule.channel));
  const binding = (rule: (typeof CLIENT_RULES)[number]) =>
    rule.channel ? `a ${rule.kind} binding with the ${rule.channel} channel` : `a ${rule.kind} binding`;
  return CLIENT_RULES.filter((rule) => !granted(rule))
    .flatMap((rule) => [...bundle.packages].filter(rule.matches).map((pkg) => `${pkg} without ${binding(rule)}`))
    .sort();
}

/**
 * Classic zod files a bundle carries. Schemas are built with `zod/mini` through
 * functions/platform/zod.ts (docs/adr/0126): one import of classic `zod` anywhere in a function's
 * graph brings back every schema method, `toJSONSchema` and its processors (~60 KB).
 */
export function classicZodModules(bundle: FunctionBundle): string[] {
  return [...bundle.modules].filter((file) => /node_modules\/zod\/(v4\/classic|v3)\//.test(file)).sort();
}

/**
 * Bundles every declaration with the CDK's options in one esbuild run: one entry point per
 * function, no code splitting, so each `index.mjs` is the file a build of that entry alone writes,
 * while the files the functions share (the platform, zod, Powertools) are read and parsed once
 * instead of once per function.
 */
export async function bundleFunctions(declarations: readonly FunctionDeclaration[]): Promise<FunctionBundles> {
  // Under node_modules so that the bundles' bare imports of externals resolve from the repo (ESM ignores NODE_PATH).
  const cacheDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'function-bundles');
  await mkdir(cacheDir, { recursive: true });
  const outDir = await mkdtemp(path.join(cacheDir, 'run-'));
  const result = await build({
    entryPoints: declarations.map((declaration) => ({
      in: path.join(REPO_ROOT, declaration.entry),
      out: path.join(declaration.name, 'index'),
    })),
    absWorkingDir: REPO_ROOT,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: false,
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
  const built = await Promise.all(
    declarations.map(async (declaration): Promise<FunctionBundle> => {
      const file = path.join(outDir, declaration.name, 'index.mjs');
      const reached = reachedInputs(result.metafile, path.relative(REPO_ROOT, file), declaration.entry);
      return { declaration, file, bytes: (await stat(file)).size, ...reached };
    }),
  );
  return {
    bundles: new Map(built.map((bundle) => [bundle.declaration.name, bundle])),
    dispose: () => rm(outDir, { recursive: true, force: true }),
  };
}

/**
 * Evaluates the bundle in a fresh `node` process with a placeholder for every bound variable and
 * returns the milliseconds its import took until the `handler` export existed.
 */
export async function initMillis(bundle: FunctionBundle): Promise<number> {
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

/**
 * The packages one output of a multi-entry build reaches: the externals it imports, and every
 * node_modules file reachable from its entry in the build's import graph — the files the
 * `inputs` of a build of that entry alone would list (returned as `modules`).
 */
function reachedInputs(
  metafile: Metafile,
  outputPath: string,
  entry: string,
): { packages: Set<string>; modules: Set<string> } {
  const found = new Set<string>();
  const modules = new Set<string>();
  const output = metafile.outputs[outputPath.replaceAll('\\', '/')];
  if (!output) throw new Error(`esbuild wrote no ${outputPath}`);
  for (const imported of output.imports) {
    if (!imported.external) continue;
    const pkg = packageOf(imported.path);
    if (pkg) found.add(pkg);
  }
  const reached = new Set<string>();
  const queue = [path.normalize(entry).replaceAll('\\', '/')];
  while (queue.length > 0) {
    const input = queue.pop() as string;
    if (reached.has(input) || !metafile.inputs[input]) continue;
    reached.add(input);
    for (const imported of metafile.inputs[input].imports) if (!imported.external) queue.push(imported.path);
  }
  for (const input of reached) {
    if (!input.includes('node_modules/')) continue;
    modules.add(input);
    const pkg = packageOf(input);
    if (pkg) found.add(pkg);
  }
  return { packages: found, modules };
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
