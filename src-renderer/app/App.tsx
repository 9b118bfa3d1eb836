/** The window: top bar, banner, then the frame list above the decode tree and the hex view. */
import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { DecodePane } from '../features/decode/DecodePane';
import { listenersText } from '../features/frames/format';
import { FrameList } from '../features/frames/FrameList';
import { HexView } from '../features/hex/HexView';
import { useTrackwire } from './store';

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
      {status && <span className="top-meta">{status.sessionCount} sessions</span>}
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

/** A drag handle that sets a fraction (0.15–0.85) of its parent along one axis. */
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
        onChange(Math.min(0.85, Math.max(0.15, f)));
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

export function App() {
  const [listFraction, setListFraction] = useState(0.45);
  const [treeFraction, setTreeFraction] = useState(0.5);
  return (
    <div className="app">
      <TopBar />
      <BannerBar />
      <main className="panes" style={{ gridTemplateRows: `${listFraction}fr auto ${1 - listFraction}fr` }}>
        <section className="pane pane--frames" aria-label="Frame list">
          <FrameList />
        </section>
        <Splitter axis="y" onChange={setListFraction} />
        <div className="panes-bottom" style={{ gridTemplateColumns: `${treeFraction}fr auto ${1 - treeFraction}fr` }}>
          <section className="pane pane--decode" aria-label="Decoded fields">
            <DecodePane />
          </section>
          <Splitter axis="x" onChange={setTreeFraction} />
          <section className="pane pane--hex" aria-label="Bytes">
            <HexView />
          </section>
        </div>
      </main>
    </div>
  );
}
