import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { getVehicle, vehicleAlerts, vehicleTelemetry } from '../../api/fleet-client.js';
import { listRules } from '../../api/rules-client.js';
import { ALERT_READER_ROLES, FLEET_EDITOR_ROLES, hasAnyRole, LIVE_POSITION_ROLES } from '../../auth/roles.js';
import { type LivePosition, withLiveFix } from '../../fleet/live-positions.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { AlertList } from '../AlertList.js';
import { formatCoordinate, formatReading, sensorLabel } from '../fleet/format.js';
import { MaintenancePanel } from '../fleet/MaintenancePanel.js';
import { ReadingsPanel } from '../fleet/ReadingsPanel.js';
import { ServiceForm } from '../fleet/ServiceForm.js';
import { useFleetPositions } from '../fleet/use-fleet-positions.js';
import { useLoad } from '../fleet/use-load.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import '../fleet/fleet.css';

const DAY_MS = 86_400_000;

/** One vehicle: its state, maintenance, alerts, the last 24 h of readings, and recording a service. */
export function VehicleDetailScreen({ vehicleId }: { vehicleId: string }) {
  const roles = useStore(appStore, (s) => s.session?.user.roles ?? []);
  const readsAlerts = hasAnyRole(roles, ALERT_READER_ROLES);
  const [vehicle, reloadVehicle] = useLoad(vehicleId, () => getVehicle(vehicleId));
  const [series] = useLoad(vehicleId, () => {
    const to = new Date();
    return vehicleTelemetry(vehicleId, new Date(to.getTime() - DAY_MS), to);
  });
  // Rules and alerts are for the roles that may read them; a driver sees the service record alone.
  const [rules] = useLoad(`rules:${readsAlerts}`, () => (readsAlerts ? listRules() : Promise.resolve(undefined)));
  const [alerts] = useLoad(vehicleId, () => (readsAlerts ? vehicleAlerts(vehicleId) : Promise.resolve([])));
  // Staff watch this vehicle move while the screen is open: its position, last seen and speed.
  const [fix, setFix] = useState<LivePosition>();
  useFleetPositions(hasAnyRole(roles, LIVE_POSITION_ROLES), setFix, vehicleId);

  if (vehicle.state !== 'ok') {
    return (
      <section aria-labelledby="screen-title" class="panel">
        <p>
          <Link href="/fleet">Back to the fleet</Link>
        </p>
        <ScreenHeading>
          {vehicle.state === 'loading'
            ? `Loading ${vehicleId}…`
            : vehicle.status === 404
              ? `${vehicleId} not found`
              : `${vehicleId} could not be loaded`}
        </ScreenHeading>
        {vehicle.state === 'error' ? (
          <p role="alert">
            {vehicle.status === 404
              ? 'No vehicle of your fleet has this id.'
              : `Could not load this vehicle: ${vehicle.message}`}
          </p>
        ) : null}
      </section>
    );
  }
  // A fix of the vehicle shown (not of one seen before a navigation), newer than what was loaded.
  const v = fix?.vehicleId === vehicleId ? (withLiveFix([vehicle.data], fix)[0] ?? vehicle.data) : vehicle.data;
  // Position is shown once, as a pair; the other readings one by one.
  const readings = Object.entries(v.readings ?? {}).filter(([field]) => field !== 'lat' && field !== 'lng');
  return (
    <>
      <p>
        <Link href="/fleet">Back to the fleet</Link>
      </p>
      <ScreenHeading>
        {v.vehicleId} · {v.name}
      </ScreenHeading>
      <section aria-labelledby="state-title" class="panel">
        <h2 id="state-title">State</h2>
        <dl class="facts">
          <dt>Type</dt>
          <dd>{v.type}</dd>
          <dt>Driver</dt>
          <dd>{v.driverId ?? 'none assigned'}</dd>
          <dt>Last seen</dt>
          <dd>{v.lastSeenAt ? <time dateTime={v.lastSeenAt}>{formatTime(v.lastSeenAt)}</time> : 'never'}</dd>
          <dt>Position</dt>
          <dd>{v.position ? `${formatCoordinate(v.position.lat)}, ${formatCoordinate(v.position.lng)}` : 'unknown'}</dd>
          <dt>Open alerts</dt>
          <dd>{v.openAlerts}</dd>
          {readings.map(([field, value]) => (
            <Fragment key={field}>
              <dt>{sensorLabel(field)}</dt>
              <dd>{formatReading(field, value)}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <MaintenancePanel vehicle={v} rules={rules.state === 'ok' ? rules.data : undefined} />
      {hasAnyRole(roles, FLEET_EDITOR_ROLES) ? (
        <ServiceForm vehicleId={v.vehicleId} onRecorded={reloadVehicle} />
      ) : null}
      {readsAlerts ? (
        <section aria-labelledby="vehicle-alerts-title" class="panel">
          <h2 id="vehicle-alerts-title">Alerts</h2>
          {alerts.state === 'ok' ? (
            <AlertList
              alerts={alerts.data}
              queued={[]}
              label={`Alerts of ${v.vehicleId}, newest first`}
              empty="No alerts for this vehicle."
            />
          ) : alerts.state === 'error' ? (
            <p role="alert">Could not load the alerts: {alerts.message}</p>
          ) : (
            <p class="hint">Loading alerts…</p>
          )}
        </section>
      ) : null}
      {series.state === 'ok' ? (
        <ReadingsPanel series={series.data} />
      ) : (
        <section aria-labelledby="readings-title" class="panel">
          <h2 id="readings-title">Last 24 hours</h2>
          {series.state === 'error' ? (
            <p role="alert">Could not load the readings: {series.message}</p>
          ) : (
            <p class="hint">Loading readings…</p>
          )}
        </section>
      )}
    </>
  );
}
