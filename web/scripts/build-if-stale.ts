/**
 * Builds the PWA (web/dist) when it is missing or older than its inputs: `npm start` runs this
 * first (prestart) and `npm test` in its global setup, so web/dist is never committed and never
 * stale. Staleness is a hash of the inputs' contents, not mtimes, which a fresh clone resets.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(repoRoot, 'web');
/** Where the hash of the inputs of the last build is kept (outside web/dist, which is deployed as is). */
const stampFile = join(repoRoot, 'node_modules', '.cache', 'fleetops-web', 'build-inputs.sha256');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The SHA-256 of every input of the build: sources, public files, config, the lockfile. */
export function webInputsHash(): string {
  const files = [
    ...filesUnder(join(webDir, 'src')),
    ...filesUnder(join(webDir, 'public')),
    join(webDir, 'index.html'),
    join(webDir, 'vite.config.ts'),
    join(repoRoot, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

/** Builds web/dist unless it exists and was built from the current inputs. Returns true if it built. */
export function ensureWebBuild(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): boolean {
  const hash = webInputsHash();
  const built = existsSync(join(webDir, 'dist', 'index.html')) && existsSync(join(webDir, 'dist', 'sw.js'));
  if (built && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return false;
  log('web: building the PWA into web/dist (vite build)…');
  // A child process, so a caller's NODE_ENV (vitest sets "test") cannot turn this into a dev build.
  const { NODE_ENV: _, ...env } = process.env;
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(webDir, 'vite.config.ts')],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`web: vite build failed\n${result.stdout}\n${result.stderr}`);
  mkdirSync(join(stampFile, '..'), { recursive: true });
  writeFileSync(stampFile, hash);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureWebBuild();
