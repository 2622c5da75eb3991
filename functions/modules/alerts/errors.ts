import { ExposableError } from '../../platform/errors.js';

/** No alert with this id in the caller's tenant (another tenant's alert is not found either). */
export class AlertNotFound extends ExposableError {
  override readonly name = 'AlertNotFound';
  constructor(alertId: string) {
    super(404, 'ALERT_NOT_FOUND', `No alert ${alertId}`);
  }
}

/** No rule with this id in the caller's tenant, nor in the default pack. */
export class RuleNotFound extends ExposableError {
  override readonly name = 'RuleNotFound';
  constructor(ruleId: string) {
    super(404, 'RULE_NOT_FOUND', `No rule ${ruleId}`);
  }
}

/** POST /v1/rules named a ruleId the tenant (or the default pack) already has. */
export class RuleExists extends ExposableError {
  override readonly name = 'RuleExists';
  constructor(ruleId: string) {
    super(409, 'RULE_EXISTS', `Rule ${ruleId} exists; change it with PUT /v1/rules/${ruleId}`);
  }
}

/**
 * `If-Match` named a revision of the rule that is no longer the stored one: someone else changed
 * (or deleted) it since the caller read it. The caller reloads and applies its change again.
 */
export class RuleChanged extends ExposableError {
  override readonly name = 'RuleChanged';
  constructor(ruleId: string, revision: number | undefined) {
    super(
      412,
      'RULE_CHANGED',
      revision === undefined
        ? `Rule ${ruleId} was deleted by someone else since you loaded it`
        : `Rule ${ruleId} was changed by someone else since you loaded it (now revision ${revision}); reload it and apply your change again`,
      { details: { ruleId, revision: revision ?? null } },
    );
  }
}

/** `If-Match` that is not a rule revision (`"3"`) or `*`. */
export class InvalidIfMatch extends ExposableError {
  override readonly name = 'InvalidIfMatch';
  constructor() {
    super(400, 'INVALID_IF_MATCH', 'If-Match must be the ETag of the rule as you read it, e.g. "3", or *');
  }
}

/** The alert's status does not allow this change (e.g. acknowledging a resolved alert). */
export class InvalidTransition extends ExposableError {
  override readonly name = 'InvalidTransition';
  constructor(
    readonly action: string,
    readonly status: string,
    reason?: string,
  ) {
    super(409, 'INVALID_TRANSITION', reason ?? `Cannot ${action} an alert that is ${status}`, {
      details: { action, status },
    });
  }
}

/** The alerts module's exposable errors, registered in module.ts. */
export const ALERT_ERRORS = [
  AlertNotFound,
  RuleNotFound,
  RuleExists,
  RuleChanged,
  InvalidIfMatch,
  InvalidTransition,
] as const;
