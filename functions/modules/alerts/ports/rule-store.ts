import type { Rule } from '../domain/rule.js';

/** A tenant's stored rules (its own, and its overrides of default rules) and their version. */
export interface TenantRules {
  readonly rules: readonly Rule[];
  /** Bumped by every write; 0 when the tenant never wrote a rule. */
  readonly version: number;
}

/** The tenant's rule documents. The default pack is code; only the tenant's rules are stored. */
export interface RuleStore {
  list(tenantId: string): Promise<TenantRules>;
  /** The current version only: one small read, what the per-container cache checks. */
  version(tenantId: string): Promise<number>;
  get(tenantId: string, ruleId: string): Promise<Rule | undefined>;
  /** Creates the rule; false when the tenant already has one with this id. */
  create(tenantId: string, rule: Rule): Promise<boolean>;
  /** Creates or replaces the rule. */
  put(tenantId: string, rule: Rule): Promise<void>;
  /** Deletes the rule; false when there was none. */
  delete(tenantId: string, ruleId: string): Promise<boolean>;
}
