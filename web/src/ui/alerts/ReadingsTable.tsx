import type { AlertReading } from '../../api/types.js';
import { formatTime } from '../format-time.js';

/** Sensor fields of the telemetry contract, as people read them, with their units. */
const METRICS: Readonly<Record<string, string>> = {
  engineTemp: 'Engine temperature (°C)',
  oilPressure: 'Oil pressure (psi)',
  speed: 'Speed (km/h)',
  rpm: 'Engine speed (rpm)',
  fuelLevel: 'Fuel level (%)',
  batteryVoltage: 'Battery (V)',
  acceleration: 'Acceleration (m/s²)',
  lat: 'Latitude',
  lng: 'Longitude',
  odometer: 'Odometer (km)',
};

/**
 * The readings that triggered the alert, one column per reading and one row per sensor: an alert
 * carries one or two readings and up to ten sensors, so this way round it fits 320 px.
 */
export function ReadingsTable({ readings }: { readings: readonly AlertReading[] }) {
  if (readings.length === 0) return <p class="hint">This alert carries no readings.</p>;
  const metrics = [
    ...new Set(readings.flatMap((r) => Object.keys(r).filter((k) => k !== 'vehicleId' && k !== 'ts'))),
  ].sort((a, b) => order(a) - order(b));
  return (
    <table class="readings-table">
      <caption>Readings that triggered this alert</caption>
      <thead>
        <tr>
          <th scope="col">Sensor</th>
          {readings.map((r, i) => (
            <th scope="col" key={`${r.ts}-${i}`}>
              <time dateTime={r.ts}>{formatTime(r.ts)}</time>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => (
          <tr key={metric}>
            <th scope="row">{METRICS[metric] ?? metric}</th>
            {readings.map((r, i) => (
              <td key={`${r.ts}-${i}`}>{r[metric] === undefined ? '—' : String(r[metric])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function order(metric: string): number {
  const index = Object.keys(METRICS).indexOf(metric);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}
