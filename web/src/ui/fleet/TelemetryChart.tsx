import { useEffect, useRef, useState } from 'preact/hooks';
import type { TelemetryPoint } from '../../api/fleet-client.js';
import { SENSOR_LABELS } from './format.js';

/** The chart library, loaded with the first chart (not with the app shell); see ADR 0097. */
const loadUplot = () => Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);

/** Axis times in the user's locale and zone, 24-hour where the locale is. */
const axisTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Colours of the current theme, read from the page's custom properties so the chart follows dark and high contrast. */
function themeColours(element: Element) {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { fg: read('--fg', '#111111'), line: read('--accent', '#0b3d91'), grid: read('--border', '#4a4a4a') };
}

/**
 * One sensor's readings over time as a line chart (uPlot, canvas). The canvas is one image to
 * assistive technology, labelled by `label`; the same points are in the table beside it.
 */
export function TelemetryChart({
  points,
  field,
  label,
}: {
  points: readonly TelemetryPoint[];
  field: string;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | undefined;
    let cancelled = false;
    const xs = points.map((p) => Date.parse(p.ts) / 1000);
    const ys = points.map((p) => (typeof p[field] === 'number' ? (p[field] as number) : null));
    const draw = async () => {
      const UPlot = await loadUplot();
      if (cancelled) return;
      chart?.destroy();
      const colours = themeColours(element);
      const axis = { stroke: colours.fg, grid: { stroke: colours.grid, width: 0.5 }, ticks: { stroke: colours.grid } };
      chart = new UPlot(
        {
          width: Math.max(element.clientWidth, 200),
          height: 240,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: true } },
          axes: [
            { ...axis, values: (_u: unknown, splits: number[]) => splits.map((s) => axisTime.format(s * 1000)) },
            { ...axis, size: 56 },
          ],
          series: [{}, { label: SENSOR_LABELS[field]?.label ?? field, stroke: colours.line, width: 2, spanGaps: true }],
        },
        [xs, ys],
        element,
      );
    };
    draw().catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    const resize = new ResizeObserver(() => chart?.setSize({ width: Math.max(element.clientWidth, 200), height: 240 }));
    resize.observe(element);
    // A theme change (dark, more contrast) redraws with its colours.
    const queries = ['(prefers-color-scheme: dark)', '(prefers-contrast: more)'].map((q) => matchMedia(q));
    const redraw = () => void draw();
    for (const query of queries) query.addEventListener('change', redraw);
    return () => {
      cancelled = true;
      resize.disconnect();
      for (const query of queries) query.removeEventListener('change', redraw);
      chart?.destroy();
    };
  }, [points, field]);
  return (
    <figure class="chart">
      <div class="chart-canvas" role="img" aria-label={label} ref={host} />
      <figcaption>{label}</figcaption>
      {failed ? (
        <p class="error">The chart could not be drawn ({failed}); the table below has the same readings.</p>
      ) : null}
    </figure>
  );
}
