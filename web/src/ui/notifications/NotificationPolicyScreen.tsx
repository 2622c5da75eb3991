import { useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  type ChannelsBySeverity,
  getNotificationPolicy,
  type NotificationPolicy,
  type NotificationPolicyView,
  putNotificationPolicy,
} from '../../api/notifications-client.js';
import { SEVERITIES, type Severity } from '../../api/types.js';
import { toast } from '../../state/app-state.js';
import { LoadStatus } from '../fleet/LoadStatus.js';
import { useLoad } from '../fleet/use-load.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { ChannelGrid, severityLabel as label } from './ChannelGrid.js';
import '../fleet/fleet.css';
import './notifications.css';

type Draft = Record<Severity, Channel[]>;

const draftOf = (channels: ChannelsBySeverity): Draft =>
  Object.fromEntries(SEVERITIES.map((s) => [s, [...channels[s]]])) as Draft;
/** Channels in the contract's order, per severity. */
const ordered = (draft: Draft): ChannelsBySeverity =>
  Object.fromEntries(
    SEVERITIES.map((s) => [s, CHANNELS.filter((c) => draft[s].includes(c))]),
  ) as unknown as ChannelsBySeverity;

/**
 * The organisation's notification policy (admin): the channels each user starts from per severity,
 * the channels nobody may turn off (CRITICAL in the app is always required), and whether CRITICAL
 * alerts break through quiet hours. Reached from the escalation screen.
 */
export function NotificationPolicyScreen() {
  const [loaded, reload] = useLoad('notification-policy', getNotificationPolicy);
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Organisation notification policy</ScreenHeading>
      <p class="hint">
        What everyone in your organisation starts from, and what they cannot turn off. People change the rest in their
        own <Link href="/settings/notifications">notification settings</Link>; escalation ladders are under{' '}
        <Link href="/settings/escalation">escalation policies</Link>.
      </p>
      <LoadStatus loaded={loaded} reload={reload} what="the policy" />
      {loaded.state === 'ok' ? <PolicyForm view={loaded.data} /> : null}
    </section>
  );
}

function PolicyForm({ view }: { view: NotificationPolicyView }) {
  const [defaults, setDefaults] = useState<Draft>(() => draftOf(view.defaults));
  const [required, setRequired] = useState<Draft>(() => draftOf(view.required));
  const [breakThrough, setBreakThrough] = useState(view.criticalBreaksQuietHours);
  const [errors, setErrors] = useState<Partial<Record<Severity, string>>>({});
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState(
    view.isDefault ? 'This is the platform’s default policy: nothing saved yet.' : '',
  );

  useLayoutEffect(() => {
    // An error placed after a save moves focus to the first default it names.
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const locked = (s: Severity, c: Channel) => view.locked[s].includes(c);
  const toggle = (set: typeof setDefaults, s: Severity, c: Channel, on: boolean) =>
    set((d) => ({ ...d, [s]: on ? [...d[s], c] : d[s].filter((x) => x !== c) }));

  const save = async (event: Event) => {
    event.preventDefault();
    const found: Partial<Record<Severity, string>> = {};
    for (const s of SEVERITIES) {
      const missing = CHANNELS.filter((c) => (required[s].includes(c) || locked(s, c)) && !defaults[s].includes(c));
      if (missing.length > 0) {
        found[s] =
          `${label(s)}: the defaults must include ${missing.map((c) => CHANNEL_LABELS[c]).join(', ')}, which you require.`;
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus('Not saved: fix the defaults marked below.');
      return;
    }
    const body: NotificationPolicy = {
      defaults: ordered(defaults),
      required: ordered(required),
      criticalBreaksQuietHours: breakThrough,
    };
    setSaving(true);
    try {
      await putNotificationPolicy(body);
      setStatus('Saved.');
      toast('The notification policy is saved.');
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setErrors(
          Object.fromEntries(
            error.details
              .map((d) => [/(?:^|\.)defaults\.([A-Z]+)/.exec(d.path)?.[1], d.message] as const)
              .filter(([s]) => s !== undefined),
          ),
        );
      }
      setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(false);
    }
  };

  const table = (which: 'def' | 'req', caption: string, draft: Draft, set: typeof setDefaults) => (
    <ChannelGrid
      idPrefix={which}
      caption={caption}
      checked={(s, c) => draft[s].includes(c)}
      locked={locked}
      label={(s, c, isLocked) =>
        `${which === 'def' ? 'Default' : 'Required'}, ${label(s)}: ${CHANNEL_LABELS[c]}${isLocked ? ' (always required)' : ''}`
      }
      errorId={(s) => (which === 'def' && errors[s] !== undefined ? `policy-error-${s}` : undefined)}
      onToggle={(s, c, checked) => toggle(set, s, c, checked)}
    />
  );

  return (
    <form onSubmit={save} class="stacked-form" noValidate>
      <h2>Defaults</h2>
      <p class="hint">The channels a person is told on until they change their own settings.</p>
      {table('def', 'Default channels per severity', defaults, setDefaults)}
      {SEVERITIES.filter((s) => errors[s]).map((s) => (
        <p class="field-error" id={`policy-error-${s}`} key={s}>
          {errors[s]}
        </p>
      ))}

      <h2>Required</h2>
      <p class="hint">
        Channels nobody can turn off. Critical alerts in the app are always required. A person whose saved settings
        leave out a required channel is still told on it.
      </p>
      {table('req', 'Required channels per severity', required, setRequired)}

      <h2>Quiet hours</h2>
      <label class="choice-option">
        <input
          type="checkbox"
          id="policy-break-through"
          checked={breakThrough}
          onChange={(e) => setBreakThrough((e.target as HTMLInputElement).checked)}
        />
        Critical alerts break through quiet hours for people who allow it
      </label>
      <p class="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save the policy'}
        </button>
      </p>
      <p role="status" class="hint">
        {status}
      </p>
    </form>
  );
}
