import { describe, expect, it } from 'vitest';
import { distanceM, Fence } from '../../../functions/modules/alerts/domain/geo.js';
import type { Circle, Polygon } from '../../../functions/modules/alerts/domain/rule.js';
import { seededRandom as prng } from '../../../local/simulator/vehicle-model.js';

/**
 * Fence (one class for both shapes, docs/adr/0134) against the closures it replaced, copied here as
 * they were: the same answer for every point, on and off the boxes' edges.
 */

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

function closureCircle(circle: Circle): (lat: number, lng: number) => boolean {
  const dLat = circle.radiusM / EARTH_RADIUS_M / RAD;
  const cosLat = Math.max(Math.cos(circle.lat * RAD), 1e-6);
  const dLng = Math.min(180, dLat / cosLat);
  const { lat, lng, radiusM } = circle;
  return (pLat, pLng) =>
    Math.abs(pLat - lat) <= dLat * 1.01 &&
    Math.abs(pLng - lng) <= dLng * 1.01 &&
    distanceM(lat, lng, pLat, pLng) <= radiusM;
}

function closurePolygon(polygon: Polygon): (lat: number, lng: number) => boolean {
  const n = polygon.length;
  const lats = polygon.map((p) => p[0]);
  const lngs = polygon.map((p) => p[1]);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLng, maxLng] = [Math.min(...lngs), Math.max(...lngs)];
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

describe('Fence', () => {
  it('answers as the circle and polygon closures did, for points inside, outside and near the edges', () => {
    // Prepare: random circles (some near the poles) and star-shaped polygons, points around each.
    const random = prng(134);
    let inside = 0;
    let outside = 0;
    for (let shape = 0; shape < 200; shape++) {
      const lat = shape % 10 === 0 ? 85 + random() * 4.9 : (random() - 0.5) * 140;
      const lng = (random() - 0.5) * 340;
      const circle: Circle = { lat, lng, radiusM: 50 + random() * 20_000 };
      const vertices = 3 + (shape % 9);
      const polygon: Polygon = Array.from({ length: vertices }, (_, k) => {
        const angle = (k / vertices) * 2 * Math.PI;
        const r = 0.005 + random() * 0.05;
        return [lat + r * Math.sin(angle), lng + r * 1.6 * Math.cos(angle)] as [number, number];
      });
      const cases = [
        [new Fence({ circle }), closureCircle(circle), circle.radiusM / 111_000] as const,
        [new Fence({ polygon }), closurePolygon(polygon), 0.06] as const,
      ];
      for (const [fence, closure, spread] of cases) {
        for (let p = 0; p < 200; p++) {
          const pLat = lat + (random() - 0.5) * 3 * spread;
          const pLng = lng + (random() - 0.5) * 3 * spread;

          // Act
          const got = fence.contains(pLat, pLng);

          // Assess
          const want = closure(pLat, pLng);
          if (got !== want) expect({ shape, pLat, pLng, got }).toEqual({ shape, pLat, pLng, got: want });
          if (want) inside++;
          else outside++;
        }
      }
    }
    expect(inside).toBeGreaterThan(5000);
    expect(outside).toBeGreaterThan(5000);
  });
});
