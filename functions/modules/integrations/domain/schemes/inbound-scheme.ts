import { createHash, timingSafeEqual } from 'node:crypto';

/** The signature schemes inbound webhooks are verified with (the partner's `scheme`). */
export const SCHEME_NAMES = ['standard-webhooks', 'stripe', 'samsara', 'motive', 'zendesk'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];

/** A delivery as received: header names lower-cased, the body byte for byte. */
export interface InboundDelivery {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/** Why a delivery is refused; every one answers 401. */
export type VerificationFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'timestamp_out_of_tolerance'
  | 'signature_mismatch';

/** The outcome of verifying one delivery. */
export type Verification =
  | {
      readonly ok: true;
      /** What de-duplication keys on: the delivery's id header, else the vendor's event id, else a hash of the body. */
      readonly messageId: string;
      /** Index in `secrets` of the secret that verified it (0: the current one). */
      readonly secretIndex: number;
    }
  | { readonly ok: false; readonly reason: VerificationFailure };

/** What a scheme verifies against. */
export interface VerificationInput {
  readonly delivery: InboundDelivery;
  /** The partner's secrets that verify now: the current one first, the previous one during a rotation's overlap. */
  readonly secrets: readonly string[];
  readonly now: Date;
}

/** One vendor's way of signing a webhook. */
export interface InboundScheme {
  readonly name: SchemeName;
  verify(input: VerificationInput): Verification;
}

/** How far a signed timestamp may be from now, either way: the contract's ±5 minutes. */
export const TOLERANCE_SECONDS = 5 * 60;

/** Equal in constant time; false for different lengths (a length is not a secret). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `seconds` (epoch) is within the tolerance of `now`. */
export function withinTolerance(seconds: number, now: Date): boolean {
  return Number.isFinite(seconds) && Math.abs(now.getTime() / 1000 - seconds) <= TOLERANCE_SECONDS;
}

/** `prefix` + body + `suffix` as bytes: signatures cover the body exactly as received. */
export function signedBytes(prefix: string, body: Uint8Array, suffix = ''): Buffer {
  return Buffer.concat([Buffer.from(prefix, 'utf8'), body, Buffer.from(suffix, 'utf8')]);
}

/** The first string at `field` of a JSON object body, for vendors whose event id is in the payload. */
export function bodyField(body: Uint8Array, field: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
    const value = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
  } catch {
    return undefined;
  }
}

/** A stable id for a body that carries none: its SHA-256, so a byte-identical replay is a duplicate. */
export function bodyDigest(body: Uint8Array): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The first secret (index) for which `matches` holds, or -1. Every secret is tried: no early timing signal per secret. */
export function firstMatching(secrets: readonly string[], matches: (secret: string) => boolean): number {
  let found = -1;
  secrets.forEach((secret, index) => {
    if (matches(secret) && found < 0) found = index;
  });
  return found;
}
