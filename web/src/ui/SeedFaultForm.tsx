import { useState } from 'preact/hooks';
import { sendSeedFault } from '../api/telemetry-client.js';
import { DEMO_VEHICLES } from '../auth/demo-users.js';
import { appStore } from '../state/app-state.js';
import { useStore } from '../state/store.js';

/** Local stack only: sends the seed fault as the tenant's partner, which raises a CRITICAL alert. */
export function SeedFaultForm() {
  const session = useStore(appStore, (s) => s.session);
  const flow = useStore(appStore, (s) => s.flow);
  const online = useStore(appStore, (s) => s.online);
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<string>();
  if (!session || flow?.kind !== 'demo') return null;
  const vehicles = DEMO_VEHICLES[session.user.tenantId] ?? [];
  const submit = async (event: Event) => {
    event.preventDefault();
    const vehicleId = new FormData(event.currentTarget as HTMLFormElement).get('vehicle') as string;
    setResult(undefined);
    setError(undefined);
    try {
      const { tenantId } = session.user;
      const partnerToken = await flow.issueToken(tenantId, `${tenantId}-partner`, ['partner']);
      const { accepted } = await sendSeedFault(vehicleId, partnerToken);
      setResult(`Sent: ${accepted} reading accepted. The alert appears under Live alerts.`);
    } catch (cause) {
      setError(`Could not send the fault: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };
  return (
    <section aria-labelledby="demo-title" class="panel">
      <h2 id="demo-title">Try it: send the seed fault</h2>
      <p>
        Engine temperature 120 °C with oil pressure 10 psi, sent as the tenant's telematics partner, raises one critical
        engine-failure alert per vehicle until it is resolved.
      </p>
      <form onSubmit={submit} noValidate>
        <label for="vehicle">Vehicle</label>
        <select
          id="vehicle"
          name="vehicle"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'vehicle-error' : undefined}
        >
          {vehicles.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        {error ? (
          <p id="vehicle-error" class="error" role="alert">
            {error}
          </p>
        ) : null}
        {online ? null : (
          <p id="seed-offline" class="hint">
            You are offline: the fault is sent to the server, so this needs the network.
          </p>
        )}
        <button type="submit" disabled={!online} aria-describedby={online ? undefined : 'seed-offline'}>
          Send seed fault
        </button>
        {result ? <p class="hint">{result}</p> : null}
      </form>
    </section>
  );
}
