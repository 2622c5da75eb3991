import { createHash } from 'node:crypto';
import { InvalidCursor } from '../../../platform/errors.js';

/**
 * Search pages by offset (relevance has no stable key to resume after). The cursor carries the
 * offset and a fingerprint of the tenant and the query it was issued for, so a cursor replayed by
 * another tenant or with other terms or filters answers 400 INVALID_CURSOR instead of a wrong page.
 */
export function fingerprint(tenantId: string, query: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify([tenantId, Object.entries(query).sort(([a], [b]) => a.localeCompare(b))]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** An opaque cursor for the page starting at `offset`. */
export function encodeCursor(offset: number, print: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: print })).toString('base64url');
}

/** The offset a cursor resumes at, if it was issued for this fingerprint; otherwise InvalidCursor. */
export function decodeCursor(cursor: string, print: string, maxOffset: number): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  const { o, f } = (decoded ?? {}) as { o?: unknown; f?: unknown };
  if (f !== print || typeof o !== 'number' || !Number.isInteger(o) || o < 1 || o > maxOffset) throw new InvalidCursor();
  return o;
}
