import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../functions/platform/clients/node-sha256.js';
import type { ManagementCredentials } from './management-credentials.js';

/** How far `x-amz-date` may be from now, as AWS allows. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** The parts of a request SigV4 signs. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as received: raw path and query, still percent-encoded. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Why a request is refused (for the log; the caller only ever learns 403). */
export type SigV4Refusal =
  | 'missing or malformed Authorization'
  | 'unknown access key'
  | 'missing, malformed or stale x-amz-date'
  | 'payload hash mismatch'
  | 'signature mismatch';

/**
 * Checks an `Authorization: AWS4-HMAC-SHA256 …` header before the body is read: format, access key
 * and request date. Returns the refusal, or undefined when the request is worth verifying.
 */
export function precheckSigV4(
  request: SignedRequest,
  credentials: ManagementCredentials,
  now = Date.now(),
): SigV4Refusal | undefined {
  const parsed = parseAuthorization(request.headers.authorization);
  if (!parsed) return 'missing or malformed Authorization';
  if (!sameSecret(parsed.accessKeyId, credentials.accessKeyId)) return 'unknown access key';
  const date = parseAmzDate(header(request.headers, 'x-amz-date'));
  if (date === undefined || Math.abs(now - date.getTime()) > MAX_CLOCK_SKEW_MS) {
    return 'missing, malformed or stale x-amz-date';
  }
  return undefined;
}

/**
 * Verifies a SigV4-signed request the way AWS does: recomputes the signature over the method,
 * path, query, the headers listed in `SignedHeaders` and the body, with `credentials`' secret and
 * the request's own date, region and service, and compares it in constant time.
 * Returns the refusal, or undefined when the signature is valid.
 */
export async function verifySigV4(
  request: SignedRequest,
  body: Uint8Array,
  credentials: ManagementCredentials,
  now = Date.now(),
): Promise<SigV4Refusal | undefined> {
  const refusal = precheckSigV4(request, credentials, now);
  if (refusal) return refusal;
  const parsed = parseAuthorization(request.headers.authorization) as ParsedAuthorization;
  const signingDate = parseAmzDate(header(request.headers, 'x-amz-date')) as Date;

  // A declared payload hash replaces hashing the body in SigV4, so it must match the body.
  const declaredHash = header(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
    if (declaredHash !== createHash('sha256').update(body).digest('hex')) return 'payload hash mismatch';
  }

  const signedHeaderNames = parsed.signedHeaders.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaderNames) {
    const value = header(request.headers, name);
    if (value === undefined) return 'signature mismatch';
    headers[name] = value;
  }
  const target = new URL(request.url, 'http://local');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(target.searchParams.keys())) {
    const values = target.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const rawPath = request.url.split('?')[0] ?? '/';

  const signer = new SignatureV4({
    credentials,
    region: parsed.region,
    service: parsed.service,
    sha256: NodeSha256,
    // Sign exactly the headers the client signed: never add x-amz-content-sha256 ourselves.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path: rawPath,
      query,
      headers,
      body,
    },
    { signingDate, signableHeaders: new Set(signedHeaderNames) },
  );
  const expected = parseAuthorization(signed.headers.authorization);
  if (
    !expected ||
    expected.signedHeaders !== parsed.signedHeaders ||
    expected.date !== parsed.date ||
    !sameSecret(expected.signature, parsed.signature)
  ) {
    return 'signature mismatch';
  }
  return undefined;
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

function parseAuthorization(value: string | string[] | undefined): ParsedAuthorization | undefined {
  const match = typeof value === 'string' ? AUTHORIZATION.exec(value) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId as string,
    date: date as string,
    region: region as string,
    service: service as string,
    signedHeaders: signedHeaders as string,
    signature: signature as string,
  };
}

/** `20260522T140509Z` → Date; undefined when malformed. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const match = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

/** A header as one string; node joins repeats of most headers with ', ' already. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Constant-time string equality (lengths are not secret). */
function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
