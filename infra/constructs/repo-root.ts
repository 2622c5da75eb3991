import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root, from which declarations' `entry` paths are resolved. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
