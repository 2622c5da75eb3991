import type { VehicleDetail } from '../../api/fleet-client.js';
import type { RuleView } from '../../api/rules-client.js';
import { maintenanceDue } from '../../fleet/maintenance-due.js';
import { formatTime } from '../format-time.js';
import { formatNumber } from './format.js';

/**
 * Maintenance: the last service, and (when the tenant's rules are readable) how far the vehicle is
 * through each interval of its maintenance rules, "due soon" from 90 % as the alert engine says.
 */
export function MaintenancePanel({
  vehicle,
  rules,
}: {
  vehicle: VehicleDetail;
  rules: readonly RuleView[] | undefined;
}) {
  const service = vehicle.lastService;
  const due = rules ? maintenanceDue(vehicle, rules, Date.now()) : [];
  return (
    <section aria-labelledby="maintenance-title" class="panel">
      <h2 id="maintenance-title">Maintenance</h2>
      <dl class="facts">
        <dt>Last service</dt>
        <dd>
          {service ? (
            <>
              <time dateTime={service.ts}>{formatTime(service.ts)}</time>
              {service.odometer === undefined ? '' : ` at ${formatNumber(service.odometer)} km`}
              {service.engineHours === undefined ? '' : `, ${formatNumber(service.engineHours)} engine hours`}
            </>
          ) : (
            'none recorded'
          )}
        </dd>
        <dt>Odometer</dt>
        <dd>{vehicle.odometer === undefined ? 'unknown' : `${formatNumber(vehicle.odometer)} km`}</dd>
        <dt>Engine hours</dt>
        <dd>{vehicle.engineHours === undefined ? 'unknown' : formatNumber(vehicle.engineHours)}</dd>
      </dl>
      {!service ? (
        <p class="hint">Service intervals count from the first recorded service.</p>
      ) : due.length > 0 ? (
        <ul class="plain-list maintenance-list" aria-label="Service intervals">
          {due.map((d) => (
            <li key={`${d.ruleName}-${d.unit}`} class={`maintenance-${d.state.replace(' ', '-')}`}>
              <strong>{d.state === 'ok' ? 'Not due' : d.state === 'due' ? 'Due now' : 'Due soon'}</strong>:{' '}
              {formatNumber(d.used)} of {formatNumber(d.every)} {d.unit} since the last service ({d.ruleName})
            </li>
          ))}
        </ul>
      ) : rules ? (
        <p class="hint">No maintenance rule applies to this vehicle.</p>
      ) : null}
    </section>
  );
}
