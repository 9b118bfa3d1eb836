/**
 * The track plot's geometry: web-mercator projection, the view (fit, zoom around a point, pan),
 * hit-testing, the visible sample of the route, the scale bar, graticule lines and slippy-map
 * tile math (https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames). Pure, no React, no DOM.
 *
 * World coordinates are web mercator normalised to the unit square: x 0 at 180° W to 1 at 180° E,
 * y 0 at the northern limit to 1 at the southern one (the tile servers' orientation).
 */
import { downsample } from '../../../parsers/core/downsample';

export interface WorldPoint {
  x: number;
  y: number;
}

export interface LatLon {
  lat: number;
  lon: number;
}

/** What the canvas shows: the world point at its top-left corner and CSS px per world unit. */
export interface View {
  x: number;
  y: number;
  scale: number;
}

export interface ScreenPoint {
  x: number;
  y: number;
}

/** Web mercator stops here (the square world of the tile servers). */
export const MAX_LATITUDE = 85.0511287798066;
export const TILE_SIZE = 256;
/** Zoomed out: the whole world in one tile. */
export const MIN_SCALE = TILE_SIZE;
/** Zoomed in: tile zoom 22, a few centimetres per pixel. */
export const MAX_SCALE = TILE_SIZE * 2 ** 22;
/** Fitting never zooms in closer than tile zoom 18 (a single point, a device standing still). */
export const FIT_MAX_SCALE = TILE_SIZE * 2 ** 18;
/** Equatorial circumference of the WGS 84 sphere web mercator uses, metres. */
export const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6_378_137;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Latitude/longitude in degrees → world coordinates (latitude clamped to the mercator limit). */
export function project(lat: number, lon: number): WorldPoint {
  const phi = (clamp(lat, -MAX_LATITUDE, MAX_LATITUDE) * Math.PI) / 180;
  return { x: (lon + 180) / 360, y: (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 };
}

/** World coordinates → latitude/longitude in degrees. */
export function unproject(p: WorldPoint): LatLon {
  const n = Math.PI * (1 - 2 * p.y);
  return { lat: (Math.atan(Math.sinh(n)) * 180) / Math.PI, lon: p.x * 360 - 180 };
}

/** A world point's position on the canvas, CSS px. */
export function toScreen(view: View, p: WorldPoint): ScreenPoint {
  return { x: (p.x - view.x) * view.scale, y: (p.y - view.y) * view.scale };
}

/** The world point under canvas position `s`. */
export function toWorld(view: View, s: ScreenPoint): WorldPoint {
  return { x: view.x + s.x / view.scale, y: view.y + s.y / view.scale };
}

/** The view showing `points` whole inside a `width` × `height` canvas with `margin` px around them. */
export function fitView(points: readonly WorldPoint[], width: number, height: number, margin = 32): View {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  if (points.length === 0) {
    const scale = clamp(Math.min(w, h), MIN_SCALE, MAX_SCALE);
    return { x: 0.5 - w / 2 / scale, y: 0.5 - h / 2 / scale, scale };
  }
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  const availW = Math.max(1, w - 2 * margin);
  const availH = Math.max(1, h - 2 * margin);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const scale = clamp(Math.min(spanX > 0 ? availW / spanX : Infinity, spanY > 0 ? availH / spanY : Infinity), MIN_SCALE, FIT_MAX_SCALE);
  return { x: (minX + maxX) / 2 - w / 2 / scale, y: (minY + maxY) / 2 - h / 2 / scale, scale };
}

/** The view zoomed by `factor` (>1 in) around canvas position `at`, which keeps its world point. */
export function zoomAt(view: View, at: ScreenPoint, factor: number): View {
  const scale = clamp(view.scale * factor, MIN_SCALE, MAX_SCALE);
  const anchor = toWorld(view, at);
  return { x: anchor.x - at.x / scale, y: anchor.y - at.y / scale, scale };
}

/** The view moved so the map follows a drag of `dx`, `dy` CSS px. */
export function panBy(view: View, dx: number, dy: number): View {
  return { x: view.x - dx / view.scale, y: view.y - dy / view.scale, scale: view.scale };
}

/** Index of the point nearest `at` within `radius` px, or -1; the later point wins a tie (drawn on top). */
export function nearestPoint(points: readonly ScreenPoint[], at: ScreenPoint, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < points.length; i++) {
    const dx = points[i]!.x - at.x;
    const dy = points[i]!.y - at.y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/** Ground metres one CSS px covers at `lat` in this view. */
export function metresPerPixel(view: View, lat: number): number {
  return (Math.cos((clamp(lat, -MAX_LATITUDE, MAX_LATITUDE) * Math.PI) / 180) * EARTH_CIRCUMFERENCE_M) / view.scale;
}

/** The largest 1, 2 or 5 × 10ⁿ at most `max` (max > 0). */
function niceBelow(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [5, 2, 1]) if (m * p <= max * (1 + 1e-9)) return m * p;
  return p;
}

/** The scale bar: a round length in metres at most `maxPx` long, its length in px and its label. */
export function scaleBar(metresPerPx: number, maxPx: number): { metres: number; px: number; label: string } {
  const metres = niceBelow(metresPerPx * maxPx);
  return { metres, px: metres / metresPerPx, label: metres >= 1000 ? `${metres / 1000} km` : metres >= 1 ? `${metres} m` : `${Math.round(metres * 100)} cm` };
}

/** Graticule steps in degrees, fine to coarse. */
const DEGREE_STEPS = [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45, 90];

/** The finest graticule step that leaves at least `minPx` between lines spanning `degrees` over `px`. */
export function degreeStep(degrees: number, px: number, minPx: number): number {
  const wanted = (degrees * minPx) / Math.max(1, px);
  return DEGREE_STEPS.find((s) => s >= wanted) ?? 90;
}

/** `52.505° N`, `13.35° E`, with the decimals `step` needs. */
export function formatDegrees(value: number, step: number, axis: 'lat' | 'lon'): string {
  const decimals = step >= 1 ? 0 : Math.ceil(-Math.log10(step) - 1e-9);
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return '0°';
  const hemi = axis === 'lat' ? (value > 0 ? 'N' : 'S') : value > 0 ? 'E' : 'W';
  return `${text}° ${hemi}`;
}

export interface GridLine {
  /** Degrees. */
  value: number;
  /** Canvas x (longitude lines) or y (latitude lines), CSS px. */
  px: number;
  label: string;
}

/** Longitude and latitude lines across the canvas, at least `minPx` apart. */
export function graticule(view: View, width: number, height: number, minPx = 90): { lons: GridLine[]; lats: GridLine[] } {
  const nw = unproject(toWorld(view, { x: 0, y: 0 }));
  const se = unproject(toWorld(view, { x: width, y: height }));
  const lons: GridLine[] = [];
  const lats: GridLine[] = [];
  const west = Math.max(-180, nw.lon);
  const east = Math.min(180, se.lon);
  if (east > west) {
    const step = degreeStep(east - west, width, minPx);
    for (let k = Math.ceil(west / step); k * step <= east && lons.length < 200; k++) {
      const value = k * step;
      lons.push({ value, px: toScreen(view, project(0, value)).x, label: formatDegrees(value, step, 'lon') });
    }
  }
  const north = Math.min(MAX_LATITUDE, nw.lat);
  const south = Math.max(-MAX_LATITUDE, se.lat);
  if (north > south) {
    const step = degreeStep(north - south, height, minPx);
    for (let k = Math.ceil(south / step); k * step <= north && lats.length < 200; k++) {
      const value = k * step;
      lats.push({ value, px: toScreen(view, project(value, 0)).y, label: formatDegrees(value, step, 'lat') });
    }
  }
  return { lons, lats };
}

/** The tile holding a position at zoom `z`. */
export function tileXY(lat: number, lon: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const p = project(lat, lon);
  return { x: clamp(Math.floor(p.x * n), 0, n - 1), y: clamp(Math.floor(p.y * n), 0, n - 1) };
}

/** A tile's edges in degrees. */
export function tileBounds(x: number, y: number, z: number): { north: number; south: number; west: number; east: number } {
  const n = 2 ** z;
  const nw = unproject({ x: x / n, y: y / n });
  const se = unproject({ x: (x + 1) / n, y: (y + 1) / n });
  return { north: nw.lat, south: se.lat, west: nw.lon, east: se.lon };
}

export interface PlacedTile {
  z: number;
  /** Tile column, wrapped into 0 … 2^z − 1. */
  x: number;
  y: number;
  /** Where its top-left corner goes on the canvas and its side, CSS px. */
  sx: number;
  sy: number;
  size: number;
}

/** Tiles covering the canvas at the tile zoom nearest the view's, at most `max` of them. */
export function tilesFor(view: View, width: number, height: number, maxZoom = 19, max = 200): PlacedTile[] {
  const z = clamp(Math.round(Math.log2(view.scale / TILE_SIZE)), 0, maxZoom);
  const n = 2 ** z;
  const size = view.scale / n;
  const x0 = Math.floor(view.x * n);
  const x1 = Math.floor((view.x + width / view.scale) * n);
  const y0 = Math.max(0, Math.floor(view.y * n));
  const y1 = Math.min(n - 1, Math.floor((view.y + height / view.scale) * n));
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > max) return [];
  const out: PlacedTile[] = [];
  for (let ty = y0; ty <= y1; ty++) {
    for (let tx = x0; tx <= x1; tx++) {
      out.push({ z, x: ((tx % n) + n) % n, y: ty, sx: (tx / n - view.x) * view.scale, sy: (ty / n - view.y) * view.scale, size });
    }
  }
  return out;
}

/** A tile's address from a template with `{z}`, `{x}`, `{y}` (and optionally `{s}`: a, b or c). */
export function tileUrl(template: string, t: { z: number; x: number; y: number }): string {
  return template
    .replace(/\{z\}/g, String(t.z))
    .replace(/\{x\}/g, String(t.x))
    .replace(/\{y\}/g, String(t.y))
    .replace(/\{s\}/g, 'abc'[(t.x + t.y) % 3]!);
}

/** Why a tile URL template cannot be used, or null when it can (empty means no tiles). */
export function tileUrlProblem(template: string): string | null {
  const t = template.trim();
  if (!t) return null;
  if (!/^https:\/\//i.test(t)) return 'the tile URL must start with https://';
  for (const k of ['{z}', '{x}', '{y}']) if (!t.includes(k)) return `the tile URL needs ${k}`;
  try {
    new URL(tileUrl(t, { z: 0, x: 0, y: 0 }));
  } catch {
    return 'the tile URL is not a valid address';
  }
  return null;
}

/** The host tiles come from, for the attribution label. */
export function tileHost(template: string): string {
  try {
    return new URL(tileUrl(template.trim(), { z: 0, x: 0, y: 0 })).host;
  } catch {
    return '';
  }
}

/** Up to `max` of the points inside the canvas, spread along the track, rounded to 0.1 px. */
export function visibleSample<T extends ScreenPoint>(points: readonly T[], width: number, height: number, max = 50): T[] {
  const inside = points.filter((p) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height);
  return downsample(inside, max).map((p) => ({ ...p, x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 }));
}
