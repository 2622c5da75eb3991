import type { Alert } from '../api/types.js';
import { AlertCard } from './AlertCard.js';

/** A list of alert cards, or what to say when there is none. */
export function AlertList(props: {
  alerts: readonly Alert[];
  queued: readonly string[];
  empty: string;
  label: string;
}) {
  if (props.alerts.length === 0) return <p class="hint">{props.empty}</p>;
  return (
    <ol class="alert-list" aria-label={props.label}>
      {props.alerts.map((alert) => (
        <AlertCard key={alert.alertId} alert={alert} queued={props.queued.includes(alert.alertId)} />
      ))}
    </ol>
  );
}
