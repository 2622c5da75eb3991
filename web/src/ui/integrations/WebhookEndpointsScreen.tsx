import { useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';
import {
  createEndpoint,
  listEndpoints,
  OUTBOUND_EVENT_TYPES,
  type OutboundEventType,
} from '../../api/integrations-client.js';
import { Field } from '../fleet/Field.js';
import { useLoad } from '../fleet/use-load.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { EndpointStatus } from './endpoint-status.js';
import { SecretOnce } from './SecretOnce.js';
import '../fleet/fleet.css';
import './integrations.css';

const EVENT_HINTS: Partial<Record<OutboundEventType, string>> = {
  'vehicle.position': ' (one message per reading: high volume)',
};

/** Outbound webhook endpoints (admin): the list with each one's state, and a form to add one. */
export function WebhookEndpointsScreen() {
  const [loaded, reload] = useLoad('endpoints', listEndpoints);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<OutboundEventType[]>([]);
  const [errors, setErrors] = useState<{ url?: string; eventTypes?: string }>({});
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [created, setCreated] = useState<{ endpointId: string; url: string; secret: string } | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const next = {
      ...(url.trim() ? {} : { url: 'Enter the URL deliveries are sent to, for example https://example.com/hooks.' }),
      ...(eventTypes.length ? {} : { eventTypes: 'Choose at least one event type.' }),
    };
    setErrors(next);
    if (next.url) return document.getElementById('endpoint-url')?.focus();
    if (next.eventTypes) return document.getElementById('endpoint-events')?.focus();
    try {
      const answer = await createEndpoint({
        url: url.trim(),
        eventTypes,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setProblem(undefined);
      setUrl('');
      setDescription('');
      setEventTypes([]);
      setCreated({ endpointId: answer.endpointId, url: answer.url, secret: answer.secret });
      reload();
    } catch (error) {
      const urlProblem = error instanceof ApiError ? error.details.find((d) => d.path.endsWith('url')) : undefined;
      if (urlProblem) {
        setErrors({ url: urlProblem.message });
        document.getElementById('endpoint-url')?.focus();
      } else setProblem(`Could not add the endpoint: ${(error as Error).message}`);
    }
  };

  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Webhook endpoints</ScreenHeading>
      <p class="hint">
        <Link href="/integrations">Integrations</Link> · fleetops POSTs each subscribed event, signed per Standard
        Webhooks, and retries failures for about a day.
      </p>
      {created ? (
        <>
          <SecretOnce
            id="endpoint-secret"
            title={`Signing secret of ${created.url}`}
            label="Signing secret"
            value={created.secret}
            onDone={() => setCreated(undefined)}
          />
          <p>
            <Link href={`/integrations/webhooks/${encodeURIComponent(created.endpointId)}`}>Open the new endpoint</Link>
          </p>
        </>
      ) : null}
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <h2>Endpoints</h2>
      {loaded.state === 'loading' ? <p class="hint">Loading endpoints…</p> : null}
      {loaded.state === 'error' ? (
        <p class="error" role="alert">
          Could not load the endpoints: {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ok' && loaded.data.items.length === 0 ? <p>No endpoints yet.</p> : null}
      {loaded.state === 'ok' && loaded.data.items.length > 0 ? (
        <ul class="plain-list record-list" aria-label="Endpoints">
          {loaded.data.items.map((e) => (
            <li key={e.endpointId} class={`record${e.status === 'disabled' ? ' record-off' : ''}`}>
              <h3 class="endpoint-url">
                <Link href={`/integrations/webhooks/${encodeURIComponent(e.endpointId)}`}>{e.url}</Link>
              </h3>
              {e.description ? <p>{e.description}</p> : null}
              <p>
                <EndpointStatus endpoint={e} />
              </p>
              <p class="hint">Events: {e.eventTypes.join(', ')}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <form class="stacked-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="endpoint-form-title">
        <h2 id="endpoint-form-title">Add an endpoint</h2>
        <Field id="endpoint-url" label="URL" error={errors.url} hint="https, on a public address.">
          {(aria) => (
            <input
              {...aria}
              type="url"
              maxLength={2048}
              autoComplete="off"
              value={url}
              onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="endpoint-description" label="Description (optional)">
          {(aria) => (
            <input
              {...aria}
              type="text"
              maxLength={500}
              autoComplete="off"
              value={description}
              onInput={(e) => setDescription((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <fieldset
          id="endpoint-events"
          class="choice"
          tabIndex={-1}
          {...(errors.eventTypes ? { 'aria-invalid': 'true', 'aria-describedby': 'endpoint-events-error' } : {})}
        >
          <legend>Event types</legend>
          {errors.eventTypes ? (
            <p id="endpoint-events-error" class="field-error">
              {errors.eventTypes}
            </p>
          ) : null}
          {OUTBOUND_EVENT_TYPES.map((type) => (
            <label key={type} class="choice-option">
              <input
                id={`event-${type}`}
                type="checkbox"
                checked={eventTypes.includes(type)}
                onChange={(e) =>
                  setEventTypes(
                    (e.target as HTMLInputElement).checked
                      ? [...eventTypes, type]
                      : eventTypes.filter((t) => t !== type),
                  )
                }
              />
              {type}
              {EVENT_HINTS[type] ?? ''}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit">Add endpoint</button>
        </div>
      </form>
    </section>
  );
}
