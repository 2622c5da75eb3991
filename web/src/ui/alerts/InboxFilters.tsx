import { useState } from 'preact/hooks';
import { suggestAlerts } from '../../api/alerts-client.js';
import { ALERT_STATUSES, type AlertStatus, SEVERITIES, type Severity } from '../../api/types.js';
import { type InboxQuery, inboxHref, isUnfiltered } from '../../state/inbox-query.js';
import { navigate } from '../../state/router.js';
import { statusLabel } from './StatusBadge.js';
import { SuggestCombobox } from './SuggestCombobox.js';

/**
 * The inbox's search box and filters. Applying them changes the URL (a history entry), and the
 * inbox follows the URL, so a reload, a shared link or Back shows the same alerts.
 */
export function InboxFilters({ query }: { query: InboxQuery }) {
  const [rangeError, setRangeError] = useState<string>();
  const submit = (form: HTMLFormElement, q?: string) => {
    const data = new FormData(form);
    const from = toInstant(String(data.get('from') ?? ''));
    const to = toInstant(String(data.get('to') ?? ''));
    if (from && to && from > to) {
      setRangeError('"From" must not be after "To".');
      form.querySelector<HTMLInputElement>('#filter-from')?.focus();
      return;
    }
    setRangeError(undefined);
    navigate(
      inboxHref({
        q: (q ?? String(data.get('q') ?? '')).trim() || undefined,
        severity: (String(data.get('severity') ?? '') || undefined) as Severity | undefined,
        status: (String(data.get('status') ?? '') || undefined) as AlertStatus | undefined,
        vehicleId: String(data.get('vehicle') ?? '').trim() || undefined,
        from,
        to,
      }),
    );
  };
  return (
    <form
      class="filters inbox-filters"
      aria-label="Search and filter alerts"
      onSubmit={(event) => {
        event.preventDefault();
        submit(event.currentTarget as HTMLFormElement);
      }}
    >
      <SuggestCombobox
        id="alert-search"
        name="q"
        label="Search alerts"
        hint="Words from the message, type or vehicle; suggestions appear as you type."
        defaultValue={query.q ?? ''}
        suggest={(text) => suggestAlerts(text)}
        onChoose={(value) => {
          const form = document.getElementById('alert-search')?.closest('form');
          if (form) submit(form, value);
        }}
      />
      <div class="field">
        <label for="filter-severity">Severity</label>
        <select id="filter-severity" name="severity">
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s} selected={query.severity === s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-status">Status</label>
        <select id="filter-status" name="status">
          <option value="">Any status</option>
          {ALERT_STATUSES.map((s) => (
            <option key={s} value={s} selected={query.status === s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-vehicle">Vehicle</label>
        <input
          id="filter-vehicle"
          name="vehicle"
          type="text"
          autoComplete="off"
          spellcheck={false}
          placeholder="e.g. TRK-101"
          defaultValue={query.vehicleId ?? ''}
        />
      </div>
      <div class="field">
        <label for="filter-from">From</label>
        <input
          id="filter-from"
          name="from"
          type="datetime-local"
          defaultValue={toLocalInput(query.from)}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? 'filter-range-error' : undefined}
        />
      </div>
      <div class="field">
        <label for="filter-to">To</label>
        <input id="filter-to" name="to" type="datetime-local" defaultValue={toLocalInput(query.to)} />
      </div>
      {rangeError ? (
        <p id="filter-range-error" class="error field-error">
          {rangeError}
        </p>
      ) : null}
      <div class="filter-buttons">
        <button type="submit">Show alerts</button>
        {isUnfiltered(query) ? null : (
          <button type="button" class="secondary" onClick={() => navigate('/alerts')}>
            Clear search and filters
          </button>
        )}
      </div>
    </form>
  );
}

/** A `datetime-local` value (the user's wall clock) as an ISO instant, or undefined. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** An ISO instant as a `datetime-local` value in the user's time zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
