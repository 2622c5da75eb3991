import type { DeliveryAttempt } from '../../api/integrations-client.js';
import { formatTime } from '../format-time.js';

const STATUS: Readonly<Record<DeliveryAttempt['status'], string>> = {
  succeeded: '✓ Succeeded',
  failed: '✗ Failed',
  pending: '… Pending',
};

/** How much of a response body the table shows; the whole first 1 KB is in a disclosure. */
const PREVIEW_CHARS = 80;

/**
 * The delivery log of one endpoint: one row per attempt, newest first, with its outcome, response
 * code, duration and the first bytes of the response; the newest attempt of each finished message
 * has a Replay button.
 */
export function DeliveryLog(props: {
  attempts: readonly DeliveryAttempt[];
  canReplay: boolean;
  onReplay: (messageId: string) => void;
}) {
  const seen = new Set<string>();
  return (
    <table class="log-table">
      <caption>Delivery attempts, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Message</th>
          <th scope="col">Attempt</th>
          <th scope="col">Status</th>
          <th scope="col">Response</th>
          <th scope="col">Duration</th>
          <th scope="col">Response body</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {props.attempts.map((a) => {
          const newest = !seen.has(a.messageId);
          seen.add(a.messageId);
          const body = a.responseBody ?? a.error ?? '';
          return (
            <tr key={`${a.messageId}-${a.attempt}`}>
              <td data-label="When">
                <time dateTime={a.at}>{formatTime(a.at)}</time>
              </td>
              <td data-label="Event">{a.eventType}</td>
              <td data-label="Message">
                <code>{a.messageId}</code>
              </td>
              <td data-label="Attempt">{a.attempt}</td>
              <td data-label="Status">
                {STATUS[a.status]}
                {a.nextAttemptAt ? (
                  <>
                    , next try <time dateTime={a.nextAttemptAt}>{formatTime(a.nextAttemptAt)}</time>
                  </>
                ) : null}
              </td>
              <td data-label="Response">{a.responseStatus ?? '—'}</td>
              <td data-label="Duration">{a.durationMs === undefined ? '—' : `${a.durationMs} ms`}</td>
              <td data-label="Response body">
                {body ? (
                  body.length <= PREVIEW_CHARS ? (
                    <code class="response-body">{body}</code>
                  ) : (
                    <details>
                      <summary>
                        <code class="response-body">{body.slice(0, PREVIEW_CHARS)}…</code>
                      </summary>
                      <pre class="response-body">{body}</pre>
                    </details>
                  )
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Action">
                {newest && props.canReplay && a.status !== 'pending' ? (
                  <button type="button" class="secondary" onClick={() => props.onReplay(a.messageId)}>
                    Replay<span class="visually-hidden"> message {a.messageId}</span>
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
