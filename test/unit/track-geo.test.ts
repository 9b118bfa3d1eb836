import { describe, expect, it } from 'vitest';
import { downsample } from '../../parsers/core/downsample';
import {
  degreeStep,
  fitView,
  formatDegrees,
  graticule,
  MAX_LATITUDE,
  metresPerPixel,
  MIN_SCALE,
  FIT_MAX_SCALE,
  nearestPoint,
  panBy,
  project,
  scaleBar,
  tileBounds,
  tileHost,
  tilesFor,
  tileUrl,
  tileUrlProblem,
  tileXY,
  toScreen,
  toWorld,
  unproject,
  visibleSample,
  zoomAt,
} from '../../src-renderer/features/track/geo';

describe('web-mercator projection', () => {
  it('maps the corners and the origin of the square world', () => {
    expect(project(0, 0)).toEqual({ x: 0.5, y: 0.5 });
    expect(project(0, -180).x).toBe(0);
    expect(project(0, 180).x).toBe(1);
    expect(project(MAX_LATITUDE, 0).y).toBeCloseTo(0, 9);
    expect(project(-MAX_LATITUDE, 0).y).toBeCloseTo(1, 9);
    // Beyond the mercator limit latitudes are clamped, not infinite.
    expect(project(90, 0).y).toBeCloseTo(0, 9);
  });

  it('round-trips positions', () => {
    for (const [lat, lon] of [
      [54.94535, 24.01762],
      [52.5, 13.35],
      [-33.8688, 151.2093],
      [0, 0],
      [-75.1, -179.9],
    ] as const) {
      const back = unproject(project(lat, lon));
      expect(back.lat).toBeCloseTo(lat, 9);
      expect(back.lon).toBeCloseTo(lon, 9);
    }
  });
});

describe('view', () => {
  const berlin = [project(52.5, 13.35), project(52.51, 13.37), project(52.505, 13.36)];

  it('fits the points inside the canvas with the margin, centred', () => {
    const v = fitView(berlin, 800, 600, 40);
    const s = berlin.map((p) => toScreen(v, p));
    for (const p of s) {
      expect(p.x).toBeGreaterThanOrEqual(40 - 1e-6);
      expect(p.x).toBeLessThanOrEqual(760 + 1e-6);
      expect(p.y).toBeGreaterThanOrEqual(40 - 1e-6);
      expect(p.y).toBeLessThanOrEqual(560 + 1e-6);
    }
    const xs = s.map((p) => p.x);
    const ys = s.map((p) => p.y);
    // One axis fills the space between the margins exactly; the bounds are centred.
    const spanX = Math.max(...xs) - Math.min(...xs);
    const spanY = Math.max(...ys) - Math.min(...ys);
    expect(Math.max(spanX / 720, spanY / 520)).toBeCloseTo(1, 9);
    expect((Math.max(...xs) + Math.min(...xs)) / 2).toBeCloseTo(400, 6);
    expect((Math.max(...ys) + Math.min(...ys)) / 2).toBeCloseTo(300, 6);
  });

  it('centres a single point at the closest fitting zoom, and the world when there are none', () => {
    const one = project(54.94535, 24.01762);
    const v = fitView([one], 400, 300);
    expect(v.scale).toBe(FIT_MAX_SCALE);
    const s = toScreen(v, one);
    expect(s.x).toBeCloseTo(200, 6);
    expect(s.y).toBeCloseTo(150, 6);
    const world = fitView([], 400, 300);
    expect(world.scale).toBe(Math.max(MIN_SCALE, 300));
    expect(toScreen(world, { x: 0.5, y: 0.5 })).toEqual({ x: 200, y: 150 });
  });

  it('zooms around the cursor: the point under it stays put', () => {
    const v = fitView(berlin, 800, 600);
    const cursor = { x: 123, y: 456 };
    const before = toWorld(v, cursor);
    for (const factor of [2, 0.5, 1.37]) {
      const z = zoomAt(v, cursor, factor);
      expect(z.scale).toBeCloseTo(v.scale * factor, 6);
      const after = toScreen(z, before);
      expect(after.x).toBeCloseTo(cursor.x, 6);
      expect(after.y).toBeCloseTo(cursor.y, 6);
    }
    // Clamped at the limits, and still anchored.
    const out = zoomAt(v, cursor, 1e-9);
    expect(out.scale).toBe(MIN_SCALE);
    expect(toScreen(out, before).x).toBeCloseTo(cursor.x, 6);
  });

  it('pans with the drag', () => {
    const v = fitView(berlin, 800, 600);
    const p = berlin[0]!;
    const s0 = toScreen(v, p);
    const s1 = toScreen(panBy(v, 30, -20), p);
    expect(s1.x - s0.x).toBeCloseTo(30, 6);
    expect(s1.y - s0.y).toBeCloseTo(-20, 6);
  });
});

describe('hit-testing', () => {
  const pts = [
    { x: 10, y: 10 },
    { x: 50, y: 50 },
    { x: 54, y: 50 },
  ];

  it('picks the nearest point within the radius', () => {
    expect(nearestPoint(pts, { x: 12, y: 9 }, 8)).toBe(0);
    expect(nearestPoint(pts, { x: 51, y: 50 }, 8)).toBe(1);
    expect(nearestPoint(pts, { x: 53, y: 51 }, 8)).toBe(2);
  });

  it('picks none beyond the radius', () => {
    expect(nearestPoint(pts, { x: 30, y: 30 }, 8)).toBe(-1);
    expect(nearestPoint(pts, { x: 10, y: 19 }, 8)).toBe(-1);
    expect(nearestPoint(pts, { x: 10, y: 18 }, 8)).toBe(0);
    expect(nearestPoint([], { x: 0, y: 0 }, 8)).toBe(-1);
  });
});

describe('downsample', () => {
  const items = Array.from({ length: 1001 }, (_, i) => i);

  it('keeps the first and the last and returns the count asked for', () => {
    for (const limit of [2, 3, 10, 500, 1000]) {
      const d = downsample(items, limit);
      expect(d).toHaveLength(limit);
      expect(d[0]).toBe(0);
      expect(d[d.length - 1]).toBe(1000);
      // In order, no repeats, evenly spread.
      for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThan(d[i - 1]!);
    }
    expect(downsample(items, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('returns a copy when everything fits, the last alone for 1, nothing for 0', () => {
    const small = [1, 2, 3];
    const d = downsample(small, 10);
    expect(d).toEqual(small);
    expect(d).not.toBe(small);
    expect(downsample(items, 1)).toEqual([1000]);
    expect(downsample(items, 0)).toEqual([]);
  });

  it('takes up to 50 points inside the canvas for the test route', () => {
    const pts = Array.from({ length: 300 }, (_, i) => ({ frameId: i + 1, x: i * 2 - 100, y: 10.04 }));
    const s = visibleSample(pts, 400, 300);
    expect(s).toHaveLength(50);
    expect(s.every((p) => p.x >= 0 && p.x <= 400 && p.y === 10)).toBe(true);
    expect(s[0]!.frameId).toBe(51);
  });
});

describe('scale bar and graticule', () => {
  it('chooses a round length that fits', () => {
    expect(scaleBar(1, 120)).toEqual({ metres: 100, px: 100, label: '100 m' });
    expect(scaleBar(10, 120)).toEqual({ metres: 1000, px: 100, label: '1 km' });
    expect(scaleBar(30, 120).label).toBe('2 km');
    expect(scaleBar(30, 120).px).toBeCloseTo(66.67, 2);
    expect(scaleBar(400, 120).label).toBe('20 km');
    expect(scaleBar(0.01, 120).label).toBe('1 m');
    expect(scaleBar(0.001, 120).label).toBe('10 cm');
  });

  it('computes ground resolution from the view', () => {
    // Zoom 0 at the equator: the circumference over 256 px.
    expect(metresPerPixel({ x: 0, y: 0, scale: 256 }, 0)).toBeCloseTo(156_543.03, 1);
    expect(metresPerPixel({ x: 0, y: 0, scale: 256 }, 60)).toBeCloseTo(156_543.03 / 2, 1);
  });

  it('labels lines with the decimals their step needs', () => {
    expect(degreeStep(0.1, 800, 90)).toBe(0.02);
    expect(formatDegrees(52.505, 0.005, 'lat')).toBe('52.505° N');
    expect(formatDegrees(-13.35, 0.05, 'lon')).toBe('13.35° W');
    expect(formatDegrees(0, 1, 'lat')).toBe('0°');
    expect(formatDegrees(30, 10, 'lon')).toBe('30° E');
  });

  it('draws lines at round degrees across the view', () => {
    const v = fitView([project(52.5, 13.35), project(52.52, 13.4)], 800, 600, 0);
    const g = graticule(v, 800, 600);
    expect(g.lons.length).toBeGreaterThan(1);
    expect(g.lats.length).toBeGreaterThan(1);
    for (const l of g.lons) {
      expect(l.px).toBeGreaterThanOrEqual(-1e-6);
      expect(l.px).toBeLessThanOrEqual(800 + 1e-6);
    }
    const gap = g.lons[1]!.px - g.lons[0]!.px;
    expect(gap).toBeGreaterThanOrEqual(90);
  });
});

describe('tiles', () => {
  it('finds the tile of a position (known answers)', () => {
    expect(tileXY(0, 0, 0)).toEqual({ x: 0, y: 0 });
    // 0,0 is the corner of four tiles at zoom 1: the south-east one holds it.
    expect(tileXY(0, 0, 1)).toEqual({ x: 1, y: 1 });
    expect(tileXY(0.0001, -0.0001, 1)).toEqual({ x: 0, y: 0 });
    // Berlin, zoom 10 (as on openstreetmap.org).
    expect(tileXY(52.52, 13.405, 10)).toEqual({ x: 550, y: 335 });
    expect(tileXY(-90, 180, 3)).toEqual({ x: 7, y: 7 });
  });

  it('knows tile boundaries', () => {
    const b = tileBounds(1, 1, 1);
    expect(b.west).toBe(0);
    expect(b.east).toBe(180);
    expect(b.north).toBeCloseTo(0, 9);
    expect(b.south).toBeCloseTo(-MAX_LATITUDE, 9);
    const nw = tileBounds(0, 0, 1);
    expect(nw.north).toBeCloseTo(MAX_LATITUDE, 9);
    expect(nw.west).toBe(-180);
  });

  it('covers the canvas with tiles at the nearest zoom', () => {
    const v = { x: 0.5 - 400 / 1024, y: 0.5 - 300 / 1024, scale: 1024 };
    const tiles = tilesFor(v, 800, 600);
    expect(new Set(tiles.map((t) => t.z))).toEqual(new Set([2]));
    expect(tiles.every((t) => t.size === 256)).toBe(true);
    const origin = tiles.find((t) => t.x === 2 && t.y === 2)!;
    expect([origin.sx, origin.sy]).toEqual([400, 300]);
    // Columns wrap around the antimeridian; rows stop at the poles.
    const wide = tilesFor({ x: -0.25, y: -0.25, scale: 512 }, 1024, 1024);
    // Zoom 1: five columns (-1 … 3, wrapped) by the two rows there are.
    expect(wide).toHaveLength(10);
    expect(wide.every((t) => t.x >= 0 && t.x < 2 && t.y >= 0 && t.y < 2)).toBe(true);
  });

  it('builds tile addresses and checks the template', () => {
    expect(tileUrl('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { z: 1, x: 1, y: 0 })).toBe('https://tile.openstreetmap.org/1/1/0.png');
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}.png', { z: 3, x: 1, y: 1 })).toBe('https://c.tile.example/3/1/1.png');
    expect(tileUrlProblem('')).toBeNull();
    expect(tileUrlProblem('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBeNull();
    expect(tileUrlProblem('http://tile.openstreetmap.org/{z}/{x}/{y}.png')).toMatch(/https/);
    expect(tileUrlProblem('https://tile.openstreetmap.org/{z}/{x}.png')).toMatch(/\{y\}/);
    expect(tileHost('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('tile.openstreetmap.org');
  });
});
