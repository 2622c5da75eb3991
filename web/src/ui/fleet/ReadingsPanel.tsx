import { useState } from 'preact/hooks';
import type { TelemetrySeries } from '../../api/fleet-client.js';
import { formatTime } from '../format-time.js';
import { formatReading, SENSOR_LABELS, sensorLabel } from './format.js';
import { TelemetryChart } from './TelemetryChart.js';

/** Sensors worth a chart, in the order the picker offers them. */
const CHARTED = [
  'engineTemp',
  'oilPressure',
  'speed',
  'rpm',
  'fuelLevel',
  'batteryVoltage',
  'acceleration',
  'odometer',
];

/** The last 24 h of one sensor: a chart, and the same points as a table behind a disclosure. */
export function ReadingsPanel({ series }: { series: TelemetrySeries }) {
  const present = CHARTED.filter((field) => series.items.some((p) => typeof p[field] === 'number'));
  const [picked, setPicked] = useState(present[0] ?? 'speed');
  const field = present.includes(picked) ? picked : (present[0] ?? 'speed');
  const unit = SENSOR_LABELS[field]?.unit ?? '';
  const values = series.items.map((p) => p[field]).filter((v): v is number => typeof v === 'number');
  const summary =
    values.length === 0
      ? 'no readings'
      : `${values.length} point${values.length === 1 ? '' : 's'}, lowest ${formatReading(field, Math.min(...values))}, highest ${formatReading(field, Math.max(...values))}`;
  const label = `${sensorLabel(field)} (${unit}) from ${formatTime(series.from)} to ${formatTime(series.to)}: ${summary}${series.downsampled ? `, averaged over ${series.bucketSeconds} s buckets` : ''}.`;
  return (
    <section aria-labelledby="readings-title" class="panel">
      <h2 id="readings-title">Last 24 hours</h2>
      {present.length === 0 ? (
        <p>No readings in the last 24 hours.</p>
      ) : (
        <>
          <div class="field">
            <label for="chart-field">Reading</label>
            <select
              id="chart-field"
              value={field}
              onChange={(e) => setPicked((e.currentTarget as HTMLSelectElement).value)}
            >
              {present.map((f) => (
                <option key={f} value={f}>
                  {sensorLabel(f)}
                </option>
              ))}
            </select>
          </div>
          <TelemetryChart points={series.items} field={field} label={label} />
          <details class="readings-table">
            <summary>Show these readings as a table</summary>
            <table>
              <caption>
                {sensorLabel(field)} ({unit}), oldest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">{sensorLabel(field)}</th>
                </tr>
              </thead>
              <tbody>
                {series.items
                  .filter((p) => typeof p[field] === 'number')
                  .map((p) => (
                    <tr key={p.ts}>
                      <td>
                        <time dateTime={p.ts}>{formatTime(p.ts)}</time>
                      </td>
                      <td>{formatReading(field, p[field] as number)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
