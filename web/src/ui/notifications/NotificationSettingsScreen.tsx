import { useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  type Digest,
  getPreferences,
  type Preferences,
  type PreferencesView,
  putPreferences,
  type QuietHours,
} from '../../api/notifications-client.js';
import { SEVERITIES, type Severity } from '../../api/types.js';
import { toast } from '../../state/app-state.js';
import { Field } from '../fleet/Field.js';
import { LoadStatus } from '../fleet/LoadStatus.js';
import { useLoad } from '../fleet/use-load.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { ChannelGrid, severityLabel as label } from './ChannelGrid.js';
import { PushOptIn } from './PushOptIn.js';
import '../fleet/fleet.css';
import './notifications.css';

/** The IANA zones this browser knows, for the time zone suggestions. */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The caller's notification settings: the channels per severity (what the organisation requires is
 * checked and locked), quiet hours in an IANA time zone (CRITICAL may break through), a digest for
 * chosen severities, and push on this device.
 */
export function NotificationSettingsScreen() {
  const [loaded, reload] = useLoad('prefs', getPreferences);
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Notification settings</ScreenHeading>
      <LoadStatus loaded={loaded} reload={reload} what="your settings" />
      {loaded.state === 'ok' ? <PreferencesForm view={loaded.data} /> : null}
      <PushOptIn />
    </section>
  );
}

function PreferencesForm({ view }: { view: PreferencesView }) {
  const [channels, setChannels] = useState<Record<Severity, Channel[]>>(
    () => Object.fromEntries(SEVERITIES.map((s) => [s, [...view.channels[s]]])) as Record<Severity, Channel[]>,
  );
  const [quiet, setQuiet] = useState<QuietHours | undefined>(view.quietHours);
  const [digest, setDigest] = useState<Digest>(view.digest ?? { frequency: 'off', severities: ['LOW', 'INFO'] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState(view.isDefault ? 'You are using your organisation’s defaults.' : '');
  const zones = timeZones();

  useLayoutEffect(() => {
    // An error message placed after a save moves focus to the first field it names.
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [errors]);

  const toggle = (severity: Severity, channel: Channel, on: boolean) =>
    setChannels((c) => ({
      ...c,
      [severity]: on ? [...c[severity], channel] : c[severity].filter((x) => x !== channel),
    }));

  const save = async (event: Event) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (quiet && !isZone(quiet.timezone)) found.timezone = 'Enter an IANA time zone such as Europe/Berlin.';
    if (quiet && (!quiet.start || !quiet.end)) found.quietStart = 'Enter when quiet hours start and end.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body: Preferences = {
      channels: Object.fromEntries(
        SEVERITIES.map((s) => [s, CHANNELS.filter((c) => channels[s].includes(c))]),
      ) as unknown as Preferences['channels'],
      ...(quiet ? { quietHours: quiet } : {}),
      digest,
    };
    setSaving(true);
    try {
      await putPreferences(body);
      setStatus('Saved.');
      toast('Your notification settings are saved.');
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setErrors(
          Object.fromEntries(
            error.details.map((d) => [d.path.replace(/^body\./, '').replace(/^quietHours\./, ''), d.message]),
          ),
        );
      }
      setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={save} class="stacked-form" noValidate>
      <h2>Channels by severity</h2>
      <p class="hint">Locked boxes are required by your organisation.</p>
      <ChannelGrid
        idPrefix="ch"
        caption="Channels you are told on, per severity"
        checked={(s, c) => channels[s].includes(c)}
        locked={(s, c) => view.required[s].includes(c)}
        label={(s, c, required) => `${label(s)}: ${CHANNEL_LABELS[c]}${required ? ' (required)' : ''}`}
        errorId={(s) => (errors[`channels.${s}`] ? `channels-error-${s}` : undefined)}
        onToggle={toggle}
      />
      {SEVERITIES.filter((s) => errors[`channels.${s}`]).map((s) => (
        <p class="field-error" id={`channels-error-${s}`} key={s}>
          {errors[`channels.${s}`]}
        </p>
      ))}

      <h2>Quiet hours</h2>
      <label class="choice-option">
        <input
          type="checkbox"
          id="quiet-on"
          checked={quiet !== undefined}
          onChange={(e) =>
            setQuiet(
              (e.target as HTMLInputElement).checked
                ? { start: '22:00', end: '07:00', timezone: browserZone(), allowCritical: true }
                : undefined,
            )
          }
        />
        Hold push, SMS and e-mail during quiet hours (you get a summary when they end)
      </label>
      {quiet ? (
        <>
          <div class="inline-fields">
            <Field id="quietStart" label="From" error={errors.quietStart ?? errors.start}>
              {(aria) => (
                <input
                  type="time"
                  {...aria}
                  value={quiet.start}
                  onInput={(e) => setQuiet({ ...quiet, start: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <Field id="quietEnd" label="Until" error={errors.end}>
              {(aria) => (
                <input
                  type="time"
                  {...aria}
                  value={quiet.end}
                  onInput={(e) => setQuiet({ ...quiet, end: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
          </div>
          <Field
            id="timezone"
            label="Time zone"
            hint="An IANA time zone, e.g. Europe/Berlin. Quiet hours follow its daylight saving changes."
            error={errors.timezone}
          >
            {(aria) => (
              <input
                type="text"
                {...aria}
                list="timezone-list"
                autocomplete="off"
                value={quiet.timezone}
                onInput={(e) => setQuiet({ ...quiet, timezone: (e.target as HTMLInputElement).value })}
              />
            )}
          </Field>
          <datalist id="timezone-list">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <label class="choice-option">
            <input
              type="checkbox"
              id="quiet-critical"
              checked={quiet.allowCritical}
              onChange={(e) => setQuiet({ ...quiet, allowCritical: (e.target as HTMLInputElement).checked })}
            />
            Let CRITICAL alerts through (if your organisation allows it)
          </label>
        </>
      ) : null}

      <h2>Digest</h2>
      <Field id="digestFrequency" label="Send a digest instead of each alert">
        {(aria) => (
          <select
            {...aria}
            value={digest.frequency}
            onChange={(e) =>
              setDigest({ ...digest, frequency: (e.target as HTMLSelectElement).value as Digest['frequency'] })
            }
          >
            <option value="off">Off</option>
            <option value="hourly">Hourly</option>
            <option value="daily">Daily, at 08:00 your time</option>
          </select>
        )}
      </Field>
      {digest.frequency !== 'off' ? (
        <fieldset class="choice">
          <legend>Severities in the digest (never CRITICAL)</legend>
          {SEVERITIES.filter((s) => s !== 'CRITICAL').map((s) => (
            <label class="choice-option" key={s}>
              <input
                type="checkbox"
                checked={digest.severities.includes(s)}
                onChange={(e) =>
                  setDigest({
                    ...digest,
                    severities: (e.target as HTMLInputElement).checked
                      ? [...digest.severities, s]
                      : digest.severities.filter((x) => x !== s),
                  })
                }
              />
              {label(s)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <p class="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </p>
      <p role="status" class="hint">
        {status}
      </p>
    </form>
  );
}
