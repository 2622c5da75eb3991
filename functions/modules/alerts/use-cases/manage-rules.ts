import { ulid } from 'ulid';
import { DEFAULT_RULES_BY_ID } from '../domain/default-rule-pack.js';
import { effectiveRules } from '../domain/effective-rules.js';
import type { Rule, RuleView } from '../domain/rule.js';
import type { RuleBody } from '../domain/rule-schema.js';
import { RuleChanged, RuleExists, RuleNotFound } from '../errors.js';
import type { RuleStore, StoredRule } from '../ports/rule-store.js';

/** The ports rule management needs. */
export interface ManageRulesPorts {
  readonly rules: RuleStore;
}

/**
 * What `If-Match` asks of a write: the revision the caller read (0 for a default rule it never
 * changed), `*` (the rule exists, any revision), or undefined (no precondition: last write wins,
 * though writes are still serialised, so every write gets its own revision).
 */
export type RulePrecondition = number | '*' | undefined;

/** Writes without a precondition retry this often when another write lands between read and write. */
const MAX_WRITE_ATTEMPTS = 5;

function view(tenantRules: readonly StoredRule[], ruleId: string): RuleView | undefined {
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
  return { ...builtIn, source: 'default', revision: 0 };
}

/** Creates a tenant rule, under the id given or a new `rule_<ULID>`; RuleExists when taken. */
export async function createRule(ports: ManageRulesPorts, tenantId: string, body: RuleBody): Promise<RuleView> {
  const ruleId = body.ruleId ?? `rule_${ulid()}`;
  if (DEFAULT_RULES_BY_ID.has(ruleId)) throw new RuleExists(ruleId);
  const rule = { ...body, ruleId } as Rule;
  if (!(await ports.rules.create(tenantId, rule))) throw new RuleExists(ruleId);
  return { ...rule, source: 'tenant', revision: 1 };
}

/**
 * Replaces a tenant rule, or overrides a default rule for this tenant (same `ruleId`). A rule id
 * that is neither is RuleNotFound: rules are created with POST. With `ifMatch` a revision, the write
 * happens only if the rule is still at it, else RuleChanged (412): two editors never overwrite
 * each other unknowingly.
 */
export async function replaceRule(
  ports: ManageRulesPorts,
  tenantId: string,
  ruleId: string,
  body: RuleBody,
  ifMatch?: RulePrecondition,
): Promise<RuleView> {
  const rule = { ...body, ruleId } as Rule;
  for (let attempt = 1; ; attempt++) {
    const revision = await currentRevision(ports, tenantId, ruleId);
    if (typeof ifMatch === 'number' && ifMatch !== revision) throw new RuleChanged(ruleId, revision);
    if (await ports.rules.replace(tenantId, rule, revision)) {
      return view([{ ...rule, revision: revision + 1 }], ruleId) as RuleView;
    }
    // Someone else wrote between the read and the write.
    if (typeof ifMatch === 'number' || attempt >= MAX_WRITE_ATTEMPTS) {
      throw new RuleChanged(ruleId, (await ports.rules.get(tenantId, ruleId))?.revision);
    }
  }
}

/**
 * Deletes a tenant rule, or drops the tenant's override of a default rule (the default applies
 * again). Deleting a default rule that is not overridden changes nothing (204); an unknown id is 404.
 * With `ifMatch` a revision, only that revision is deleted, else RuleChanged (412).
 */
export async function deleteRule(
  ports: ManageRulesPorts,
  tenantId: string,
  ruleId: string,
  ifMatch?: RulePrecondition,
): Promise<void> {
  if (typeof ifMatch === 'number') {
    const revision = await currentRevision(ports, tenantId, ruleId);
    if (ifMatch !== revision) throw new RuleChanged(ruleId, revision);
    if (revision === 0) return;
    if (!(await ports.rules.delete(tenantId, ruleId, revision))) {
      throw new RuleChanged(ruleId, (await ports.rules.get(tenantId, ruleId))?.revision);
    }
    return;
  }
  const deleted = await ports.rules.delete(tenantId, ruleId);
  if (!deleted && !DEFAULT_RULES_BY_ID.has(ruleId)) throw new RuleNotFound(ruleId);
}

/** The stored revision of a rule, 0 for a default rule without an override; RuleNotFound otherwise. */
async function currentRevision(ports: ManageRulesPorts, tenantId: string, ruleId: string): Promise<number> {
  const stored = await ports.rules.get(tenantId, ruleId);
  if (stored) return stored.revision;
  if (DEFAULT_RULES_BY_ID.has(ruleId)) return 0;
  throw new RuleNotFound(ruleId);
}
