/**
 * The window: top bar (listeners, global responder), banner, then the sessions pane above the
 * frame list above the decode tree and the hex view, and the status bar (recording, limits).
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { DecodePane } from '../features/decode/DecodePane';
import { listenersText } from '../features/frames/format';
import { FrameList } from '../features/frames/FrameList';
import { HexView } from '../features/hex/HexView';
import { GlobalResponder } from '../features/sessions/controls';
import { FilterBar } from '../features/sessions/FilterBar';
import { SessionsPanel } from '../features/sessions/SessionsPanel';
import { StatusBar } from '../features/status/StatusBar';
import { trackwireStore, useTrackwire } from './store';

function TopBar() {
  const status = useTrackwire((s) => s.status);
  const frameCount = useTrackwire((s) => s.frames.length);
  const listenerError = status?.listeners.some((l) => l.state !== 'listening') ?? false;
  const disconnected = useTrackwire((s) => s.banner !== null && s.banner.kind !== 'error');
  return (
    <header className="top-bar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Trackwire
      </span>
      <span className={listenerError ? 'listeners listeners--error' : 'listeners'} data-testid="status-listeners" title={status?.listeners.map((l) => l.error).filter(Boolean).join('\n') || undefined}>
        {status ? listenersText(status.listeners) || 'no listeners' : disconnected ? 'not connected' : 'connecting…'}
      </span>
      <span className="spacer" />
      <GlobalResponder />
      {status && (
        <span className="top-meta" data-testid="session-count">
          {status.sessionCount} open session{status.sessionCount === 1 ? '' : 's'} · {status.deviceCount} device{status.deviceCount === 1 ? '' : 's'}
        </span>
      )}
      <span className="top-meta">
        <span data-testid="frame-count" className="count">
          {frameCount}
        </span>{' '}
        frames
      </span>
      {status && <span className="top-meta version">v{status.version}</span>}
    </header>
  );
}

function BannerBar() {
  const banner = useTrackwire((s) => s.banner);
  const showBanner = useTrackwire((s) => s.showBanner);
  if (!banner) return null;
  return (
    <div className={`banner banner--${banner.kind}`} role="alert" data-testid="banner" data-kind={banner.kind}>
      <span className="banner-text">{banner.message}</span>
      {banner.kind === 'error' && (
        <button type="button" className="banner-close" onClick={() => showBanner(null)} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

/** A drag handle that reports where it was dragged, as a fraction (0.05–0.95) of its parent along one axis. */
function Splitter({ axis, onChange }: { axis: 'x' | 'y'; onChange: (fraction: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const onPointerDown = useCallback(
    (event: ReactPointerEvent<HTMLDivElement>) => {
      const parent = ref.current?.parentElement;
      if (!parent) return;
      event.preventDefault();
      const handle = event.currentTarget;
      handle.setPointerCapture(event.pointerId);
      const rect = parent.getBoundingClientRect();
      const move = (e: PointerEvent) => {
        const f = axis === 'y' ? (e.clientY - rect.top) / rect.height : (e.clientX - rect.left) / rect.width;
        onChange(Math.min(0.95, Math.max(0.05, f)));
      };
      const up = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    },
    [axis, onChange],
  );
  return (
    <div
      ref={ref}
      className={`splitter splitter--${axis}`}
      role="separator"
      aria-orientation={axis === 'y' ? 'horizontal' : 'vertical'}
      onPointerDown={onPointerDown}
    />
  );
}

/** Smallest share of the height a pane keeps when a splitter is dragged. */
const MIN_PANE = 0.06;

/** Esc anywhere outside a text box or a select shows all frames again. */
function useEscapeClearsFilter(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea')) return;
      const { filter, setFilter } = trackwireStore.getState();
      if (!filter) return;
      event.preventDefault();
      setFilter(null);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function App() {
  // Where the two horizontal splitters sit: sessions above the first, frames between, decode below.
  const [cuts, setCuts] = useState<[number, number]>([0.24, 0.6]);
  const [treeFraction, setTreeFraction] = useState(0.5);
  const setFirstCut = useCallback((f: number) => setCuts(([, b]) => [Math.min(f, b - MIN_PANE), b]), []);
  const setSecondCut = useCallback((f: number) => setCuts(([a]) => [a, Math.max(f, a + MIN_PANE)]), []);
  const setTreeSplit = useCallback((f: number) => setTreeFraction(Math.min(0.85, Math.max(0.15, f))), []);
  useEscapeClearsFilter();
  const [a, b] = cuts;
  return (
    <div className="app">
      <TopBar />
      <BannerBar />
      <main className="panes" style={{ gridTemplateRows: `${a}fr auto ${b - a}fr auto ${1 - b}fr` }}>
        <section className="pane pane--sessions" aria-label="Sessions and devices">
          <SessionsPanel />
        </section>
        <Splitter axis="y" onChange={setFirstCut} />
        <section className="pane pane--frames" aria-label="Frame list">
          <FilterBar />
          <FrameList />
        </section>
        <Splitter axis="y" onChange={setSecondCut} />
        <div className="panes-bottom" style={{ gridTemplateColumns: `${treeFraction}fr auto ${1 - treeFraction}fr` }}>
          <section className="pane pane--decode" aria-label="Decoded fields">
            <DecodePane />
          </section>
          <Splitter axis="x" onChange={setTreeSplit} />
          <section className="pane pane--hex" aria-label="Bytes">
            <HexView />
          </section>
        </div>
      </main>
      <StatusBar />
    </div>
  );
}
