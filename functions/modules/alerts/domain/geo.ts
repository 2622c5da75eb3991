import type { Circle, GeofenceShape, Polygon } from './rule.js';

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** A point-in-shape test compiled once per rule: bounding box first, exact test after. */
export type ContainsFn = (lat: number, lng: number) => boolean;

/** Great-circle distance in metres (haversine). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

function circleContains(circle: Circle): ContainsFn {
  // A box that surely holds the circle rejects most far-away points without trigonometry.
  const dLat = circle.radiusM / EARTH_RADIUS_M / RAD;
  const cosLat = Math.max(Math.cos(circle.lat * RAD), 1e-6);
  const dLng = Math.min(180, dLat / cosLat);
  const { lat, lng, radiusM } = circle;
  return (pLat, pLng) =>
    Math.abs(pLat - lat) <= dLat * 1.01 &&
    Math.abs(pLng - lng) <= dLng * 1.01 &&
    distanceM(lat, lng, pLat, pLng) <= radiusM;
}

function polygonContains(polygon: Polygon): ContainsFn {
  const n = polygon.length;
  const lats = new Float64Array(n);
  const lngs = new Float64Array(n);
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  polygon.forEach(([a, b], i) => {
    lats[i] = a;
    lngs[i] = b;
    minLat = Math.min(minLat, a);
    maxLat = Math.max(maxLat, a);
    minLng = Math.min(minLng, b);
    maxLng = Math.max(maxLng, b);
  });
  // Ray casting on the lat/lng plane: exact enough for fences of a few km away from the poles
  // and the antimeridian, which is what depots and delivery zones are.
  return (pLat, pLng) => {
    if (pLat < minLat || pLat > maxLat || pLng < minLng || pLng > maxLng) return false;
    let inside = false;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = lats[i] as number;
      const yj = lats[j] as number;
      if (yi > pLat !== yj > pLat) {
        const xi = lngs[i] as number;
        const xj = lngs[j] as number;
        if (pLng < ((xj - xi) * (pLat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    return inside;
  };
}

/** Compiles a geofence shape into a containment test. */
export function compileShape(shape: GeofenceShape): ContainsFn {
  return 'circle' in shape ? circleContains(shape.circle) : polygonContains(shape.polygon);
}
