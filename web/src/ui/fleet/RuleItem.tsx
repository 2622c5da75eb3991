import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  deleteRule,
  describeCondition,
  isRuleChanged,
  isThreshold,
  type RuleView,
  replaceRule,
} from '../../api/rules-client.js';
import { toast } from '../../state/app-state.js';
import { SeverityBadge } from '../SeverityBadge.js';
import { Field } from './Field.js';
import { focusFirstInvalid } from './focus-first-invalid.js';
import { type FormErrors, formErrorsOf, NO_ERRORS } from './form-errors.js';

/** What a write that met someone else's change says; the list shows their version by then. */
const CHANGED_ELSEWHERE =
  'Someone else changed this rule after you opened this page, so your change was not saved. The rule now shows their version: make your change again if it is still needed.';

/** Where a rule comes from, in words. */
function sourceText(rule: RuleView): string {
  if (rule.source === 'default') return 'Default rule';
  return rule.overridesDefault ? 'Default rule, changed for your fleet' : 'Your fleet’s rule';
}

/**
 * One rule: what it watches, its severity as text, where it comes from; enable or disable it, edit
 * a threshold's value, delete a tenant rule or restore a default one. `onChanged` reloads the list;
 * `onRemoved` is told when this item goes away so focus can move somewhere that stays.
 */
export function RuleItem({
  rule,
  onChanged,
  onRemoved,
}: {
  rule: RuleView;
  onChanged: () => void;
  onRemoved: () => void;
}) {
  // The whole item, not its threshold form: the message of a toggle or delete sits outside that form.
  const item = useRef<HTMLLIElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState(false);
  // A layout effect: focus moves in the same task as the DOM change that made it due, so
  // nothing (a user, a screen reader, a test) sees the new message before it has focus.
  useLayoutEffect(() => {
    if (round > 0) focusFirstInvalid(item.current);
  }, [round]);
  const id = `rule-${rule.ruleId}`;
  /** Runs a write; true when it was saved. */
  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      setErrors(NO_ERRORS);
      toast(done);
      onChanged();
      return true;
    } catch (error) {
      if (isRuleChanged(error)) {
        // Someone else's change won: show theirs (the list reloads) and say so; nothing was overwritten.
        setErrors({ fields: {}, form: CHANGED_ELSEWHERE });
        onChanged();
      } else {
        setErrors(formErrorsOf(error, (path) => (path === 'condition.value' ? 'value' : undefined)));
      }
      setRound((r) => r + 1);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    run(() => replaceRule(rule, { enabled: !rule.enabled }), `${rule.name} ${rule.enabled ? 'disabled' : 'enabled'}.`);
  const saveThreshold = (event: Event) => {
    event.preventDefault();
    if (!isThreshold(rule.condition)) return;
    const text = String(new FormData(event.currentTarget as HTMLFormElement).get('value') ?? '').trim();
    // An empty or unreadable value goes to the API as null, so its message is the one shown.
    const value = text === '' ? null : Number(text);
    void run(
      () => replaceRule(rule, { condition: { ...rule.condition, value: value as number } }),
      `${rule.name}: threshold saved.`,
    );
  };
  const remove = async () => {
    const restoring = rule.source === 'tenant' && rule.overridesDefault;
    const removed = await run(
      () => deleteRule(rule),
      restoring ? `${rule.name}: default restored.` : `${rule.name} deleted.`,
    );
    if (removed && !restoring) onRemoved();
  };
  const threshold = isThreshold(rule.condition) ? rule.condition : undefined;
  return (
    <li ref={item} class={`rule-card${rule.enabled ? '' : ' rule-disabled'}`} aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{rule.name}</h3>
      <dl class="facts">
        <dt>Status</dt>
        <dd class="rule-status">{rule.enabled ? 'Enabled' : 'Disabled'}</dd>
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={rule.severity} />
        </dd>
        <dt>Source</dt>
        <dd class="rule-source">{sourceText(rule)}</dd>
        <dt>Raises</dt>
        <dd>
          <code>{rule.type}</code>
        </dd>
        <dt>When</dt>
        <dd>{describeCondition(rule.condition)}</dd>
      </dl>
      <div class="rule-actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => void toggle()}>
          {rule.enabled ? 'Disable' : 'Enable'}
          <span class="visually-hidden"> {rule.name}</span>
        </button>
        {rule.source === 'tenant' ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => void remove()}>
            {rule.overridesDefault ? 'Restore default' : 'Delete'}
            <span class="visually-hidden"> {rule.name}</span>
          </button>
        ) : null}
      </div>
      {threshold ? (
        <form class="threshold-form" onSubmit={saveThreshold} noValidate>
          <Field
            id={`${id}-value`}
            label={`Threshold: ${threshold.metric} ${threshold.op}`}
            error={errors.fields.value}
          >
            {(aria) => (
              <input
                {...aria}
                name="value"
                type="number"
                step="any"
                inputMode="decimal"
                defaultValue={String(threshold.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            Save threshold<span class="visually-hidden"> of {rule.name}</span>
          </button>
        </form>
      ) : null}
      {errors.form ? (
        <p class="error form-error" role="alert" tabIndex={-1}>
          {errors.form}
        </p>
      ) : null}
    </li>
  );
}
