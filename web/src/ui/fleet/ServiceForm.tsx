import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { recordService, type ServiceInput } from '../../api/fleet-client.js';
import { toast } from '../../state/app-state.js';
import { Field } from './Field.js';
import { focusFirstInvalid } from './focus-first-invalid.js';
import { type FormErrors, formErrorsOf, NO_ERRORS } from './form-errors.js';

const FIELDS = ['ts', 'odometer', 'engineHours', 'notes'] as const;

/** Turns the form's text into the body: empty fields are left out (the server fills them from the vehicle). */
function serviceInput(form: FormData): ServiceInput {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const number = (name: string) => (text(name) === '' ? undefined : Number(text(name)));
  const when = text('ts');
  const odometer = number('odometer');
  const engineHours = number('engineHours');
  return {
    // datetime-local has no zone: it is the user's local time, sent as an instant.
    ...(when ? { ts: new Date(when).toISOString() } : {}),
    ...(odometer === undefined ? {} : { odometer }),
    ...(engineHours === undefined ? {} : { engineHours }),
    ...(text('notes') ? { notes: text('notes') } : {}),
  };
}

/** Records a service of the vehicle (admin, fleet manager); errors of the API appear on their fields. */
export function ServiceForm({ vehicleId, onRecorded }: { vehicleId: string; onRecorded: () => void }) {
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
    setBusy(true);
    let body: ServiceInput;
    try {
      body = serviceInput(new FormData(event.currentTarget as HTMLFormElement));
    } catch {
      setErrors({ fields: { ts: 'Enter the date and time of the service' } });
      setRound((r) => r + 1);
      setBusy(false);
      return;
    }
    try {
      await recordService(vehicleId, body);
      setErrors(NO_ERRORS);
      form.current?.reset();
      toast(`Service of ${vehicleId} recorded.`);
      onRecorded();
    } catch (error) {
      setErrors(formErrorsOf(error, (path) => FIELDS.find((f) => path === f)));
      setRound((r) => r + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="service-title" class="panel">
      <h2 id="service-title">Record a service</h2>
      <form ref={form} onSubmit={submit} noValidate class="stacked-form">
        <p class="hint">Leave a field empty to use now and the vehicle's current odometer and engine hours.</p>
        <Field id="service-ts" label="Done at" error={errors.fields.ts}>
          {(aria) => <input {...aria} name="ts" type="datetime-local" />}
        </Field>
        <Field id="service-odometer" label="Odometer (km)" error={errors.fields.odometer}>
          {(aria) => <input {...aria} name="odometer" type="number" inputMode="decimal" step="any" />}
        </Field>
        <Field id="service-engine-hours" label="Engine hours" error={errors.fields.engineHours}>
          {(aria) => <input {...aria} name="engineHours" type="number" inputMode="decimal" step="any" />}
        </Field>
        <Field id="service-notes" label="Notes" error={errors.fields.notes}>
          {(aria) => <textarea {...aria} name="notes" rows={3} maxLength={2000} />}
        </Field>
        {errors.form ? (
          <p class="error form-error" role="alert" tabIndex={-1}>
            {errors.form}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Record service
        </button>
      </form>
    </section>
  );
}
