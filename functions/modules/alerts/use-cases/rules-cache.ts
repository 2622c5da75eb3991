import { effectiveRules, ruleOf } from '../domain/effective-rules.js';
import { type CompiledRules, compileRules } from '../domain/rule-engine.js';
import type { RuleStore } from '../ports/rule-store.js';

/** How long a container trusts its cached rules before asking for the tenant's rules version. */
export const RULES_CHECK_INTERVAL_MS = 5000;

interface Entry {
  version: number;
  compiled: CompiledRules;
  checkedAt: number;
}

/**
 * Compiled rules per tenant, cached for the life of the container (docs/adr/0070): evaluation
 * never reads the rules per reading; at most every {@link RULES_CHECK_INTERVAL_MS} per tenant it
 * reads the one `RULESET` version item, and reloads the rules only when the version moved. A rule
 * change therefore takes effect within 5 s (plus the evaluation already under way) in every
 * container; the container that wrote it is no exception, as writes happen in the HTTP functions.
 */
export class RulesCache {
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<CompiledRules>>();

  constructor(
    private readonly store: Pick<RuleStore, 'list' | 'version'>,
    private readonly clock: { now(): Date },
    private readonly intervalMs = RULES_CHECK_INTERVAL_MS,
  ) {}

  /** The tenant's compiled rules (default pack with the tenant's overrides and own rules). */
  async rulesFor(tenantId: string): Promise<CompiledRules> {
    const now = this.clock.now().getTime();
    const entry = this.#entries.get(tenantId);
    if (entry && now - entry.checkedAt < this.intervalMs) return entry.compiled;
    // One refresh per tenant at a time: concurrent evaluations share it.
    const inFlight = this.#loading.get(tenantId);
    if (inFlight) return inFlight;
    const refresh = this.#refresh(tenantId, entry, now).finally(() => this.#loading.delete(tenantId));
    this.#loading.set(tenantId, refresh);
    return refresh;
  }

  async #refresh(tenantId: string, entry: Entry | undefined, now: number): Promise<CompiledRules> {
    if (entry) {
      const version = await this.store.version(tenantId);
      if (version === entry.version) {
        entry.checkedAt = now;
        return entry.compiled;
      }
    }
    const { rules, version } = await this.store.list(tenantId);
    const compiled = compileRules(effectiveRules(rules).map(ruleOf));
    this.#entries.set(tenantId, { version, compiled, checkedAt: now });
    return compiled;
  }
}
