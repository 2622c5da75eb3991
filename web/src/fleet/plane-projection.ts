/** A point on the SVG plane of the live positions view. */
export interface PlanePoint {
  readonly x: number;
  readonly y: number;
}

/** Lat/lng to plane coordinates, and the plane's size. */
export interface PlaneProjection {
  readonly width: number;
  readonly height: number;
  project(lat: number, lng: number): PlanePoint;
}

/** The smallest span shown (degrees, about 1 km): one vehicle alone still gets a plane around it. */
const MIN_SPAN_DEG = 0.01;
/** The plane is between this much and as tall as it is wide, so a fleet along one road is not a line. */
const MIN_ASPECT = 0.5;
const MAX_ASPECT = 1;

/**
 * An equirectangular projection of the fleet's bounding box (plus a margin) onto a plane `width`
 * wide: x east, y south, longitudes shrunk by cos(mid-latitude) so a city's streets keep their
 * shape. Good for a fleet within a region; no map tiles are drawn under it.
 */
export function fitPlane(
  points: readonly { readonly lat: number; readonly lng: number }[],
  width = 1000,
  margin = 0.1,
): PlaneProjection {
  if (points.length === 0) {
    const height = width * MIN_ASPECT;
    return { width, height, project: () => ({ x: width / 2, y: height / 2 }) };
  }
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.max(Math.cos((midLat * Math.PI) / 180), 0.01);
  // Plane units before scaling: x = lng·k, y = −lat (north up).
  const cx = ((Math.min(...lngs) + Math.max(...lngs)) / 2) * k;
  const cy = -midLat;
  let spanX = Math.max((Math.max(...lngs) - Math.min(...lngs)) * k, MIN_SPAN_DEG) * (1 + 2 * margin);
  let spanY = Math.max(Math.max(...lats) - Math.min(...lats), MIN_SPAN_DEG) * (1 + 2 * margin);
  spanY = Math.min(Math.max(spanY, spanX * MIN_ASPECT), Math.max(spanY, spanX * MAX_ASPECT));
  spanX = Math.max(spanX, spanY / MAX_ASPECT);
  const scale = width / spanX;
  const height = Math.round(spanY * scale);
  return {
    width,
    height,
    project: (lat, lng) => ({ x: (lng * k - cx) * scale + width / 2, y: (-lat - cy) * scale + height / 2 }),
  };
}
