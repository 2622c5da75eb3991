import { useEffect, useState } from 'preact/hooks';
import { listVehicles } from '../../api/fleet-client.js';
import { type LivePosition, positionsFromVehicles, withPosition } from '../../fleet/live-positions.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { formatCoordinate, formatReading } from '../fleet/format.js';
import { PositionsPlane } from '../fleet/PositionsPlane.js';
import { useFleetPositions } from '../fleet/use-fleet-positions.js';
import { formatClock, formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import '../fleet/fleet.css';

/** The first page of the list holds the last known positions; the socket moves them on. */
const START_LIMIT = 100;

/** Today's times as HH:MM and the zone (the table stays narrow on a phone); older ones with their date. */
function formatWhen(iso: string): string {
  const at = Date.parse(iso);
  return new Date(at).toDateString() === new Date().toDateString() ? formatClock(at) : formatTime(iso);
}

/** Live positions: the fleet on an SVG plane and in a table, moved by `vehicle.position` frames while open. */
export function LivePositionsScreen() {
  const connection = useStore(appStore, (s) => s.connection);
  const [positions, setPositions] = useState<ReadonlyMap<string, LivePosition>>(new Map());
  const [error, setError] = useState<string>();
  const [updates, setUpdates] = useState(0);

  useEffect(() => {
    let open = true;
    listVehicles({ limit: START_LIMIT }).then(
      (page) => open && setPositions((held) => new Map([...positionsFromVehicles(page.items), ...held])),
      (cause: unknown) => open && setError(cause instanceof Error ? cause.message : String(cause)),
    );
    return () => {
      open = false;
    };
  }, []);

  // Subscribed while this screen is open, on every (re)connection; unsubscribed when leaving it.
  useFleetPositions(true, (position) => {
    setPositions((held) => withPosition(held, position));
    setUpdates((n) => n + 1);
  });

  const list = [...positions.values()].sort((a, b) => a.vehicleId.localeCompare(b.vehicleId));
  return (
    <>
      <p>
        <Link href="/fleet">Back to the fleet</Link>
      </p>
      <ScreenHeading>Live positions</ScreenHeading>
      <p class="hint">
        {connection === 'connected'
          ? 'Live: positions move as vehicles report them.'
          : 'Not connected: showing the last known positions until the connection is back.'}
        {updates > 0 ? ` ${updates} update${updates === 1 ? '' : 's'} since you opened this view.` : ''}
      </p>
      {error ? (
        <p class="error" role="alert">
          Could not load the vehicles: {error}
        </p>
      ) : null}
      <div class="live-layout">
        <PositionsPlane positions={list} />
        <table class="positions-table">
          <caption>Vehicle positions</caption>
          <thead>
            <tr>
              <th scope="col">Vehicle</th>
              <th scope="col">Lat</th>
              <th scope="col">Lng</th>
              <th scope="col">Speed</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.vehicleId}>
                <th scope="row">
                  <Link href={`/fleet/${encodeURIComponent(p.vehicleId)}`}>{p.vehicleId}</Link>
                </th>
                <td class="coordinate">{formatCoordinate(p.lat)}</td>
                <td class="coordinate">{formatCoordinate(p.lng)}</td>
                <td>{p.speed === undefined ? '—' : formatReading('speed', p.speed)}</td>
                <td>
                  <time dateTime={p.ts}>{formatWhen(p.ts)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
