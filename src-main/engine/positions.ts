/**
 * Track points: a frame's decoded positions in the contract's `TrackPoint` form, and the point
 * budget of one `listPositions` answer (parsers/core/downsample.ts thins a longer track to it).
 */
import type { Position } from '../../parsers/core/types';
import { KMH_PER_KNOT, round } from '../../parsers/core/units';
import type { TrackPoint } from '../api/contract';

/** Points one `listPositions` answer holds unless the caller asks for fewer or more. */
export const DEFAULT_TRACK_LIMIT = 20_000;

/** The drawable points among a frame's positions: finite, in range, and not at 0,0 (no fix). */
export function trackPoints(positions: readonly Position[], frameId: number, arrival: number): TrackPoint[] {
  const out: TrackPoint[] = [];
  for (const p of positions) {
    const { lat, lon } = p;
    if (!(Number.isFinite(lat) && Number.isFinite(lon)) || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    if (lat === 0 && lon === 0) continue;
    const fix = p.time ? Date.parse(p.time) : NaN;
    out.push({
      frameId,
      time: Number.isFinite(fix) ? fix : arrival,
      latitude: lat,
      longitude: lon,
      speedKmh: typeof p.speedKnots === 'number' && Number.isFinite(p.speedKnots) ? round(p.speedKnots * KMH_PER_KNOT, 2) : null,
      course: typeof p.course === 'number' && Number.isFinite(p.course) ? p.course : null,
      valid: p.valid,
    });
  }
  return out;
}
