import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** CPU architectures a Lambda function can run on. */
export type LambdaArchitecture = 'arm64' | 'x64';

/** Options for {@link buildMlLayer}. */
export interface BuildMlLayerOptions {
  /**
   * Architecture of the functions that attach the layer; only that Linux binary is copied.
   * @default 'arm64'
   */
  architecture?: LambdaArchitecture;
  /**
   * Names of the models to ship (`<name>.onnx` and its `<name>.json` metadata from `ml/models`).
   * Each must exist there; a model that needs another (clinc150 reads word-vectors) lists both.
   * @default every model in ml/models
   */
  models?: readonly string[];
}

/** Model names in `modelsDir`: every `<name>.onnx` that has its `<name>.json` metadata beside it. */
export function availableModels(modelsDir: string = path.join(repoRoot, 'ml', 'models')): string[] {
  if (!existsSync(modelsDir)) return [];
  const files = new Set(readdirSync(modelsDir));
  return [...files]
    .filter((file) => file.endsWith('.onnx') && files.has(file.replace(/\.onnx$/, '.json')))
    .map((file) => file.replace(/\.onnx$/, ''))
    .sort();
}

/**
 * The model names to ship, checked against what `modelsDir` holds.
 * @throws naming the unknown model and the available ones, on duplicates, or on an empty list.
 */
export function resolveModels(modelsDir: string, models?: readonly string[]): string[] {
  const available = availableModels(modelsDir);
  if (models === undefined) return available;
  if (models.length === 0) throw new Error('models is empty: a layer without models has nothing to serve');
  const unknown = models.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown model(s) ${unknown.join(', ')}; ml/models has ${available.join(', ') || 'none'}`);
  }
  const duplicates = models.filter((name, index) => models.indexOf(name) !== index);
  if (duplicates.length > 0) throw new Error(`models lists ${duplicates.join(', ')} twice`);
  return [...models].sort();
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Walks up from a resolved entry file to the directory holding the package's package.json. */
function packageDir(from: string, name: string): string {
  const require = createRequire(from);
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist' || dir.endsWith('cjs')) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot locate package directory of ${name}`);
    dir = parent;
  }
  return dir;
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += directorySize(full);
    else total += statSync(full).size;
  }
  return total;
}

/**
 * Writes the ML Lambda layer into `outputDir`:
 * - `nodejs/node_modules/onnxruntime-node` with only the Linux binary for `architecture`
 *   (the full package is ~288 MB, over Lambda's 250 MB unzipped limit; one binary is 25–45 MB),
 * - `nodejs/node_modules/onnxruntime-common` (its only runtime dependency; `adm-zip` and
 *   `global-agent` serve the install script alone and are left out),
 * - `models/<name>.onnx` and `models/<name>.json` for each of `models` (default: all) from
 *   `ml/models`, which Lambda mounts at `/opt/models`.
 *
 * Functions that attach the layer mark `onnxruntime-node` as external when bundling.
 * The directory is cleared first so that a stale binary of the other architecture never ships.
 */
export function buildMlLayer(outputDir: string, options: BuildMlLayerOptions = {}): { unzippedBytes: number } {
  const architecture = options.architecture ?? 'arm64';
  if (architecture !== 'arm64' && architecture !== 'x64') {
    throw new Error(`buildMlLayer: architecture must be 'arm64' or 'x64', got ${String(architecture)}`);
  }
  const ortDir = packageDir(path.join(repoRoot, 'package.json'), 'onnxruntime-node');
  const commonDir = packageDir(path.join(ortDir, 'package.json'), 'onnxruntime-common');
  const binaryDir = path.join(ortDir, 'bin', 'napi-v6', 'linux', architecture);
  if (!existsSync(binaryDir)) throw new Error(`buildMlLayer: no onnxruntime-node binary at ${binaryDir}`);
  const modelsDir = path.join(repoRoot, 'ml', 'models');
  if (!existsSync(modelsDir)) throw new Error(`buildMlLayer: no models at ${modelsDir}; run npm run ml:train`);
  const models = resolveModels(modelsDir, options.models);

  rmSync(outputDir, { recursive: true, force: true });
  const modulesDir = path.join(outputDir, 'nodejs', 'node_modules');
  const ortOut = path.join(modulesDir, 'onnxruntime-node');
  mkdirSync(ortOut, { recursive: true });
  for (const file of ['package.json', 'README.md', 'LICENSE']) {
    const source = path.join(ortDir, file);
    if (existsSync(source)) cpSync(source, path.join(ortOut, file));
  }
  cpSync(path.join(ortDir, 'dist'), path.join(ortOut, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  cpSync(binaryDir, path.join(ortOut, 'bin', 'napi-v6', 'linux', architecture), { recursive: true });
  cpSync(commonDir, path.join(modulesDir, 'onnxruntime-common'), {
    recursive: true,
    filter: (f) => !f.endsWith('.map') && !f.includes(`${path.sep}lib${path.sep}`) && !f.endsWith(`${path.sep}lib`),
  });
  // Only the models asked for: every model is ~11 MB, the vehicle-failure one alone 134 KB.
  const modelsOut = path.join(outputDir, 'models');
  mkdirSync(modelsOut, { recursive: true });
  for (const name of models) {
    for (const file of [`${name}.onnx`, `${name}.json`]) cpSync(path.join(modelsDir, file), path.join(modelsOut, file));
  }

  return { unzippedBytes: directorySize(outputDir) };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const out = process.argv[2] ?? path.join(repoRoot, 'dist', 'layers', 'ml');
  const arch = (process.argv[3] as LambdaArchitecture | undefined) ?? 'arm64';
  const models = process.argv[4] ? process.argv[4].split(',') : undefined;
  const { unzippedBytes } = buildMlLayer(out, { architecture: arch, models });
  process.stdout.write(`${JSON.stringify({ outputDir: out, architecture: arch, models, unzippedBytes })}\n`);
}
