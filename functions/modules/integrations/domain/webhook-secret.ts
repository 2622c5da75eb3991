import { randomBytes } from 'node:crypto';

/** The prefix of every secret fleetops issues, as the Standard Webhooks specification writes them. */
export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (256 bits, the HMAC-SHA256 block's half). */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The key bytes of a `whsec_<base64>` secret (Standard Webhooks, Samsara): the base64 after the
 * prefix, decoded. A secret without the prefix is taken as base64 as it is (Samsara's own form).
 */
export function decodedSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** What a secret looks like in logs and lists: the prefix and its last four characters. */
export function maskSecret(secret: string): string {
  return `${secret.startsWith(SECRET_PREFIX) ? SECRET_PREFIX : ''}…${secret.slice(-4)}`;
}
