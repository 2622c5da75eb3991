import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  type EscalationLevel,
  type EscalationPolicyView,
  getEscalationPolicy,
  putEscalationPolicy,
} from '../../api/notifications-client.js';
import { SEVERITIES, type Severity } from '../../api/types.js';
import { ROLE_LABELS, type Role } from '../../auth/roles.js';
import { toast } from '../../state/app-state.js';
import { Field } from '../fleet/Field.js';
import { LoadStatus } from '../fleet/LoadStatus.js';
import { useLoad } from '../fleet/use-load.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import '../fleet/fleet.css';
import './notifications.css';

/** Roles a level can notify (partners are machines). */
const NOTIFIABLE_ROLES: readonly Role[] = ['dispatcher', 'fleet_manager', 'admin', 'driver', 'agent'];

/** A level as the form edits it: minutes and a comma-separated user list. */
interface LevelDraft {
  readonly key: number;
  readonly afterMinutes: string;
  readonly roles: readonly Role[];
  readonly userIds: string;
  readonly channels: readonly Channel[];
}

let nextKey = 1;
const draftOf = (level: EscalationLevel): LevelDraft => ({
  key: nextKey++,
  afterMinutes: String(level.afterSeconds / 60),
  roles: level.notify.roles ?? [],
  userIds: (level.notify.userIds ?? []).join(', '),
  channels: level.channels,
});

/**
 * Escalation policies (admin): per severity, the ladder an unacknowledged alert climbs — each level
 * after so many minutes, notifying roles and/or people on chosen channels — and how often the
 * whole ladder repeats (0–3).
 */
export function EscalationPoliciesScreen() {
  const [severity, setSeverity] = useState<Severity>('CRITICAL');
  const [loaded, reload] = useLoad(severity, () => getEscalationPolicy(severity));
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Escalation policies</ScreenHeading>
      <p class="hint">
        Who is told about an alert nobody has acknowledged, and when. Acknowledging stops the escalation. The channels
        everyone starts from and cannot turn off are in the{' '}
        <Link href="/settings/notification-policy">organisation notification policy</Link>.
      </p>
      <Field id="policy-severity" label="Severity">
        {(aria) => (
          <select
            {...aria}
            value={severity}
            onChange={(e) => setSeverity((e.target as HTMLSelectElement).value as Severity)}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        )}
      </Field>
      <LoadStatus loaded={loaded} reload={reload} what="the policy" />
      {loaded.state === 'ok' ? <PolicyForm key={severity} view={loaded.data} /> : null}
    </section>
  );
}

function PolicyForm({ view }: { view: EscalationPolicyView }) {
  const [levels, setLevels] = useState<LevelDraft[]>(() => view.levels.map(draftOf));
  const [repeat, setRepeat] = useState(view.repeat);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState(view.isDefault ? 'This is the default policy: nothing saved yet.' : '');
  const [saving, setSaving] = useState(false);
  const [focusLevel, setFocusLevel] = useState<number | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const name = view.severity.charAt(0) + view.severity.slice(1).toLowerCase();

  useLayoutEffect(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  useLayoutEffect(() => {
    if (focusLevel === undefined) return;
    const cards = listRef.current?.querySelectorAll<HTMLElement>(':scope > li input');
    const heading = listRef.current?.querySelectorAll<HTMLElement>(':scope > li h3')[focusLevel];
    (heading ?? cards?.[0])?.focus();
    setFocusLevel(undefined);
  }, [focusLevel, levels]);

  const update = (index: number, patch: Partial<LevelDraft>) =>
    setLevels((ls) => ls.map((l, i) => (i === index ? { ...l, ...patch } : l)));

  const save = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const parsed: EscalationLevel[] = levels.map((l, i) => {
      const minutes = Number(l.afterMinutes);
      if (l.afterMinutes.trim() === '' || !Number.isFinite(minutes) || minutes < 0 || minutes > 7 * 24 * 60)
        found[`levels.${i}.afterSeconds`] = 'Enter minutes from 0 to 10080 (a week).';
      const userIds = l.userIds
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      if (l.roles.length + userIds.length === 0) found[`levels.${i}.notify`] = 'Choose at least one role or person.';
      if (l.channels.length === 0) found[`levels.${i}.channels`] = 'Choose at least one channel.';
      return {
        afterSeconds: Math.round(minutes * 60),
        notify: { ...(l.roles.length ? { roles: l.roles } : {}), ...(userIds.length ? { userIds } : {}) },
        channels: CHANNELS.filter((c) => l.channels.includes(c)),
      };
    });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus('Not saved: check the marked fields.');
      return;
    }
    setSaving(true);
    try {
      await putEscalationPolicy(view.severity, { levels: parsed, repeat });
      setStatus(`Saved the ${name} policy.`);
      toast(`The ${name} escalation policy is saved.`);
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setErrors(Object.fromEntries(error.details.map((d) => [d.path.replace(/^body\./, ''), d.message])));
      }
      setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={save} class="stacked-form" noValidate aria-labelledby="policy-title">
      <h2 id="policy-title">{name} alerts</h2>
      <ol class="level-list" ref={listRef}>
        {levels.map((level, i) => (
          <li class="level-card" key={level.key}>
            <h3 tabIndex={-1}>Level {i + 1}</h3>
            <Field
              id={`level-${level.key}-after`}
              label="After (minutes since the alert was raised)"
              error={errors[`levels.${i}.afterSeconds`]}
            >
              {(aria) => (
                <input
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  {...aria}
                  value={level.afterMinutes}
                  onInput={(e) => update(i, { afterMinutes: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <fieldset
              class="choice"
              aria-invalid={errors[`levels.${i}.notify`] ? 'true' : undefined}
              aria-describedby={errors[`levels.${i}.notify`] ? `level-${level.key}-notify-error` : undefined}
              tabIndex={errors[`levels.${i}.notify`] ? -1 : undefined}
            >
              <legend>Notify roles</legend>
              {NOTIFIABLE_ROLES.map((role) => (
                <label class="choice-option" key={role}>
                  <input
                    type="checkbox"
                    checked={level.roles.includes(role)}
                    onChange={(e) =>
                      update(i, {
                        roles: (e.target as HTMLInputElement).checked
                          ? [...level.roles, role]
                          : level.roles.filter((r) => r !== role),
                      })
                    }
                  />
                  {ROLE_LABELS[role]}
                </label>
              ))}
            </fieldset>
            {errors[`levels.${i}.notify`] ? (
              <p class="field-error" id={`level-${level.key}-notify-error`}>
                {errors[`levels.${i}.notify`]}
              </p>
            ) : null}
            <Field id={`level-${level.key}-users`} label="and people (user ids, comma-separated)">
              {(aria) => (
                <input
                  type="text"
                  {...aria}
                  value={level.userIds}
                  onInput={(e) => update(i, { userIds: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <fieldset
              class="choice"
              aria-invalid={errors[`levels.${i}.channels`] ? 'true' : undefined}
              aria-describedby={errors[`levels.${i}.channels`] ? `level-${level.key}-channels-error` : undefined}
              tabIndex={errors[`levels.${i}.channels`] ? -1 : undefined}
            >
              <legend>On channels</legend>
              {CHANNELS.map((channel) => (
                <label class="choice-option" key={channel}>
                  <input
                    type="checkbox"
                    checked={level.channels.includes(channel)}
                    onChange={(e) =>
                      update(i, {
                        channels: (e.target as HTMLInputElement).checked
                          ? [...level.channels, channel]
                          : level.channels.filter((c) => c !== channel),
                      })
                    }
                  />
                  {CHANNEL_LABELS[channel]}
                </label>
              ))}
            </fieldset>
            {errors[`levels.${i}.channels`] ? (
              <p class="field-error" id={`level-${level.key}-channels-error`}>
                {errors[`levels.${i}.channels`]}
              </p>
            ) : null}
            {levels.length > 1 ? (
              <p class="form-actions">
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    setLevels((ls) => ls.filter((_, j) => j !== i));
                    setFocusLevel(Math.max(0, i - 1));
                  }}
                >
                  Remove level {i + 1}
                </button>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {levels.length < 10 ? (
        <p class="form-actions">
          <button
            type="button"
            class="secondary"
            onClick={() => {
              const last = levels.at(-1);
              const after = last ? Number(last.afterMinutes) + 10 : 0;
              setLevels((ls) => [
                ...ls,
                { key: nextKey++, afterMinutes: String(after), roles: [], userIds: '', channels: ['in_app'] },
              ]);
              setFocusLevel(levels.length);
            }}
          >
            Add a level
          </button>
        </p>
      ) : null}
      <Field id="policy-repeat" label="Repeat the whole ladder">
        {(aria) => (
          <select
            {...aria}
            value={String(repeat)}
            onChange={(e) => setRepeat(Number((e.target as HTMLSelectElement).value))}
          >
            <option value="0">Never</option>
            <option value="1">Once</option>
            <option value="2">Twice</option>
            <option value="3">Three times</option>
          </select>
        )}
      </Field>
      <p class="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : `Save the ${name} policy`}
        </button>
      </p>
      <p role="status" class="hint">
        {status}
      </p>
    </form>
  );
}
