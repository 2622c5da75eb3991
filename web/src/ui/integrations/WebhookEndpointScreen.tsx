import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  type DeliveryAttempt,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  recoverFailed,
  replayMessage,
  rotateEndpointSecret,
  sendTestEvent,
  updateEndpoint,
} from '../../api/integrations-client.js';
import { navigate } from '../../state/router.js';
import { Field } from '../fleet/Field.js';
import { useLoad } from '../fleet/use-load.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { DeliveryLog } from './DeliveryLog.js';
import { EndpointEditForm } from './EndpointEditForm.js';
import { EndpointStatus } from './endpoint-status.js';
import { SecretOnce } from './SecretOnce.js';
import { confirmed } from './use-confirm.js';
import '../fleet/fleet.css';
import './integrations.css';

/** A `datetime-local` value (local time, minutes) for `date`. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** How often the log is read again while a message the admin just sent is still on its way. */
const WATCH_INTERVAL_MS = 1_000;
const WATCH_ROUNDS = 20;

/**
 * One outbound endpoint (admin): its state (why it is disabled), the delivery log, Send test event,
 * Replay per message, Recover since a time, enable/disable, secret rotation and delete; each
 * destructive action asks first.
 */
export function WebhookEndpointScreen({ endpointId }: { endpointId: string }) {
  const [endpoint, reloadEndpoint] = useLoad(endpointId, () => getEndpoint(endpointId));
  const [log, reloadFirstPage] = useLoad(endpointId, () => listDeliveries(endpointId));
  // Older pages read by "Load more"; a new read of the first page starts again from it.
  const [older, setOlder] = useState<{ items: readonly DeliveryAttempt[]; nextCursor?: string; loading: boolean }>({
    items: [],
    loading: false,
  });
  const reloadLog = () => {
    setOlder({ items: [], loading: false });
    reloadFirstPage();
  };
  const nextCursor = older.items.length > 0 ? older.nextCursor : log.state === 'ok' ? log.data.nextCursor : undefined;
  const loadOlder = async () => {
    if (!nextCursor || older.loading) return;
    setOlder({ ...older, loading: true });
    try {
      const page = await listDeliveries(endpointId, nextCursor);
      setOlder({
        items: [...older.items, ...page.items],
        loading: false,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      });
      setStatus(`${page.items.length} older attempts loaded.`);
    } catch (error) {
      setOlder({ ...older, loading: false });
      setProblem(`Could not load older attempts: ${(error as Error).message}`);
    }
  };
  const [editing, setEditing] = useState(false);
  // After a save the form is gone: focus goes back to the button that opened it.
  const editButton = useRef<HTMLButtonElement>(null);
  const [saves, setSaves] = useState(0);
  useLayoutEffect(() => {
    if (saves > 0) editButton.current?.focus();
  }, [saves]);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 24 * 3_600_000)));
  const [sinceError, setSinceError] = useState<string | undefined>(undefined);
  // Messages just (re)sent, each with the attempt number the log must get past, and how often it was read since.
  const [watching, setWatching] = useState<{ after: Readonly<Record<string, number>>; rounds: number } | undefined>(
    undefined,
  );

  // While just-sent messages are pending (or not in the log yet), read the log again.
  useEffect(() => {
    if (!watching) return;
    if (log.state === 'ok') {
      const settled = Object.entries(watching.after).every(([id, after]) => {
        const newest = log.data.items.find((a) => a.messageId === id);
        return newest !== undefined && newest.attempt > after && newest.status !== 'pending';
      });
      if (settled || watching.rounds >= WATCH_ROUNDS) {
        setWatching(undefined);
        return;
      }
    }
    const timer = setTimeout(() => {
      setWatching({ ...watching, rounds: watching.rounds + 1 });
      reloadLog();
    }, WATCH_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [watching, log]);

  /** `messageIds` with the latest attempt the log shows of each now: the watch waits for a newer one. */
  const watch = (messageIds: readonly string[]) => {
    const items = log.state === 'ok' ? log.data.items : [];
    const after = Object.fromEntries(
      messageIds.map((id) => [id, items.find((a) => a.messageId === id)?.attempt ?? 0] as const),
    );
    setWatching({ after, rounds: 0 });
  };

  const act = async (what: string, run: () => Promise<string | undefined>) => {
    try {
      const done = await run();
      setProblem(undefined);
      if (done) setStatus(done);
    } catch (error) {
      setProblem(`Could not ${what}: ${(error as Error).message}`);
    }
  };

  const sendTest = () =>
    act('send a test event', async () => {
      const sent = await sendTestEvent(endpointId);
      watch([sent.messageId]);
      reloadLog();
      return `Test event ${sent.messageId} sent; its attempts appear in the log below.`;
    });

  const replay = (messageId: string) =>
    act('replay the message', async () => {
      if (!confirmed(`Send message ${messageId} again? The receiver gets it a second time, same webhook-id.`)) return;
      await replayMessage(endpointId, messageId);
      watch([messageId]);
      reloadLog();
      return `Message ${messageId} is being sent again.`;
    });

  const recover = (event: Event) => {
    event.preventDefault();
    const at = new Date(since);
    if (!since || Number.isNaN(at.getTime())) {
      setSinceError('Enter a date and time, for example yesterday 09:00.');
      document.getElementById('recover-since')?.focus();
      return;
    }
    setSinceError(undefined);
    void act('recover failed messages', async () => {
      if (!confirmed(`Send every failed message since ${formatTime(at.toISOString())} again?`)) return;
      const recovered = await recoverFailed(endpointId, at.toISOString());
      if (recovered.messageIds.length) watch(recovered.messageIds);
      reloadLog();
      return recovered.recovered === 0
        ? 'No failed messages since then.'
        : `${recovered.recovered} failed ${recovered.recovered === 1 ? 'message is' : 'messages are'} being sent again.`;
    });
  };

  const setEnabled = (enabled: boolean) =>
    act(enabled ? 'enable the endpoint' : 'disable the endpoint', async () => {
      if (!enabled && !confirmed('Disable this endpoint? Nothing is sent to it until it is enabled again.')) return;
      await updateEndpoint(endpointId, { enabled });
      reloadEndpoint();
      return enabled ? 'Endpoint enabled.' : 'Endpoint disabled.';
    });

  const rotate = () =>
    act('rotate the secret', async () => {
      if (!confirmed('Rotate the signing secret? Deliveries carry both signatures for 24 hours.')) return;
      const rotated = await rotateEndpointSecret(endpointId);
      setSecret(rotated.secret);
      reloadEndpoint();
      return undefined;
    });

  const remove = () =>
    act('delete the endpoint', async () => {
      if (!confirmed('Delete this endpoint? Its delivery log goes with it and this cannot be undone.')) return;
      await deleteEndpoint(endpointId);
      navigate('/integrations/webhooks');
      return undefined;
    });

  if (endpoint.state === 'loading') return <p class="hint">Loading the endpoint…</p>;
  if (endpoint.state === 'error') {
    return (
      <section aria-labelledby="screen-title" class="panel">
        <ScreenHeading>{endpoint.status === 404 ? 'Endpoint not found' : 'Could not load the endpoint'}</ScreenHeading>
        <p>
          {endpoint.status === 404 ? 'There is no such endpoint.' : endpoint.message}{' '}
          <Link href="/integrations/webhooks">All endpoints</Link>
        </p>
      </section>
    );
  }
  const e = endpoint.data;
  const enabled = e.status === 'enabled';
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>
        Endpoint <span class="endpoint-url">{e.url}</span>
      </ScreenHeading>
      <p class="hint">
        <Link href="/integrations/webhooks">All endpoints</Link>
      </p>
      {secret ? (
        <SecretOnce
          id="endpoint-secret"
          title="New signing secret"
          label="Signing secret"
          value={secret}
          onDone={() => setSecret(undefined)}
        />
      ) : null}
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <EndpointStatus endpoint={e} />
        </dd>
        {e.description ? (
          <>
            <dt>Description</dt>
            <dd>{e.description}</dd>
          </>
        ) : null}
        <dt>Events</dt>
        <dd>{e.eventTypes.join(', ')}</dd>
        <dt>Rate</dt>
        <dd>at most {e.rateLimitPerSecond} deliveries a second</dd>
        <dt>Last success</dt>
        <dd>{e.lastSuccessAt ? <time dateTime={e.lastSuccessAt}>{formatTime(e.lastSuccessAt)}</time> : 'None yet'}</dd>
        <dt>Secret issued</dt>
        <dd>
          <time dateTime={e.secretCreatedAt}>{formatTime(e.secretCreatedAt)}</time>
          {e.previousSecretRetiresAt ? (
            <>
              {' '}
              (the previous one is also signed with until{' '}
              <time dateTime={e.previousSecretRetiresAt}>{formatTime(e.previousSecretRetiresAt)}</time>)
            </>
          ) : null}
        </dd>
      </dl>
      <p role="status" class="action-status">
        {status}
      </p>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <div class="endpoint-actions">
        <button type="button" disabled={!enabled} onClick={() => void sendTest()}>
          Send test event
        </button>
        {enabled ? (
          <button type="button" class="secondary" onClick={() => void setEnabled(false)}>
            Disable
          </button>
        ) : (
          <button type="button" onClick={() => void setEnabled(true)}>
            Enable
          </button>
        )}
        <button
          ref={editButton}
          type="button"
          class="secondary"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          Edit endpoint
        </button>
        <button type="button" class="secondary" onClick={() => void rotate()}>
          Rotate secret
        </button>
        <button type="button" class="secondary" onClick={() => void remove()}>
          Delete endpoint
        </button>
      </div>
      {editing ? (
        <EndpointEditForm
          endpoint={e}
          onSaved={() => {
            setEditing(false);
            setSaves((n) => n + 1);
            setStatus('Endpoint saved.');
            reloadEndpoint();
          }}
        />
      ) : null}
      {enabled ? null : (
        <p class="hint">A disabled endpoint takes no test events, replays or recovery: enable it first.</p>
      )}
      <h2>Delivery log</h2>
      <p>
        <button type="button" class="secondary" onClick={reloadLog}>
          Refresh the log
        </button>
      </p>
      {log.state === 'loading' ? <p class="hint">Loading the delivery log…</p> : null}
      {log.state === 'error' ? (
        <p class="error" role="alert">
          Could not load the delivery log: {log.message}
        </p>
      ) : null}
      {log.state === 'ok' && log.data.items.length === 0 ? <p>Nothing sent yet.</p> : null}
      {log.state === 'ok' && log.data.items.length > 0 ? (
        <DeliveryLog
          attempts={[...log.data.items, ...older.items]}
          canReplay={enabled}
          onReplay={(id) => void replay(id)}
        />
      ) : null}
      {nextCursor ? (
        <div class="load-more">
          <button
            type="button"
            class="secondary"
            aria-disabled={older.loading ? 'true' : undefined}
            onClick={() => void loadOlder()}
          >
            {older.loading ? 'Loading…' : 'Load older attempts'}
          </button>
        </div>
      ) : null}
      <form class="stacked-form" onSubmit={recover} noValidate aria-labelledby="recover-title">
        <h2 id="recover-title">Recover failed messages</h2>
        <Field
          id="recover-since"
          label="Failed since"
          error={sinceError}
          hint="Every message that failed since then is sent again, in your time zone."
        >
          {(aria) => (
            <input
              {...aria}
              type="datetime-local"
              value={since}
              onInput={(ev) => setSince((ev.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" disabled={!enabled}>
            Recover failed messages
          </button>
        </div>
      </form>
    </section>
  );
}
