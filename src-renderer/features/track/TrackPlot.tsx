/**
 * The track plot: the positions of one device (or one session) drawn on a canvas, with no map
 * server needed; map tiles go underneath only when the user sets a tile URL. Wheel zooms around
 * the cursor, dragging pans, double-click or `0` fits the track; clicking a point reveals its
 * frame. Which track: the session/device filter, else the selected frame's device.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type PointerEvent } from 'react';
import type { TrackPoint } from '../../../src-main/api/contract';
import { getApi } from '../../api';
import { useTrackwire, type TrackwireState } from '../../app/store';
import { useResolvedTheme } from '../../app/theme';
import { deviceById, sessionById } from '../sessions/model';
import {
  fitView,
  graticule,
  metresPerPixel,
  nearestPoint,
  panBy,
  project,
  scaleBar,
  tileHost,
  tilesFor,
  tileUrl,
  tileUrlProblem,
  toScreen,
  toWorld,
  unproject,
  visibleSample,
  zoomAt,
  type ScreenPoint,
  type View,
} from './geo';
import './track.css';

/** Whose track is shown. */
type Target = { kind: 'device'; id: string } | { kind: 'session'; id: string };

/** Refetches of a growing track are at least this far apart. */
const REFETCH_MS = 1000;
/** A point within this many CSS px of the pointer is hovered or clicked. */
const HIT_RADIUS_PX = 8;
/** A press that moves further than this is a drag, not a click. */
const DRAG_SLOP_PX = 3;
/** Tile images kept for redraws (the oldest are dropped first). */
const TILE_CACHE_SIZE = 400;
const TILE_URL_KEY = 'trackwire.track.tileUrl';
/** Room around a fitted track for the start/end labels and the graticule labels. */
const FIT_MARGIN_PX = 44;

/** The filter's track as `device:X` / `session:Y`, or null when the list is not filtered. */
function filterTargetOf(s: TrackwireState): string | null {
  if (!s.filter) return null;
  return s.filter.kind === 'device' ? `device:${s.filter.deviceId}` : `session:${s.filter.sessionId}`;
}

/** The selected frame's device ('' when it has none or nothing is selected); null while its detail loads. */
function selectedDeviceOf(s: TrackwireState): string | null {
  if (s.selectedFrameId === null) return '';
  if (s.detail?.id !== s.selectedFrameId) return null;
  return s.detail.deviceId ?? '';
}

/** `device:X` / `session:Y` → the target it names. */
function parseTarget(key: string | null): Target | null {
  if (!key) return null;
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as Target['kind'], id: key.slice(at + 1) };
}

/** A counter that grows when the target gets frames (the refetch trigger). */
function frameCountOf(s: TrackwireState, key: string | null): number {
  const t = parseTarget(key);
  if (!t) return 0;
  if (t.kind === 'device') return deviceById(s.devices, t.id)?.frames ?? 0;
  const session = sessionById(s.sessions, t.id);
  return session ? session.framesUp + session.framesDown : 0;
}

/** The saved tile URL template ('' when none, or storage is unavailable). */
function loadTileUrl(): string {
  try {
    return localStorage.getItem(TILE_URL_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Keep the tile URL template for next time ('' forgets it). */
function saveTileUrl(url: string): void {
  try {
    if (url) localStorage.setItem(TILE_URL_KEY, url);
    else localStorage.removeItem(TILE_URL_KEY);
  } catch {
    // Storage refused (private mode): the setting lasts for this window only.
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2015-10-20 14:21:11` in local time. */
function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The canvas palette, read from the theme's CSS variables. */
function paletteOf(el: Element) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', '#ffffff'),
    text: v('--text', '#1c2230'),
    dim: v('--text-dim', '#6a7384'),
    grid: v('--border', '#d9dde3'),
    route: v('--accent', '#2f6fde'),
    start: v('--online', '#2e7d32'),
    end: v('--sev-error', '#c62828'),
    selected: v('--sev-warning', '#b76a00'),
    font: v('--font-ui', 'sans-serif'),
  };
}

export function TrackPlot() {
  const filterTarget = useTrackwire(filterTargetOf);
  const selectedDevice = useTrackwire(selectedDeviceOf);
  // While the next frame's detail loads (a click on a point), the track stays.
  const [heldDevice, setHeldDevice] = useState<string | null>(null);
  if (selectedDevice !== null && (selectedDevice || null) !== heldDevice) setHeldDevice(selectedDevice || null);
  const targetKey = filterTarget ?? (heldDevice ? `device:${heldDevice}` : null);
  const frameCount = useTrackwire((s) => frameCountOf(s, targetKey));
  const selectedFrameId = useTrackwire((s) => s.selectedFrameId);
  const revealFrame = useTrackwire((s) => s.revealFrame);
  // A theme switch (or the system's, while the choice is System) repaints with the new colours.
  const theme = useResolvedTheme();
  const target = useMemo(() => parseTarget(targetKey), [targetKey]);
  const hasTarget = target !== null;

  const [points, setPoints] = useState<TrackPoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The user's zoom and pan; null follows the track (fitted, refitted as it grows). */
  const [manualView, setManualView] = useState<View | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [hover, setHover] = useState<number | null>(null);
  const [tileTemplate, setTileTemplate] = useState(loadTileUrl);
  const [tileDraft, setTileDraft] = useState(tileTemplate);
  /** Whether the tile URL row is open (closed by default: the track needs no network). */
  const [tilesOpen, setTilesOpen] = useState(false);
  /** Bumped when a tile image arrives: the canvas is painted again with it. */
  const [redraws, setRedraws] = useState(0);

  const mapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const fetchRef = useRef({ key: null as string | null, last: 0, timer: 0, seq: 0 });
  const dragRef = useRef<{ pointerId: number; startX: number; startY: number; lastX: number; lastY: number; moved: boolean } | null>(null);
  const tilesRef = useRef(new Map<string, HTMLImageElement | null>());

  // Fetch on a new target at once; as its frames grow, at most once per REFETCH_MS.
  useEffect(() => {
    const st = fetchRef.current;
    const run = () => {
      st.timer = 0;
      st.last = Date.now();
      const seq = ++st.seq;
      if (!target) return;
      getApi()
        .request('listPositions', target.kind === 'device' ? { deviceId: target.id } : { sessionId: target.id })
        .then(
          (list) => {
            if (seq !== st.seq) return;
            setPoints(list);
            setError(null);
          },
          (err: unknown) => seq === st.seq && setError(err instanceof Error ? err.message : String(err)),
        );
    };
    const cancel = () => {
      window.clearTimeout(st.timer);
      st.timer = 0;
    };
    if (st.key !== targetKey) {
      st.key = targetKey;
      setPoints([]);
      setError(null);
      setManualView(null);
      setHover(null);
      run();
      return cancel;
    }
    if (!target) return cancel;
    const wait = st.last + REFETCH_MS - Date.now();
    if (wait <= 0) run();
    else st.timer = window.setTimeout(run, wait);
    return cancel;
  }, [targetKey, target, frameCount]);

  // The canvas follows its box.
  useEffect(() => {
    const el = mapRef.current;
    if (!el) return;
    const measure = () => setSize((old) => (old.width === el.clientWidth && old.height === el.clientHeight ? old : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [hasTarget]);

  const world = useMemo(() => points.map((p) => project(p.latitude, p.longitude)), [points]);
  const fitted = useMemo(() => fitView(world, size.width, size.height, FIT_MARGIN_PX), [world, size.width, size.height]);
  const view = manualView ?? fitted;
  const screen = useMemo(() => world.map((w) => toScreen(view, w)), [world, view]);
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    viewRef.current = view;
  });

  const route = useMemo(
    () => JSON.stringify(visibleSample(screen.map((s, i) => ({ frameId: points[i]!.frameId, x: s.x, y: s.y })), size.width, size.height)),
    [screen, points, size.width, size.height],
  );

  /** An image for the tile at this URL once it has loaded; starts loading it otherwise. */
  const tileImage = useCallback((url: string): HTMLImageElement | null => {
    const cache = tilesRef.current;
    if (cache.has(url)) return cache.get(url) ?? null;
    const img = new Image();
    img.decoding = 'async';
    cache.set(url, null);
    img.onload = () => {
      cache.set(url, img);
      setRedraws((n) => n + 1);
    };
    img.src = url;
    while (cache.size > TILE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return null;
  }, []);

  // Paint.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width === 0 || size.height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(size.width * dpr);
    const ph = Math.round(size.height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const c = paletteOf(canvas);
    const { width, height } = size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = c.bg;
    ctx.fillRect(0, 0, width, height);
    /** Text with a halo of the background, readable over the track and the tiles. */
    const label = (text: string, x: number, y: number, colour: string, align: CanvasTextAlign = 'left') => {
      ctx.textAlign = align;
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3;
      ctx.strokeStyle = c.bg;
      ctx.strokeText(text, x, y);
      ctx.fillStyle = colour;
      ctx.fillText(text, x, y);
    };

    // Tiles load only when the user configured a tile URL (the CSP allows https: images for this).
    if (tileTemplate) {
      for (const t of tilesFor(view, width, height)) {
        const img = tileImage(tileUrl(tileTemplate, t));
        if (img) ctx.drawImage(img, Math.floor(t.sx), Math.floor(t.sy), Math.ceil(t.size) + 1, Math.ceil(t.size) + 1);
      }
    }

    const grid = graticule(view, width, height);
    ctx.strokeStyle = c.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const l of grid.lons) {
      ctx.moveTo(Math.round(l.px) + 0.5, 0);
      ctx.lineTo(Math.round(l.px) + 0.5, height);
    }
    for (const l of grid.lats) {
      ctx.moveTo(0, Math.round(l.px) + 0.5);
      ctx.lineTo(width, Math.round(l.px) + 0.5);
    }
    ctx.stroke();
    ctx.font = `10px ${c.font}`;
    ctx.textBaseline = 'top';
    for (const l of grid.lons) label(l.label, Math.round(l.px) + 3, 3, c.dim);
    ctx.textBaseline = 'bottom';
    for (const l of grid.lats) label(l.label, 3, Math.round(l.px) - 2, c.dim);

    if (screen.length) {
      ctx.strokeStyle = c.route;
      ctx.lineWidth = 2;
      ctx.lineJoin = 'round';
      ctx.beginPath();
      screen.forEach((s, i) => (i ? ctx.lineTo(s.x, s.y) : ctx.moveTo(s.x, s.y)));
      ctx.stroke();

      const valid = new Path2D();
      const invalid = new Path2D();
      screen.forEach((s, i) => {
        if (s.x < -5 || s.y < -5 || s.x > width + 5 || s.y > height + 5) return;
        const path = points[i]!.valid ? valid : invalid;
        path.moveTo(s.x + 3, s.y);
        path.arc(s.x, s.y, 3, 0, 2 * Math.PI);
      });
      ctx.fillStyle = c.route;
      ctx.fill(valid);
      ctx.fillStyle = c.bg;
      ctx.fill(invalid);
      ctx.strokeStyle = c.dim;
      ctx.lineWidth = 1.5;
      ctx.stroke(invalid);

      const marker = (s: ScreenPoint, colour: string, text: string) => {
        ctx.beginPath();
        ctx.arc(s.x, s.y, 6, 0, 2 * Math.PI);
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.strokeStyle = c.bg;
        ctx.lineWidth = 2;
        ctx.stroke();
        ctx.font = `bold 11px ${c.font}`;
        ctx.textBaseline = 'middle';
        const left = s.x > width - 48;
        label(text, left ? s.x - 9 : s.x + 9, s.y, colour, left ? 'right' : 'left');
      };
      marker(screen[0]!, c.start, 'start');
      if (screen.length > 1) marker(screen[screen.length - 1]!, c.end, 'end');

      const ring = (s: ScreenPoint, colour: string, r: number) => {
        ctx.beginPath();
        ctx.arc(s.x, s.y, r, 0, 2 * Math.PI);
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2.5;
        ctx.stroke();
      };
      if (selectedFrameId !== null) points.forEach((p, i) => p.frameId === selectedFrameId && ring(screen[i]!, c.selected, 8));
      if (hover !== null && screen[hover]) ring(screen[hover], c.text, 7);
    }

    const bar = scaleBar(metresPerPixel(view, unproject(toWorld(view, { x: width / 2, y: height / 2 })).lat), Math.min(120, width / 3));
    const bx = 12;
    const by = height - 14;
    ctx.strokeStyle = c.text;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(bx, by - 5);
    ctx.lineTo(bx, by);
    ctx.lineTo(bx + bar.px, by);
    ctx.lineTo(bx + bar.px, by - 5);
    ctx.stroke();
    ctx.font = `11px ${c.font}`;
    ctx.textBaseline = 'bottom';
    label(bar.label, bx + 4, by - 3, c.text);
  }, [size, view, screen, points, selectedFrameId, hover, tileTemplate, tileImage, redraws, theme]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = canvas.getBoundingClientRect();
      const lines = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 400 : 1;
      setManualView(zoomAt(viewRef.current, { x: e.clientX - r.left, y: e.clientY - r.top }, Math.exp((-e.deltaY * lines) / 300)));
      setHover(null);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [hasTarget]);

  const at = (e: PointerEvent<HTMLCanvasElement>): ScreenPoint => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    dragRef.current = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, lastX: e.clientX, lastY: e.clientY, moved: false };
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = dragRef.current;
    if (d && d.pointerId === e.pointerId) {
      if (!d.moved && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) > DRAG_SLOP_PX) d.moved = true;
      if (d.moved) {
        setManualView(panBy(viewRef.current, e.clientX - d.lastX, e.clientY - d.lastY));
        d.lastX = e.clientX;
        d.lastY = e.clientY;
        setHover(null);
        return;
      }
    }
    const i = nearestPoint(screen, at(e), HIT_RADIUS_PX);
    setHover(i >= 0 ? i : null);
  };

  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = dragRef.current;
    dragRef.current = null;
    if (!d || d.pointerId !== e.pointerId || d.moved) return;
    const i = nearestPoint(screen, at(e), HIT_RADIUS_PX);
    if (i >= 0) revealFrame(points[i]!.frameId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    const centre = { x: size.width / 2, y: size.height / 2 };
    if (e.key === '0') setManualView(null);
    else if (e.key === '+' || e.key === '=') setManualView(zoomAt(view, centre, 2));
    else if (e.key === '-') setManualView(zoomAt(view, centre, 0.5));
    else return;
    e.preventDefault();
  };

  const tileProblem = tileUrlProblem(tileDraft);
  const applyTiles = (e?: FormEvent) => {
    e?.preventDefault();
    const next = tileDraft.trim();
    if (tileUrlProblem(next) || next === tileTemplate) return;
    saveTileUrl(next);
    tilesRef.current.clear();
    setTileTemplate(next);
  };

  const hovered = hover !== null ? points[hover] : undefined;
  const hoveredAt = hover !== null ? screen[hover] : undefined;
  const title = target ? (target.kind === 'device' ? `device ${target.id}` : `session ${target.id}`) : null;

  return (
    <div className="track-plot" data-testid="track-plot" data-points={target ? points.length : 0} data-route={target ? route : '[]'}>
      <header className="pane-title track-plot__title">
        <span className="pane-title-main">Track</span>
        {title && (
          <span className="pane-title-sub">
            {title} · {points.length} {points.length === 1 ? 'point' : 'points'}
          </span>
        )}
        <span className="track-plot__actions">
          <button
            type="button"
            className="tool-button"
            aria-expanded={tilesOpen}
            data-testid="track-tiles-toggle"
            title={tileTemplate ? `Map tiles from ${tileHost(tileTemplate)}` : 'Map tiles under the track (none: drawn locally, no network)'}
            onClick={() => setTilesOpen((v) => !v)}
          >
            Tiles…
          </button>
          {target && (
            <button type="button" className="tool-button" onClick={() => setManualView(null)} title="Fit the track (double-click, 0)">
              Fit
            </button>
          )}
        </span>
      </header>
      {tilesOpen && (
        <form className="track-plot__tiles" onSubmit={applyTiles}>
          <label>
            <span className="dim">Tile URL</span>
            <input
              type="text"
              value={tileDraft}
              placeholder="none (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png)"
              spellCheck={false}
              aria-invalid={tileProblem ? 'true' : undefined}
              title={tileProblem ?? 'Map tiles under the track, loaded from this server; empty: no network'}
              onChange={(e) => setTileDraft(e.target.value)}
              onBlur={() => applyTiles()}
            />
          </label>
        </form>
      )}
      {!target ? (
        <div className="empty-state">Pick a device in the sidebar, or select one of its frames, to plot its track.</div>
      ) : (
        <div className="track-plot__map" ref={mapRef} tabIndex={0} onKeyDown={onKeyDown} aria-label={`Track of ${title}`}>
          <canvas
            ref={canvasRef}
            data-testid="track-canvas"
            className={hover !== null ? 'track-plot__canvas track-plot__canvas--point' : 'track-plot__canvas'}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => (dragRef.current = null)}
            onPointerLeave={() => setHover(null)}
            onDoubleClick={() => setManualView(null)}
          />
          {points.length === 0 && <div className="track-plot__note">{error ?? `No positions from this ${target.kind} yet.`}</div>}
          {tileTemplate && <div className="track-plot__attribution">tiles: {tileHost(tileTemplate)}</div>}
          {hovered && hoveredAt && (
            <div
              className="track-plot__tooltip"
              style={hoveredAt.x > size.width - 200 ? { right: size.width - hoveredAt.x + 12, top: hoveredAt.y + 12 } : { left: hoveredAt.x + 12, top: hoveredAt.y + 12 }}
            >
              <div>
                <strong>Frame #{hovered.frameId}</strong>
                {!hovered.valid && <span className="dim"> · invalid fix</span>}
              </div>
              <div>{formatDateTime(hovered.time)}</div>
              <div>
                {hovered.speedKmh === null ? 'speed unknown' : `${hovered.speedKmh} km/h`}
                {hovered.course !== null && ` · ${hovered.course}°`}
              </div>
              <div className="dim mono">
                {hovered.latitude.toFixed(6)}, {hovered.longitude.toFixed(6)}
              </div>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
