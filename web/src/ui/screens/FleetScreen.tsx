import { useEffect, useState } from 'preact/hooks';
import { listVehicles, type VehicleSummary } from '../../api/fleet-client.js';
import { NetworkError } from '../../api/http.js';
import { LIVE_POSITION_ROLES } from '../../auth/roles.js';
import { withLiveFix } from '../../fleet/live-positions.js';
import { loadFleet, saveFleet } from '../../offline/fleet-cache.js';
import { appStore, ownerOf } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { useFleetPositions } from '../fleet/use-fleet-positions.js';
import { VehicleCard } from '../fleet/VehicleCard.js';
import { formatClock } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import '../fleet/fleet.css';

interface ListState {
  readonly vehicles: readonly VehicleSummary[];
  readonly nextCursor?: string;
  readonly status: 'loading' | 'ok' | 'error' | 'cache';
  readonly error?: string;
  /** When the saved copy shown offline was fetched. */
  readonly savedAt?: number;
}

/** The fleet: vehicles with their state and open alerts, searchable, a page at a time (a driver sees theirs). */
export function FleetScreen() {
  const session = useStore(appStore, (s) => s.session);
  const connection = useStore(appStore, (s) => s.connection);
  const roles = session?.user.roles ?? [];
  const watchesPositions = roles.some((r) => LIVE_POSITION_ROLES.includes(r));
  const [query, setQuery] = useState('');
  const [list, setList] = useState<ListState>({ vehicles: [], status: 'loading' });

  const load = async (q: string, cursor?: string) => {
    setList((s) => ({ ...s, status: 'loading' }));
    const owner = session ? ownerOf(session) : undefined;
    try {
      if (!navigator.onLine) throw new NetworkError('offline');
      const page = await listVehicles({ q, ...(cursor ? { cursor } : {}) });
      setList((s) => ({
        vehicles: cursor ? [...s.vehicles, ...page.items] : page.items,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        status: 'ok',
      }));
      // The unfiltered first page is "the fleet the user last saw", shown when offline.
      if (owner && !q && !cursor) void saveFleet(owner, page.items).catch(() => undefined);
    } catch (error) {
      const saved = error instanceof NetworkError && owner ? await loadFleet(owner).catch(() => undefined) : undefined;
      if (saved) {
        const match = q.toLowerCase();
        const vehicles = saved.vehicles.filter(
          (v) => !match || v.vehicleId.toLowerCase().includes(match) || v.name.toLowerCase().includes(match),
        );
        setList({ vehicles, status: 'cache', savedAt: saved.savedAt });
        return;
      }
      setList((s) => ({ ...s, status: 'error', error: error instanceof Error ? error.message : String(error) }));
    }
  };
  useEffect(() => void load(''), []);
  // Staff see positions, speeds and "last seen" move as vehicles report (a driver's role does not
  // watch positions; their one vehicle is read when the screen opens). A saved copy shown offline stays as saved.
  const live = watchesPositions && list.status !== 'cache';
  useFleetPositions(live, (position) =>
    setList((s) => {
      const vehicles = withLiveFix(s.vehicles, position);
      return vehicles === s.vehicles ? s : { ...s, vehicles };
    }),
  );
  const search = (event: Event) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    setQuery(q);
    void load(q);
  };

  return (
    <>
      <ScreenHeading>Fleet</ScreenHeading>
      {watchesPositions ? (
        <p>
          <Link href="/fleet/live">See live positions</Link>
          {live && connection === 'connected' ? ' · Live: positions and speeds move as vehicles report.' : ''}
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
          : list.status === 'cache'
            ? `You are offline: saved copy from ${list.savedAt ? formatClock(list.savedAt) : 'earlier'}, ${list.vehicles.length} vehicle${list.vehicles.length === 1 ? '' : 's'}.`
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
      ) : list.status === 'ok' || list.status === 'cache' ? (
        <p>No vehicles{query ? ' match' : ''}.</p>
      ) : null}
      {list.nextCursor && list.status !== 'cache' ? (
        <button type="button" class="secondary" onClick={() => void load(query, list.nextCursor)}>
          Show more vehicles
        </button>
      ) : null}
    </>
  );
}
