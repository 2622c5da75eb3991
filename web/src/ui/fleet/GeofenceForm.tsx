import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { createRule, GEOFENCE_ON, type GeofenceOn } from '../../api/rules-client.js';
import { SEVERITIES, type Severity } from '../../api/types.js';
import { toast } from '../../state/app-state.js';
import { Field } from './Field.js';
import { focusFirstInvalid } from './focus-first-invalid.js';
import { type FormErrors, formErrorsOf, NO_ERRORS } from './form-errors.js';

/** API field paths (after `body.`) to this form's fields. */
const FIELD_OF: Readonly<Record<string, string>> = {
  name: 'name',
  severity: 'severity',
  message: 'message',
  'condition.geofence.circle.lat': 'lat',
  'condition.geofence.circle.lng': 'lng',
  'condition.geofence.circle.radiusM': 'radiusM',
  'condition.on': 'on',
};

/** The offered triggers: a crossing in or out (inside/outside stay for the API). */
const OFFERED_ON = GEOFENCE_ON.filter((on) => on === 'enter' || on === 'exit');

/**
 * Creates a circle geofence rule: centre, radius in metres, and whether it fires on entering or
 * leaving. Nothing is checked here: the API's 400 `details` say what is wrong, on the field.
 */
export function GeofenceForm({ onCreated }: { onCreated: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState(false);
  // A layout effect: focus moves in the same task as the DOM change that made it due, so
  // nothing (a user, a screen reader, a test) sees the new message before it has focus.
  useLayoutEffect(() => {
    if (round > 0) focusFirstInvalid(form.current);
  }, [round]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    // Empty numbers go as null: the API answers "must be a number" on that field.
    const number = (name: string) => (text(name) === '' ? null : Number(text(name)));
    const on = text('on') as GeofenceOn;
    setBusy(true);
    try {
      const rule = await createRule({
        name: text('name'),
        type: on === 'enter' ? 'GEOFENCE_ENTER' : 'GEOFENCE_EXIT',
        severity: text('severity') as Severity,
        enabled: true,
        condition: {
          geofence: {
            circle: {
              lat: number('lat') as number,
              lng: number('lng') as number,
              radiusM: number('radiusM') as number,
            },
          },
          on,
        },
        ...(text('message') ? { message: text('message') } : {}),
      });
      setErrors(NO_ERRORS);
      form.current?.reset();
      toast(`Geofence rule ${rule.name} created.`);
      onCreated();
    } catch (error) {
      setErrors(formErrorsOf(error, (path) => FIELD_OF[path]));
      setRound((r) => r + 1);
    } finally {
      setBusy(false);
    }
  };
  const f = errors.fields;
  return (
    <section aria-labelledby="geofence-title" class="panel">
      <h2 id="geofence-title">New geofence rule</h2>
      <form ref={form} onSubmit={submit} noValidate class="stacked-form">
        <Field id="geofence-name" label="Name" error={f.name}>
          {(aria) => <input {...aria} name="name" type="text" maxLength={120} autoComplete="off" />}
        </Field>
        <Field id="geofence-lat" label="Centre latitude (°)" hint="From -90 to 90, e.g. 41.8781" error={f.lat}>
          {(aria) => <input {...aria} name="lat" type="number" step="any" inputMode="decimal" />}
        </Field>
        <Field id="geofence-lng" label="Centre longitude (°)" hint="From -180 to 180, e.g. -87.6298" error={f.lng}>
          {(aria) => <input {...aria} name="lng" type="number" step="any" inputMode="decimal" />}
        </Field>
        <Field id="geofence-radius" label="Radius (m)" error={f.radiusM}>
          {(aria) => <input {...aria} name="radiusM" type="number" step="any" inputMode="decimal" />}
        </Field>
        <fieldset
          class="choice"
          aria-invalid={f.on ? 'true' : undefined}
          aria-describedby={f.on ? 'geofence-on-error' : undefined}
        >
          <legend>Raise an alert when a vehicle</legend>
          {OFFERED_ON.map((on, i) => (
            <label key={on} class="choice-option">
              <input type="radio" name="on" value={on} defaultChecked={i === 1} />{' '}
              {on === 'enter' ? 'enters' : 'leaves'} the area
            </label>
          ))}
          {f.on ? (
            <p id="geofence-on-error" class="field-error">
              {f.on}
            </p>
          ) : null}
        </fieldset>
        <Field id="geofence-severity" label="Severity" error={f.severity}>
          {(aria) => (
            <select {...aria} name="severity">
              {SEVERITIES.map((s) => (
                <option key={s} value={s} selected={s === 'HIGH'}>
                  {s.charAt(0) + s.slice(1).toLowerCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="geofence-message"
          label="Message (optional)"
          hint="{vehicleId} is replaced by the vehicle's id"
          error={f.message}
        >
          {(aria) => <input {...aria} name="message" type="text" maxLength={500} autoComplete="off" />}
        </Field>
        {errors.form ? (
          <p class="error form-error" role="alert" tabIndex={-1}>
            {errors.form}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Create geofence rule
        </button>
      </form>
    </section>
  );
}
