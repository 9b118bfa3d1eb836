/**
 * The window: top bar (capture and export buttons, listeners, global responder), banner, the
 * capture bar, then the sessions pane above the frame list (with its display-filter bar) above the decode tree and the hex
 * view, the command composer and the compare/validate panel docked beside them when open, and the status bar (recording, live
 * capture, limits). The dialogs open from here.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { hasNativeDialogs } from '../api';
import { CaptureBar } from '../features/captures/CaptureBar';
import { DropZone } from '../features/captures/DropZone';
import { LiveCaptureDialog } from '../features/captures/LiveCaptureDialog';
import { runningLive } from '../features/captures/model';
import { OpenCaptureDialog } from '../features/captures/OpenCaptureDialog';
import { ComparePanel } from '../features/compare/ComparePanel';
import { openCompare, useComparePanel } from '../features/compare/panel';
import { DecodePane } from '../features/decode/DecodePane';
import { ExportDialog } from '../features/export/ExportDialog';
import { DisplayFilterBar, focusDisplayFilter } from '../features/frames/DisplayFilterBar';
import { listenersText } from '../features/frames/format';
import { FrameList } from '../features/frames/FrameList';
import { ListBar, type ListBarKind } from '../features/frames/ListBars';
import { HexView } from '../features/hex/HexView';
import { GlobalResponder } from '../features/sessions/controls';
import { FilterBar } from '../features/sessions/FilterBar';
import { SessionsPanel } from '../features/sessions/SessionsPanel';
import { StatusBar } from '../features/status/StatusBar';
import { TrackPlot } from '../features/track/TrackPlot';
import { getCommands } from './commands';
import { SHORTCUT_LABELS, shortcutFor, type ShortcutAction } from './shortcuts';
import { trackwireStore, useTrackwire } from './store';

type DialogName = 'open' | 'live' | 'export';

/** The command composer brings Monaco: it loads when first opened, not with the window. */
const ComposerPanel = lazy(() => import('../features/composer/ComposerPanel'));

function Toolbar({ onAction, track }: { onAction: (action: ShortcutAction) => void; track: { shown: boolean; toggle: () => void } }) {
  const capturing = useTrackwire((s) => runningLive(s.captures).length > 0);
  return (
    <div className="toolbar" role="group" aria-label="Captures and exports">
      <button type="button" className="tool-button" data-testid="open-capture" title={`Open a pcap or pcapng file (${SHORTCUT_LABELS['open-capture']})`} onClick={() => onAction('open-capture')}>
        Open capture…
      </button>
      <button
        type="button"
        className={capturing ? 'tool-button tool-button--active' : 'tool-button'}
        data-testid="live-capture"
        title={`Capture from an interface (${SHORTCUT_LABELS['live-capture']}; ${SHORTCUT_LABELS['toggle-live']} starts or stops)`}
        onClick={() => onAction('live-capture')}
      >
        {capturing && <span className="rec-dot" aria-hidden="true" />}
        Live capture…
      </button>
      <button type="button" className="tool-button" data-testid="export-frames" title={`Export frames as pcapng, NDJSON, CSV or JSON (${SHORTCUT_LABELS.export})`} onClick={() => onAction('export')}>
        Export…
      </button>
      <button type="button" className="tool-button" data-testid="open-composer" title={`Compose and send a command to a device (${SHORTCUT_LABELS.composer})`} onClick={() => onAction('composer')}>
        Command…
      </button>
      <button type="button" className="tool-button" data-testid="open-compare" title="Compare two captures, devices or sessions; validate a device" onClick={openCompare}>
        Compare…
      </button>
      <button
        type="button"
        className="tool-button"
        aria-pressed={track.shown}
        data-testid="toggle-track"
        title="Show or hide the track plot of the device shown"
        onClick={track.toggle}
      >
        Track
      </button>
    </div>
  );
}

function TopBar({ onAction, track }: { onAction: (action: ShortcutAction) => void; track: { shown: boolean; toggle: () => void } }) {
  const status = useTrackwire((s) => s.status);
  const frameCount = useTrackwire((s) => s.frameTotal);
  const listenerError = status?.listeners.some((l) => l.state !== 'listening') ?? false;
  const disconnected = useTrackwire((s) => s.banner !== null && s.banner.kind !== 'error');
  return (
    <header className="top-bar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Trackwire
      </span>
      <Toolbar onAction={onAction} track={track} />
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

/** Esc anywhere outside a text box, a select or a dialog shows all frames again. */
function useEscapeClearsFilter(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, dialog')) return;
      const { filter, setFilter } = trackwireStore.getState();
      if (!filter) return;
      event.preventDefault();
      setFilter(null);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/**
 * The window's shortcuts (see shortcuts.ts). While a dialog is open they do nothing, and the
 * browser's own meaning (Ctrl+O: open a local file) is kept from them too.
 */
function useShortcuts(onAction: (action: ShortcutAction) => void, dialogOpen: boolean): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      if (!dialogOpen && !event.repeat) onAction(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onAction, dialogOpen]);
}

export function App() {
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const closeDialog = useCallback(() => setDialog(null), []);
  const [listBar, setListBar] = useState<ListBarKind | null>(null);
  const closeListBar = useCallback(() => setListBar(null), []);
  const onAction = useCallback((action: ShortcutAction) => {
    switch (action) {
      case 'open-capture':
        // The desktop app picks the file with the native dialog; the browser types a path.
        if (hasNativeDialogs()) void getCommands().chooseCapture().catch(() => undefined);
        else setDialog('open');
        return;
      case 'live-capture':
        setDialog('live');
        return;
      case 'toggle-live': {
        const running = runningLive(trackwireStore.getState().captures)[0];
        if (running) void getCommands().stopLiveCapture(running.id).catch(() => undefined);
        else setDialog('live');
        return;
      }
      case 'export':
        setDialog('export');
        return;
      case 'focus-filter':
        focusDisplayFilter();
        return;
      case 'find':
        setListBar('find');
        return;
      case 'go-to-frame':
        setListBar('goto');
        return;
      case 'composer': {
        const { composer, filter, openComposer } = trackwireStore.getState();
        // The session the frame list shows is the likely target.
        if (!composer) openComposer({ kind: 'session', sessionId: filter?.kind === 'session' ? filter.sessionId : null });
        return;
      }
    }
  }, []);
  const composerOpen = useTrackwire((s) => s.composer !== null);
  const compareOpen = useComparePanel((s) => s.open !== null);
  useShortcuts(onAction, dialog !== null);
  // Where the two horizontal splitters sit: sessions above the first, frames between, decode below.
  const [cuts, setCuts] = useState<[number, number]>([0.24, 0.6]);
  const [treeFraction, setTreeFraction] = useState(0.5);
  const [trackShown, setTrackShown] = useState(true);
  const [trackFraction, setTrackFraction] = useState(0.3);
  const setTrackSplit = useCallback((f: number) => setTrackFraction(Math.min(0.7, Math.max(0.12, 1 - f))), []);
  const setFirstCut = useCallback((f: number) => setCuts(([, b]) => [Math.min(f, b - MIN_PANE), b]), []);
  const setSecondCut = useCallback((f: number) => setCuts(([a]) => [a, Math.max(f, a + MIN_PANE)]), []);
  // The splitter reports a fraction of the whole row; the tree's share is of what the track leaves.
  const setTreeSplit = useCallback(
    (f: number) => setTreeFraction(Math.min(0.85, Math.max(0.15, f / (trackShown ? 1 - trackFraction : 1)))),
    [trackShown, trackFraction],
  );
  useEscapeClearsFilter();
  const trackToggle = useMemo(() => ({ shown: trackShown, toggle: () => setTrackShown((v) => !v) }), [trackShown]);
  const [a, b] = cuts;
  return (
    <DropZone>
      <div className="app">
        <TopBar onAction={onAction} track={trackToggle} />
        <BannerBar />
        <CaptureBar />
        <div className="workspace">
          <main className="panes" style={{ gridTemplateRows: `${a}fr auto ${b - a}fr auto ${1 - b}fr` }}>
            <section className="pane pane--sessions" aria-label="Sessions and devices">
              <SessionsPanel />
            </section>
            <Splitter axis="y" onChange={setFirstCut} />
            <section className="pane pane--frames" aria-label="Frame list">
              <DisplayFilterBar />
              <FilterBar />
              <ListBar key={listBar ?? 'none'} kind={listBar} onClose={closeListBar} />
              <FrameList />
            </section>
            <Splitter axis="y" onChange={setSecondCut} />
            <div
              className="panes-bottom"
              style={{
                gridTemplateColumns: trackShown
                  ? `${treeFraction * (1 - trackFraction)}fr auto ${(1 - treeFraction) * (1 - trackFraction)}fr auto ${trackFraction}fr`
                  : `${treeFraction}fr auto ${1 - treeFraction}fr`,
              }}
            >
              <section className="pane pane--decode" aria-label="Decoded fields">
                <DecodePane />
              </section>
              <Splitter axis="x" onChange={setTreeSplit} />
              <section className="pane pane--hex" aria-label="Bytes">
                <HexView />
              </section>
              {trackShown && (
                <>
                  <Splitter axis="x" onChange={setTrackSplit} />
                  <section className="pane pane--track" aria-label="Track">
                    <TrackPlot />
                  </section>
                </>
              )}
            </div>
          </main>
          {composerOpen && (
            <Suspense fallback={<aside className="composer-panel composer-panel--loading" data-testid="composer-loading">Loading the composer…</aside>}>
              <ComposerPanel />
            </Suspense>
          )}
          {compareOpen && <ComparePanel />}
        </div>
        <StatusBar />
        {dialog === 'open' && <OpenCaptureDialog onClose={closeDialog} />}
        {dialog === 'live' && <LiveCaptureDialog onClose={closeDialog} />}
        {dialog === 'export' && <ExportDialog onClose={closeDialog} />}
      </div>
    </DropZone>
  );
}
