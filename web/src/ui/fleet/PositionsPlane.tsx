import type { LivePosition } from '../../fleet/live-positions.js';
import { fitPlane } from '../../fleet/plane-projection.js';

/**
 * The vehicles on a plane: lat/lng projected within the fleet's bounding box, each a labelled
 * triangle pointing its heading (a circle when the heading is unknown), so position never rests on
 * colour. No map tiles: none can be fetched offline (ADR 0098). The table beside it has the same data.
 */
export function PositionsPlane({ positions }: { positions: readonly LivePosition[] }) {
  // 600 units wide: labels stay readable on a phone (about 12 px) and modest on a desktop.
  const plane = fitPlane(positions, 600);
  const size = plane.width / 60;
  return (
    <svg
      class="positions-plane"
      viewBox={`0 0 ${plane.width} ${plane.height}`}
      role="img"
      aria-labelledby="plane-title"
      preserveAspectRatio="xMidYMid meet"
    >
      <title id="plane-title">
        {positions.length === 0
          ? 'No vehicle has reported a position yet.'
          : `Positions of ${positions.length} vehicle${positions.length === 1 ? '' : 's'}, north up; the table lists the same.`}
      </title>
      <rect class="plane-frame" x="1" y="1" width={plane.width - 2} height={plane.height - 2} />
      <text class="plane-north" x={plane.width - 12} y="28" text-anchor="end">
        N ↑
      </text>
      {positions.map((p) => {
        const { x, y } = plane.project(p.lat, p.lng);
        return (
          <g key={p.vehicleId} class="plane-vehicle" transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}>
            {p.heading === undefined ? (
              <circle r={size * 0.7} />
            ) : (
              <path
                d={`M0 ${-size} L${size * 0.7} ${size * 0.7} L0 ${size * 0.3} L${-size * 0.7} ${size * 0.7} Z`}
                transform={`rotate(${p.heading.toFixed(0)})`}
              />
            )}
            {/* Labels of vehicles near the right edge go to their left, so none is cut off. */}
            <text
              x={x > plane.width * 0.75 ? -size * 1.1 : size * 1.1}
              y={size * 0.4}
              text-anchor={x > plane.width * 0.75 ? 'end' : 'start'}
            >
              {p.vehicleId}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
