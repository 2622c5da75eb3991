import { useState } from 'preact/hooks';
import { ApiError } from '../../api/http.js';
import { createEndpoint, listEndpoints } from '../../api/integrations-client.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { EndpointFields, type EndpointFieldValues } from './EndpointFields.js';
import { EndpointStatus } from './endpoint-status.js';
import { PagedList } from './PagedList.js';
import { SecretOnce } from './SecretOnce.js';
import { usePaged } from './use-paged.js';
import '../fleet/fleet.css';
import './integrations.css';

/** Outbound webhook endpoints (admin): the list with each one's state, and a form to add one. */
export function WebhookEndpointsScreen() {
  const { list, reload, loadMore } = usePaged('endpoints', listEndpoints);
  const [values, setValues] = useState<EndpointFieldValues>({ url: '', description: '', eventTypes: [] });
  const { url, description, eventTypes } = values;
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
        eventTypes: [...eventTypes],
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setProblem(undefined);
      setValues({ url: '', description: '', eventTypes: [] });
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
      <PagedList
        label="Endpoints"
        list={list}
        loadMore={loadMore}
        empty="No endpoints yet."
        keyOf={(e) => e.endpointId}
        classOf={(e) => `record${e.status === 'disabled' ? ' record-off' : ''}`}
      >
        {(e) => (
          <>
            <h3 class="endpoint-url">
              <Link href={`/integrations/webhooks/${encodeURIComponent(e.endpointId)}`}>{e.url}</Link>
            </h3>
            {e.description ? <p>{e.description}</p> : null}
            <p>
              <EndpointStatus endpoint={e} />
            </p>
            <p class="hint">Events: {e.eventTypes.join(', ')}</p>
          </>
        )}
      </PagedList>
      <form class="stacked-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="endpoint-form-title">
        <h2 id="endpoint-form-title">Add an endpoint</h2>
        <EndpointFields idPrefix="endpoint" eventPrefix="event" values={values} onChange={setValues} errors={errors} />
        <div>
          <button type="submit">Add endpoint</button>
        </div>
      </form>
    </section>
  );
}
