import { useEffect, useState } from 'preact/hooks';
import { listVehicles, type VehicleSummary } from '../../api/fleet-client.js';
import { LIVE_POSITION_ROLES } from '../../auth/roles.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { VehicleCard } from '../fleet/VehicleCard.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import '../fleet/fleet.css';

interface ListState {
  readonly vehicles: readonly VehicleSummary[];
  readonly nextCursor?: string;
  readonly status: 'loading' | 'ok' | 'error';
  readonly error?: string;
}

/** The fleet: vehicles with their state and open alerts, searchable, a page at a time (a driver sees theirs). */
export function FleetScreen() {
  const roles = useStore(appStore, (s) => s.session?.user.roles ?? []);
  const [query, setQuery] = useState('');
  const [list, setList] = useState<ListState>({ vehicles: [], status: 'loading' });

  const load = async (q: string, cursor?: string) => {
    setList((s) => ({ ...s, status: 'loading' }));
    try {
      const page = await listVehicles({ q, ...(cursor ? { cursor } : {}) });
      setList((s) => ({
        vehicles: cursor ? [...s.vehicles, ...page.items] : page.items,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        status: 'ok',
      }));
    } catch (error) {
      setList((s) => ({ ...s, status: 'error', error: error instanceof Error ? error.message : String(error) }));
    }
  };
  useEffect(() => void load(''), []);
  const search = (event: Event) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    setQuery(q);
    void load(q);
  };

  return (
    <>
      <ScreenHeading>Fleet</ScreenHeading>
      {roles.some((r) => LIVE_POSITION_ROLES.includes(r)) ? (
        <p>
          <Link href="/fleet/live">See live positions</Link>
        </p>
      ) : null}
      <form class="filters" aria-label="Search vehicles" onSubmit={search}>
        <div class="field">
          <label for="vehicle-q">Search by id or name</label>
          <input id="vehicle-q" name="q" type="search" maxLength={64} autoComplete="off" />
        </div>
        <button type="submit">Search</button>
      </form>
      <p class="hint" role="status">
        {list.status === 'loading'
          ? 'Loading vehicles…'
          : list.status === 'ok'
            ? `${list.vehicles.length}${list.nextCursor ? '+' : ''} vehicle${list.vehicles.length === 1 ? '' : 's'}${query ? ` matching “${query}”` : ''}.`
            : ''}
      </p>
      {list.status === 'error' ? (
        <p class="error" role="alert">
          Could not load vehicles: {list.error}
        </p>
      ) : null}
      {list.vehicles.length > 0 ? (
        <ul class="vehicle-list" aria-label="Vehicles">
          {list.vehicles.map((vehicle) => (
            <VehicleCard key={vehicle.vehicleId} vehicle={vehicle} />
          ))}
        </ul>
      ) : list.status === 'ok' ? (
        <p>No vehicles{query ? ' match' : ''}.</p>
      ) : null}
      {list.nextCursor ? (
        <button type="button" class="secondary" onClick={() => void load(query, list.nextCursor)}>
          Show more vehicles
        </button>
      ) : null}
    </>
  );
}
