import { ulid } from 'ulid';
import { DEFAULT_RULES_BY_ID } from '../domain/default-rule-pack.js';
import { effectiveRules } from '../domain/effective-rules.js';
import type { Rule, RuleView } from '../domain/rule.js';
import type { RuleBody } from '../domain/rule-schema.js';
import { RuleExists, RuleNotFound } from '../errors.js';
import type { RuleStore } from '../ports/rule-store.js';

/** The ports rule management needs. */
export interface ManageRulesPorts {
  readonly rules: RuleStore;
}

function view(tenantRules: readonly Rule[], ruleId: string): RuleView | undefined {
  return effectiveRules(tenantRules).find((r) => r.ruleId === ruleId);
}

/** The tenant's rules in force, default pack included, each with its `source`. */
export async function listRules(ports: ManageRulesPorts, tenantId: string): Promise<RuleView[]> {
  return effectiveRules((await ports.rules.list(tenantId)).rules);
}

/** One rule in force; RuleNotFound when neither the tenant nor the default pack has it. */
export async function getRule(ports: ManageRulesPorts, tenantId: string, ruleId: string): Promise<RuleView> {
  const stored = await ports.rules.get(tenantId, ruleId);
  if (stored) return view([stored], ruleId) as RuleView;
  const builtIn = DEFAULT_RULES_BY_ID.get(ruleId);
  if (!builtIn) throw new RuleNotFound(ruleId);
  return { ...builtIn, source: 'default' };
}

/** Creates a tenant rule, under the id given or a new `rule_<ULID>`; RuleExists when taken. */
export async function createRule(ports: ManageRulesPorts, tenantId: string, body: RuleBody): Promise<RuleView> {
  const ruleId = body.ruleId ?? `rule_${ulid()}`;
  if (DEFAULT_RULES_BY_ID.has(ruleId)) throw new RuleExists(ruleId);
  const rule = { ...body, ruleId } as Rule;
  if (!(await ports.rules.create(tenantId, rule))) throw new RuleExists(ruleId);
  return { ...rule, source: 'tenant' };
}

/**
 * Replaces a tenant rule, or overrides a default rule for this tenant (same `ruleId`). A rule id
 * that is neither is RuleNotFound: rules are created with POST.
 */
export async function replaceRule(
  ports: ManageRulesPorts,
  tenantId: string,
  ruleId: string,
  body: RuleBody,
): Promise<RuleView> {
  const rule = { ...body, ruleId } as Rule;
  if (!DEFAULT_RULES_BY_ID.has(ruleId) && !(await ports.rules.get(tenantId, ruleId))) throw new RuleNotFound(ruleId);
  await ports.rules.put(tenantId, rule);
  return view([rule], ruleId) as RuleView;
}

/**
 * Deletes a tenant rule, or drops the tenant's override of a default rule (the default applies
 * again). Deleting a default rule that is not overridden changes nothing (204); an unknown id is 404.
 */
export async function deleteRule(ports: ManageRulesPorts, tenantId: string, ruleId: string): Promise<void> {
  const deleted = await ports.rules.delete(tenantId, ruleId);
  if (!deleted && !DEFAULT_RULES_BY_ID.has(ruleId)) throw new RuleNotFound(ruleId);
}
