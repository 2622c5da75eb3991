import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The headers the CloudFront response-headers policy sets on the deployed site, so a page that
 * works locally does not break on CSP or framing rules in AWS.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** Files a browser must revalidate on every load: the app shell and the service worker that caches it. */
const REVALIDATE = new Set(['.html', '.webmanifest']);

function cacheControl(root: string, file: string): string {
  const name = file.slice(root.length).replaceAll(sep, '/');
  if (REVALIDATE.has(extname(file)) || name === '/sw.js' || name === '/registerSW.js') return 'no-cache';
  // Vite puts a content hash in every name under /assets/: such a file never changes.
  if (name.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=300';
}

/**
 * Serves the files of `root` (the built PWA, web/dist) for GET and HEAD, `/` as `index.html`. A
 * page navigation to a path that is no file (`/alerts/123`) gets `index.html`, as CloudFront's
 * error responses do, so client-side routes survive a reload. Returns false when nothing matches
 * so the caller can answer 404. Paths are normalised and confined to `root`.
 */
export async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  let path: string;
  try {
    path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
  } catch {
    return false;
  }
  if (path.endsWith('/')) path += 'index.html';
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return false;
  let info = await stat(file).catch(() => undefined);
  if (!info?.isFile() && extname(path) === '' && (request.headers.accept ?? '').includes('text/html')) {
    file = join(root, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return false;
  const body = await readFile(file);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': cacheControl(root, file),
    ...SECURITY_HEADERS,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
