import type { Rule } from '../domain/rule.js';

/**
 * A rule as the tenant wrote it, with its revision: 1 when created, one more with every
 * replacement. The revision is the rule's ETag, so two editors cannot overwrite each other.
 */
export type StoredRule = Rule & { readonly revision: number };

/** A tenant's stored rules (its own, and its overrides of default rules) and their version. */
export interface TenantRules {
  readonly rules: readonly StoredRule[];
  /** Bumped by every write; 0 when the tenant never wrote a rule. */
  readonly version: number;
}

/** The tenant's rule documents. The default pack is code; only the tenant's rules are stored. */
export interface RuleStore {
  list(tenantId: string): Promise<TenantRules>;
  /** The current version only: one small read, what the per-container cache checks. */
  version(tenantId: string): Promise<number>;
  get(tenantId: string, ruleId: string): Promise<StoredRule | undefined>;
  /** Creates the rule at revision 1; false when the tenant already has one with this id. */
  create(tenantId: string, rule: Rule): Promise<boolean>;
  /**
   * Writes the rule at revision `expectedRevision + 1` if the stored one is still at
   * `expectedRevision` (0: none stored); false when it is not (someone else wrote it first).
   */
  replace(tenantId: string, rule: Rule, expectedRevision: number): Promise<boolean>;
  /**
   * Deletes the rule if it exists (and is at `expectedRevision`, when given); false otherwise.
   */
  delete(tenantId: string, ruleId: string, expectedRevision?: number): Promise<boolean>;
}
