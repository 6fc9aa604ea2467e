import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox, buildDirectory, nearest, type DirectoryEntry } from './dealer-directory.js';

// The nearest-first search through widening bounding boxes must answer exactly what measuring
// every dealer and sorting would: checked against a brute force with its own distance formula.

/** Spherical law of cosines on unit vectors: an independent great-circle distance. */
function vectorKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toVector = ({ lat, lng }: { lat: number; lng: number }) => {
    const φ = (lat * Math.PI) / 180;
    const λ = (lng * Math.PI) / 180;
    return [Math.cos(φ) * Math.cos(λ), Math.cos(φ) * Math.sin(λ), Math.sin(φ)] as const;
  };
  const [x1, y1, z1] = toVector(a);
  const [x2, y2, z2] = toVector(b);
  const cross = Math.hypot(y1 * z2 - z1 * y2, z1 * x2 - x1 * z2, x1 * y2 - y1 * x2);
  return 6371 * Math.atan2(cross, x1 * x2 + y1 * y2 + z1 * z2);
}

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lng: fc.double({ min: -180, max: 180, noNaN: true }),
});
// Dealers clustered somewhere on the globe (poles and the antimeridian included), or spread out.
const cluster = fc
  .tuple(point, fc.double({ min: 0.001, max: 60, noNaN: true }), fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 60 }))
  .map(([center, spread, offsets]) =>
    offsets.map(([dy, dx]) => ({
      lat: Math.max(-90, Math.min(90, center.lat + dy * spread)),
      lng: ((((center.lng + dx * spread + 180) % 360) + 360) % 360) - 180,
    })),
  );

function directoryOf(points: Array<{ lat: number; lng: number }>) {
  const rows = points.map((p, i) => ({ code: `d-${String(i).padStart(3, '0')}`, city_code: i % 3 === 0 ? 'a' : 'b', ...p }));
  return buildDirectory(rows, (row) => ({ name: row.code, city: { name: row.city_code }, services: row.city_code === 'a' ? ['sales'] : ['service'] }));
}

describe('nearest', () => {
  it('answers the brute force’s nearest dealers in its order, whatever the point, filter and limit', () => {
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 1, maxLength: 4 }), point, fc.integer({ min: 1, max: 100 }), fc.boolean(), (clusters, near, limit, filtered) => {
        const points = clusters.flat();
        const directory = directoryOf(points);
        const accept = (entry: DirectoryEntry) => !filtered || entry.services.includes('sales');
        const everyOne = directory.entries
          .filter(accept)
          .map((entry) => ({ code: entry.code, km: vectorKm(near, entry) }))
          .sort((a, b) => a.km - b.km || (a.code < b.code ? -1 : 1));
        const expected = everyOne.slice(0, limit);
        const measured = nearest(directory, near, limit, accept);
        expect(measured).toHaveLength(expected.length);
        // Two formulas may round a near tie differently (and the haversine loses a little near the
        // antipode): the k-th nearest must be as far as the brute force's k-th, to the metre.
        for (const [i, m] of measured.entries()) expect(Math.abs(m.km - expected[i]!.km)).toBeLessThan(1e-3);
        // And the codes are the brute force's, in its order, unless near ties (among them or with the
        // first one left out) leave the order to rounding.
        const window = everyOne.slice(0, limit + 1);
        const clearOrder = window.every((e, i) => i === 0 || e.km - window[i - 1]!.km > 1e-3);
        if (clearOrder) expect(measured.map((m) => m.entry.code)).toEqual(expected.map((e) => e.code));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the one dealer across the antimeridian and over the pole', () => {
    const directory = directoryOf([
      { lat: 10, lng: 179.9 },
      { lat: 10, lng: 170 },
      { lat: 89.9, lng: 0 },
      { lat: 89.9, lng: 180 },
    ]);
    expect(nearest(directory, { lat: 10, lng: -179.9 }, 1, () => true).map((m) => m.entry.code)).toEqual(['d-000']);
    expect(nearest(directory, { lat: 89.95, lng: 179 }, 2, () => true).map((m) => m.entry.code)).toEqual(['d-003', 'd-002']);
    expect(nearest(directory, { lat: 0, lng: 0 }, 0, () => true)).toEqual([]);
  });

  it('draws a box that holds every point of the circle', () => {
    fc.assert(
      fc.property(point, fc.double({ min: 0.1, max: 5000, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), (center, radius, bearing) => {
        // The point at `radius` along `bearing` from the centre (direct geodesic on the sphere).
        const δ = (radius * 0.999999) / 6371;
        const φ1 = (center.lat * Math.PI) / 180;
        const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(bearing));
        const λ2 = Math.atan2(Math.sin(bearing) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
        const lat = (φ2 * 180) / Math.PI;
        const dLng = (λ2 * 180) / Math.PI;
        const box = boundingBox(center, radius);
        expect(lat).toBeGreaterThanOrEqual(box.latMin);
        expect(lat).toBeLessThanOrEqual(box.latMax);
        expect(Math.abs(dLng)).toBeLessThanOrEqual(box.lngHalfWidth);
      }),
      { numRuns: 2000 },
    );
  });
});
