import type { Role } from '../../../platform/wiring/roles.js';
import * as z from '../../../platform/zod.js';
import { RULE_ID_PATTERN } from '../domain/rule-schema.js';
import { InvalidIfMatch } from '../errors.js';
import type { RulePrecondition } from '../use-cases/manage-rules.js';

/** Who may read the tenant's rules, and who may change them (PRODUCT: admin, fleet_manager). */
export const RULE_READERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];
export const RULE_WRITERS: readonly Role[] = ['admin', 'fleet_manager'];

export const rulePath = z.object({
  ruleId: z.string().check(z.regex(RULE_ID_PATTERN, { error: 'ruleId must be 1-64 letters, digits, _ or -' })),
});

/** A rule's ETag: its revision, strong, quoted (RFC 9110 §8.8.3). */
export function ruleETag(revision: number): Record<string, string> {
  return { etag: `"${revision}"` };
}

/**
 * The precondition of an `If-Match` header: a revision this API issued as an ETag, `*`, or none.
 * Anything else (a weak or foreign tag, a list) is 400: a write must not pass a check it did not make.
 */
export function rulePrecondition(headers: Readonly<Record<string, string | undefined>> | undefined): RulePrecondition {
  const value = headers?.['if-match']?.trim();
  if (value === undefined || value === '') return undefined;
  if (value === '*') return '*';
  const match = /^"(\d{1,9})"$/.exec(value);
  if (!match) throw new InvalidIfMatch();
  return Number(match[1]);
}
