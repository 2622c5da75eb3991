import type { EndpointView } from '../../api/integrations-client.js';
import { formatTime } from '../format-time.js';

const REASONS = {
  gone: 'the receiver answered 410 Gone',
  failing: 'every delivery failed for 5 days',
  manual: 'an admin disabled it',
} as const;

/** An endpoint's state as text and a shape (● enabled, ⊘ disabled), and why it is disabled. */
export function EndpointStatus({ endpoint }: { endpoint: EndpointView }) {
  if (endpoint.status === 'enabled') {
    return (
      <span class="endpoint-status endpoint-enabled">
        ● Enabled
        {endpoint.failingSince ? (
          <>
            {' '}
            — failing since <time dateTime={endpoint.failingSince}>{formatTime(endpoint.failingSince)}</time>
          </>
        ) : null}
      </span>
    );
  }
  return (
    <span class="endpoint-status endpoint-disabled">
      <strong>⊘ Disabled</strong>
      {endpoint.disabledReason ? `: ${REASONS[endpoint.disabledReason]}` : ''}
      {endpoint.disabledAt ? (
        <>
          {' '}
          (<time dateTime={endpoint.disabledAt}>{formatTime(endpoint.disabledAt)}</time>)
        </>
      ) : null}
      . Nothing is sent to it until it is enabled again.
    </span>
  );
}
