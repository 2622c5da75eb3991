import { DEFAULT_RULE_PACK, DEFAULT_RULES_BY_ID } from './default-rule-pack.js';
import type { Rule, RuleView } from './rule.js';

/**
 * The rules in force for a tenant: the default pack, where the tenant's stored rule of the same
 * `ruleId` replaces the default (an override: disable or re-threshold), followed by the tenant's
 * own rules, newest id last. Deleting an override brings the default back.
 */
export function effectiveRules(stored: readonly (Rule & { readonly revision: number })[]): RuleView[] {
  const byId = new Map(stored.map((r) => [r.ruleId, r]));
  const defaults: RuleView[] = DEFAULT_RULE_PACK.map((rule) => {
    const override = byId.get(rule.ruleId);
    return override
      ? { ...override, source: 'tenant', overridesDefault: true }
      : { ...rule, source: 'default', revision: 0 };
  });
  const own: RuleView[] = stored
    .filter((r) => !DEFAULT_RULES_BY_ID.has(r.ruleId))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId))
    .map((r) => ({ ...r, source: 'tenant' }));
  return [...defaults, ...own];
}

/** A rule view back to the rule the engine evaluates. */
export function ruleOf(view: RuleView): Rule {
  const { source: _source, overridesDefault: _overrides, revision: _revision, ...rule } = view;
  return rule;
}
