import type { AlertStatus } from '../../api/types.js';

/** A distinct shape per status, unlike the severity shapes, so status never rests on colour alone. */
export const STATUS_SHAPES: Readonly<Record<AlertStatus, string>> = {
  open: '◇',
  acknowledged: '◑',
  resolved: '✔',
};

/** How a status is written for people. */
export function statusLabel(status: AlertStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

/** The status as a shape and a word, e.g. "◑ Acknowledged". */
export function StatusBadge({ status }: { status: AlertStatus }) {
  return (
    <span class={`status status-${status}`}>
      <span class="status-shape" aria-hidden="true">
        {STATUS_SHAPES[status] ?? '◇'}
      </span>{' '}
      {statusLabel(status)}
    </span>
  );
}
