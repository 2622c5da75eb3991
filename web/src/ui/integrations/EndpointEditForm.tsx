import { useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';
import { type EndpointView, updateEndpoint } from '../../api/integrations-client.js';
import { Field } from '../fleet/Field.js';
import { EndpointFields, type EndpointFieldValues } from './EndpointFields.js';

/** The contract's bounds of an endpoint's rate (deliveries per second). */
const MAX_RATE = 100;

type Errors = { url?: string; eventTypes?: string; rate?: string };

/**
 * Edits an endpoint's URL, description, event types and rate (`PATCH /v1/webhook-endpoints/{id}`
 * with only what changed; an emptied description is removed). A field the form or the API refuses
 * is named under it and focused; `onSaved` gets the endpoint as the API answered it.
 */
export function EndpointEditForm(props: { endpoint: EndpointView; onSaved: (saved: EndpointView) => void }) {
  const e = props.endpoint;
  const [values, setValues] = useState<EndpointFieldValues>({
    url: e.url,
    description: e.description ?? '',
    eventTypes: e.eventTypes,
  });
  const { url, description, eventTypes } = values;
  const [rate, setRate] = useState(String(e.rateLimitPerSecond));
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const refuse = (next: Errors) => {
    setErrors(next);
    const first = next.url ? 'edit-url' : next.eventTypes ? 'edit-events' : next.rate ? 'edit-rate' : undefined;
    if (first) document.getElementById(first)?.focus();
    return first !== undefined;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const perSecond = Number(rate);
    const invalid = refuse({
      ...(url.trim() ? {} : { url: 'Enter the URL deliveries are sent to.' }),
      ...(eventTypes.length ? {} : { eventTypes: 'Choose at least one event type.' }),
      ...(Number.isInteger(perSecond) && perSecond >= 1 && perSecond <= MAX_RATE
        ? {}
        : { rate: `Enter a whole number from 1 to ${MAX_RATE}.` }),
    });
    if (invalid) return;
    const sameEvents = eventTypes.length === e.eventTypes.length && eventTypes.every((t) => e.eventTypes.includes(t));
    const changes = {
      ...(url.trim() === e.url ? {} : { url: url.trim() }),
      ...(description.trim() === (e.description ?? '') ? {} : { description: description.trim() || null }),
      ...(sameEvents ? {} : { eventTypes: [...eventTypes] }),
      ...(perSecond === e.rateLimitPerSecond ? {} : { rateLimitPerSecond: perSecond }),
    };
    if (Object.keys(changes).length === 0) {
      setProblem('Nothing changed.');
      return;
    }
    try {
      const saved = await updateEndpoint(e.endpointId, changes);
      setProblem(undefined);
      props.onSaved(saved);
    } catch (error) {
      const detail = error instanceof ApiError ? error.details[0] : undefined;
      const field = detail?.path.endsWith('url')
        ? 'url'
        : detail?.path.includes('eventTypes')
          ? 'eventTypes'
          : detail?.path.includes('rateLimitPerSecond')
            ? 'rate'
            : undefined;
      if (detail && field) refuse({ [field]: detail.message });
      else setProblem(`Could not save the endpoint: ${(error as Error).message}`);
    }
  };

  return (
    <form class="stacked-form" onSubmit={(ev) => void submit(ev)} noValidate aria-labelledby="edit-title">
      <h2 id="edit-title">Edit the endpoint</h2>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <EndpointFields idPrefix="edit" eventPrefix="edit-event" values={values} onChange={setValues} errors={errors} />
      <Field
        id="edit-rate"
        label="Rate (deliveries a second at most)"
        error={errors.rate}
        hint={`1 to ${MAX_RATE}; a slow receiver gets its messages spread out.`}
      >
        {(aria) => (
          <input
            {...aria}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_RATE}
            step={1}
            value={rate}
            onInput={(ev) => setRate((ev.target as HTMLInputElement).value)}
          />
        )}
      </Field>
      <div>
        <button type="submit">Save changes</button>
      </div>
    </form>
  );
}
