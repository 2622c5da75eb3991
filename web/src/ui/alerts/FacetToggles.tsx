import type { SearchFacets } from '../../api/alerts-client.js';
import { ALERT_STATUSES, type AlertStatus, SEVERITIES, type Severity } from '../../api/types.js';
import { type InboxQuery, inboxHref, withFilter } from '../../state/inbox-query.js';
import { navigate } from '../../state/router.js';
import { SEVERITY_SHAPES } from '../SeverityBadge.js';
import { STATUS_SHAPES, statusLabel } from './StatusBadge.js';

/**
 * The search's counts per severity and per status, each a toggle button: pressing one applies that
 * filter (through the URL, like the form), pressing it again removes it.
 */
export function FacetToggles({ facets, query }: { facets: SearchFacets; query: InboxQuery }) {
  const severities = SEVERITIES.filter((s) => (facets.severity?.[s] ?? 0) > 0 || query.severity === s);
  const statuses = ALERT_STATUSES.filter((s) => (facets.status?.[s] ?? 0) > 0 || query.status === s);
  if (severities.length === 0 && statuses.length === 0) return null;
  return (
    <div class="facets">
      <h3 id="facets-title">Matches by severity and status</h3>
      <fieldset class="facet-group">
        <legend class="facet-label">Severity</legend>
        {severities.map((s) => (
          <Toggle
            key={s}
            shape={SEVERITY_SHAPES[s]}
            label={s.charAt(0) + s.slice(1).toLowerCase()}
            count={facets.severity?.[s] ?? 0}
            pressed={query.severity === s}
            onToggle={() =>
              navigate(inboxHref(withFilter(query, 'severity', query.severity === s ? undefined : (s as Severity))))
            }
          />
        ))}
      </fieldset>
      <fieldset class="facet-group">
        <legend class="facet-label">Status</legend>
        {statuses.map((s) => (
          <Toggle
            key={s}
            shape={STATUS_SHAPES[s]}
            label={statusLabel(s)}
            count={facets.status?.[s] ?? 0}
            pressed={query.status === s}
            onToggle={() =>
              navigate(inboxHref(withFilter(query, 'status', query.status === s ? undefined : (s as AlertStatus))))
            }
          />
        ))}
      </fieldset>
    </div>
  );
}

function Toggle(props: { shape: string; label: string; count: number; pressed: boolean; onToggle: () => void }) {
  return (
    <button type="button" class="facet secondary" aria-pressed={props.pressed} onClick={props.onToggle}>
      <span aria-hidden="true">
        {props.pressed ? '✓ ' : ''}
        {props.shape}{' '}
      </span>
      {props.label} <span class="facet-count">{props.count}</span>
    </button>
  );
}
