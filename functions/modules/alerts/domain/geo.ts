import type { GeofenceShape, Polygon } from './rule.js';

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * A geofence shape compiled once per rule: a bounding box first, the exact test after. One class
 * for circles and polygons, so the engine's call of {@link Fence.contains} sees one receiver shape
 * and is inlined, where a closure per shape made that call site megamorphic (docs/adr/0134-alert-engine-as-lambda-runs-it.md).
 */
export class Fence {
  readonly circle: boolean;
  // Circle: centre, radius and the half-sides of a box that surely holds it (with a 1 % margin).
  readonly lat: number;
  readonly lng: number;
  readonly radiusM: number;
  readonly dLat: number;
  readonly dLng: number;
  // Polygon: vertices and bounding box.
  readonly lats: Float64Array;
  readonly lngs: Float64Array;
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLng: number;
  readonly maxLng: number;

  constructor(shape: GeofenceShape) {
    if ('circle' in shape) {
      const { lat, lng, radiusM } = shape.circle;
      const dLat = radiusM / EARTH_RADIUS_M / RAD;
      const cosLat = Math.max(Math.cos(lat * RAD), 1e-6);
      this.circle = true;
      this.lat = lat;
      this.lng = lng;
      this.radiusM = radiusM;
      this.dLat = dLat * 1.01;
      this.dLng = Math.min(180, dLat / cosLat) * 1.01;
      this.lats = NO_VERTICES;
      this.lngs = NO_VERTICES;
      this.minLat = this.maxLat = this.minLng = this.maxLng = 0;
      return;
    }
    const polygon: Polygon = shape.polygon;
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
    this.circle = false;
    this.lat = this.lng = this.radiusM = this.dLat = this.dLng = 0;
    this.lats = lats;
    this.lngs = lngs;
    this.minLat = minLat;
    this.maxLat = maxLat;
    this.minLng = minLng;
    this.maxLng = maxLng;
  }

  /** Whether the point is inside the shape. */
  contains(pLat: number, pLng: number): boolean {
    if (this.circle) {
      // The box rejects most far-away points without trigonometry.
      return (
        Math.abs(pLat - this.lat) <= this.dLat &&
        Math.abs(pLng - this.lng) <= this.dLng &&
        distanceM(this.lat, this.lng, pLat, pLng) <= this.radiusM
      );
    }
    if (pLat < this.minLat || pLat > this.maxLat || pLng < this.minLng || pLng > this.maxLng) return false;
    // Ray casting on the lat/lng plane: exact enough for fences of a few km away from the poles
    // and the antimeridian, which is what depots and delivery zones are.
    const lats = this.lats;
    const lngs = this.lngs;
    const n = lats.length;
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
  }
}

const NO_VERTICES = new Float64Array(0);
