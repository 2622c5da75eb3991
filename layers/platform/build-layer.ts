import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The packages the platform layer provides, which every function bundle marks external (docs/adr/0054).
 * Powertools and the X-Ray SDK its Tracer loads are ~140 KB minified in every bundle and identical
 * in all of them; in one layer they are uploaded once and cached by Lambda per version.
 * zod stays bundled: from the layer it would save ~90 KB per bundle but add 50–90 ms of init, as
 * the whole package loads where the bundle keeps only the tree-shaken part (measured, ADR 0054).
 * Every `@aws-lambda-powertools/*` dependency of package.json must be listed (checked at build).
 */
export const PLATFORM_LAYER_PACKAGES: readonly string[] = [
  '@aws-lambda-powertools/commons',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/tracer',
  'aws-xray-sdk-core',
];

/** One package of the layer as package-lock.json records it. */
export interface LayerPackage {
  /** The package's name. */
  readonly name: string;
  /** Its lockfile location, e.g. `node_modules/cls-hooked/node_modules/semver`; the layer keeps the same layout. */
  readonly location: string;
  readonly version: string;
  /** The lockfile's integrity (sha512 of the tarball); part of the asset hash. */
  readonly integrity: string;
}

/** What one entry of package-lock.json's `packages` holds that the closure reads. */
interface LockEntry {
  readonly version?: string;
  readonly integrity?: string;
  readonly name?: string;
  readonly link?: boolean;
  readonly dev?: boolean;
  readonly hasInstallScript?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

/** The parts of package-lock.json (lockfileVersion 2 or 3) the closure reads. */
export interface PackageLock {
  readonly lockfileVersion?: number;
  readonly packages?: Readonly<Record<string, LockEntry>>;
}

/** Options of {@link platformLayerClosure} and {@link buildPlatformLayer}. */
export interface PlatformLayerOptions {
  /** The packages to ship with their dependencies. @default PLATFORM_LAYER_PACKAGES */
  readonly packages?: readonly string[];
  /** Where package.json, package-lock.json and node_modules are. @default the repository root */
  readonly projectRoot?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `@types/*` packages are declarations only: never loaded at run time (aws-xray-sdk-core lists one as a dependency). */
const isTypesOnly = (name: string) => name.startsWith('@types/');

/** package-lock.json of `projectRoot`. @throws when there is none. */
export function readPackageLock(projectRoot: string = repoRoot): PackageLock {
  const file = path.join(projectRoot, 'package-lock.json');
  if (!existsSync(file)) throw new Error(`platform layer: no package-lock.json in ${projectRoot}`);
  return JSON.parse(readFileSync(file, 'utf8')) as PackageLock;
}

/**
 * Where Node would find `name` from the package at `from` (a lockfile location, '' for the project):
 * `from/node_modules/name`, then each ancestor's `node_modules/name`, as package-lock.json records them.
 */
function resolveLocation(
  packages: Readonly<Record<string, LockEntry>>,
  from: string,
  name: string,
): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const index = base.lastIndexOf('/node_modules/');
    base = index >= 0 ? base.slice(0, index) : '';
  }
}

/**
 * The layer's packages: `packages` and every dependency they reach (dependencies and installed
 * optionalDependencies, resolved as Node does from package-lock.json), `@types/*` excepted.
 * Sorted by location, so the result (and the asset hash) depends only on the lockfile.
 * @throws naming the package when a root is not a dependency of package.json, a dependency is not
 * in the lockfile, an entry is a link or has no version/integrity, or a package runs an install
 * script (a native build would be for this machine, not Linux arm64).
 */
export function platformLayerClosure(lock: PackageLock, packages: readonly string[] = PLATFORM_LAYER_PACKAGES) {
  const entries = lock.packages;
  if (!entries || (lock.lockfileVersion ?? 0) < 2) {
    throw new Error('platform layer: package-lock.json must be lockfileVersion 2 or 3 (npm 7+)');
  }
  if (packages.length === 0) throw new Error('platform layer: the package list is empty');
  const duplicates = packages.filter((name, index) => packages.indexOf(name) !== index);
  if (duplicates.length > 0) throw new Error(`platform layer: ${duplicates.join(', ')} listed twice`);
  const root = entries[''] ?? {};
  const direct = { ...root.dependencies, ...root.optionalDependencies };
  const declaredPowertools = Object.keys(direct).filter((name) => name.startsWith('@aws-lambda-powertools/'));
  const unlisted = declaredPowertools.filter((name) => !packages.includes(name));
  if (packages === PLATFORM_LAYER_PACKAGES && unlisted.length > 0) {
    // A Powertools package outside the layer would be bundled with its own copy of commons.
    throw new Error(
      `platform layer: package.json depends on ${unlisted.join(', ')}; add it to PLATFORM_LAYER_PACKAGES`,
    );
  }

  const found = new Map<string, LayerPackage>();
  const visit = (name: string, from: string, requiredBy: string) => {
    if (isTypesOnly(name)) return;
    const location = resolveLocation(entries, from, name);
    if (!location) throw new Error(`platform layer: ${name} (needed by ${requiredBy}) is not in package-lock.json`);
    if (found.has(location)) return;
    const entry = entries[location] as LockEntry;
    if (entry.link) throw new Error(`platform layer: ${location} is a link; the layer copies published packages only`);
    if (!entry.version || !entry.integrity) {
      throw new Error(`platform layer: ${location} has no version or integrity in package-lock.json`);
    }
    if (entry.hasInstallScript) {
      throw new Error(
        `platform layer: ${location} runs an install script; a native package cannot be copied from here`,
      );
    }
    found.set(location, { name, location, version: entry.version, integrity: entry.integrity });
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(dependency, location, name);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
      if (resolveLocation(entries, location, dependency)) visit(dependency, location, name);
    }
  };
  for (const name of packages) {
    if (!resolveLocation(entries, '', name)) {
      throw new Error(`platform layer: ${name} is not installed; add it to package.json and run npm install`);
    }
    visit(name, '', 'package.json');
  }
  return [...found.values()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
}

/**
 * The asset hash of the layer: the builder's source and each package's location, version and
 * integrity. Reading the lockfile is cheap, so this runs on every synth; an unchanged lockfile
 * gives the same hash and the layer is neither rebuilt nor republished.
 */
export function platformLayerHash(options: PlatformLayerOptions = {}): string {
  const projectRoot = options.projectRoot ?? repoRoot;
  const closure = platformLayerClosure(readPackageLock(projectRoot), options.packages);
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const pkg of closure) hash.update(`${pkg.location}@${pkg.version} ${pkg.integrity}\n`);
  return hash.digest('hex');
}

/** Files a running function never reads: source maps, type declarations, documentation. */
function shipped(file: string): boolean {
  return !/\.(map|d\.ts|d\.mts|d\.cts|md)$/i.test(file);
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return total;
}

/**
 * Writes the platform layer into `outputDir`: each package of {@link platformLayerClosure} copied
 * from node_modules to `nodejs/node_modules/…` (Lambda puts `/opt/nodejs/node_modules` on the
 * resolution path of CommonJS and ES modules alike), at the lockfile's layout, without nested
 * node_modules of packages outside the layer, source maps or declarations.
 * @throws when node_modules does not hold exactly the lockfile's version of a package (run `npm ci`).
 */
export function buildPlatformLayer(
  outputDir: string,
  options: PlatformLayerOptions = {},
): { packages: LayerPackage[]; unzippedBytes: number } {
  const projectRoot = options.projectRoot ?? repoRoot;
  const closure = platformLayerClosure(readPackageLock(projectRoot), options.packages);
  for (const pkg of closure) {
    const manifest = path.join(projectRoot, pkg.location, 'package.json');
    if (!existsSync(manifest)) throw new Error(`platform layer: ${pkg.location} is missing; run npm ci`);
    const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    if (installed !== pkg.version) {
      throw new Error(
        `platform layer: ${pkg.location} is ${installed} but package-lock.json says ${pkg.version}; run npm ci`,
      );
    }
  }

  rmSync(outputDir, { recursive: true, force: true });
  const nodejsDir = path.join(outputDir, 'nodejs');
  mkdirSync(nodejsDir, { recursive: true });
  for (const pkg of closure) {
    const source = path.join(projectRoot, pkg.location);
    const nested = path.join(source, 'node_modules');
    cpSync(source, path.join(nodejsDir, pkg.location), {
      recursive: true,
      // Nested packages are copied on their own when the closure holds them.
      filter: (file) => file !== nested && !file.startsWith(`${nested}${path.sep}`) && shipped(file),
    });
  }
  return { packages: closure, unzippedBytes: directorySize(outputDir) };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const out = process.argv[2] ?? path.join(repoRoot, 'dist', 'layers', 'platform');
  const { packages, unzippedBytes } = buildPlatformLayer(out);
  const list = packages.map((p) => `${p.location.replace(/^node_modules\//, '')}@${p.version}`);
  process.stdout.write(`${JSON.stringify({ outputDir: out, packages: list, unzippedBytes })}\n`);
}
