import { Fragment } from 'preact';
import type { VehicleSummary } from '../../api/fleet-client.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { formatCoordinate, formatReading, KEY_READINGS, sensorLabel } from './format.js';

/** One vehicle of the fleet list: name (a link to its detail), last seen, position, key readings, open alerts. */
export function VehicleCard({ vehicle }: { vehicle: VehicleSummary }) {
  const readings = KEY_READINGS.filter((field) => vehicle.readings?.[field] !== undefined);
  return (
    <li class="vehicle-card">
      <h2 class="vehicle-title">
        <Link href={`/fleet/${encodeURIComponent(vehicle.vehicleId)}`}>
          {vehicle.vehicleId} · {vehicle.name}
        </Link>
      </h2>
      <p class={vehicle.openAlerts > 0 ? 'open-alerts open-alerts-some' : 'open-alerts'}>
        {vehicle.openAlerts === 0
          ? 'No open alerts'
          : `${vehicle.openAlerts} open alert${vehicle.openAlerts === 1 ? '' : 's'}`}
      </p>
      <dl class="facts">
        <dt>Type</dt>
        <dd>{vehicle.type}</dd>
        <dt>Last seen</dt>
        <dd>
          {vehicle.lastSeenAt ? <time dateTime={vehicle.lastSeenAt}>{formatTime(vehicle.lastSeenAt)}</time> : 'never'}
        </dd>
        <dt>Position</dt>
        <dd>
          {vehicle.position
            ? `${formatCoordinate(vehicle.position.lat)}, ${formatCoordinate(vehicle.position.lng)}`
            : 'unknown'}
        </dd>
        {readings.map((field) => (
          <Fragment key={field}>
            <dt>{sensorLabel(field)}</dt>
            <dd>{formatReading(field, vehicle.readings?.[field] ?? 0)}</dd>
          </Fragment>
        ))}
      </dl>
    </li>
  );
}
