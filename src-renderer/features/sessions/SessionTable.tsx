/**
 * The sessions table: one row per connection or UDP source with its counters, "decode as" and
 * its responder. Windowed like the frame list. Arrows move the cursor, Enter (or a click) shows
 * the session's frames; Tab reaches the cursor row's selectors. The context menu (right click,
 * the menu key or Shift+F10) shows the frames or opens the command composer for the session.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { ResponderSetting, SessionInfo } from '../../../src-main/api/contract';
import { getCommands } from '../../app/commands';
import { useTrackwire } from '../../app/store';
import { captureOfSession } from '../captures/model';
import { navigate } from '../frames/windowing';
import { ProtocolSelect, ResponderControl } from './controls';
import { bytesText, formatAge, formatCount, framesText, protocolTitle, stateTitle } from './format';
import { useVirtualRows } from './useVirtualRows';

/** Row height in px; styles.css uses the same value (--session-row-height). */
export const SESSION_ROW_HEIGHT = 26;

const COLUMNS: ReadonlyArray<{ col: string; title: string; tip?: string }> = [
  { col: 'state', title: 'State' },
  { col: 'transport', title: 'Transport' },
  { col: 'source', title: 'Source' },
  { col: 'protocol', title: 'Protocol (decode as)' },
  { col: 'device', title: 'IMEI / device' },
  { col: 'frames', title: 'Frames', tip: 'Frames from (↑) and to (↓) the device' },
  { col: 'bytes', title: 'Bytes', tip: 'Bytes from (↑) and to (↓) the device' },
  { col: 'issues', title: 'Issues' },
  { col: 'answers', title: 'Answers', tip: 'Answers the responder sent' },
  { col: 'seen', title: 'Last seen' },
  { col: 'responder', title: 'Responder' },
];

const SessionRow = memo(function SessionRow({
  session,
  index,
  now,
  filtered,
  cursor,
  globalResponder,
  onActivate,
  onCursor,
  onMenu,
}: {
  session: SessionInfo;
  index: number;
  now: number;
  filtered: boolean;
  cursor: boolean;
  globalResponder: ResponderSetting | null;
  onActivate: (id: string) => void;
  onCursor: (id: string) => void;
  onMenu: (id: string, x: number, y: number) => void;
}) {
  const s = session;
  const classes = ['session-row'];
  if (s.state === 'closed') classes.push('session-row--closed');
  if (s.issues > 0) classes.push('session-row--issues');
  if (filtered) classes.push('session-row--selected');
  if (cursor) classes.push('session-row--cursor');
  const controlTab = cursor ? 0 : -1;
  const origin = captureOfSession(s.id);
  return (
    <div
      role="row"
      aria-selected={filtered}
      className={classes.join(' ')}
      style={{ top: index * SESSION_ROW_HEIGHT }}
      data-testid="session-row"
      data-session-id={s.id}
      data-state={s.state}
      data-device-id={s.deviceId ?? ''}
      data-frames-up={s.framesUp}
      data-frames-down={s.framesDown}
      data-answers={s.answers}
      data-responder={s.responder ? s.responder.mode : 'global'}
      onClick={() => onActivate(s.id)}
      onFocus={() => onCursor(s.id)}
      onContextMenu={(e: MouseEvent<HTMLDivElement>) => {
        e.preventDefault();
        onMenu(s.id, e.clientX, e.clientY);
      }}
    >
      <div role="gridcell" data-col="state" title={stateTitle(s)}>
        <span className={`state-dot state-dot--${s.state}`} aria-hidden="true" />
        {s.state}
      </div>
      <div role="gridcell" data-col="transport">
        {s.transport.toUpperCase()}
        {origin && (
          <span className="session-origin" title={s.closeReason ?? `live capture ${origin}`} data-testid="session-origin">
            {origin}
          </span>
        )}
      </div>
      <div role="gridcell" data-col="source" className="mono" title={`${s.transport.toUpperCase()} ${s.source} → ${s.local} (${s.id})`}>
        {s.source}
      </div>
      <div role="gridcell" data-col="protocol" title={protocolTitle(s)} onClick={(e) => e.stopPropagation()}>
        <ProtocolSelect session={s} tabIndex={controlTab} />
      </div>
      <div role="gridcell" data-col="device" className="mono">
        {s.deviceId ?? ''}
      </div>
      <div role="gridcell" data-col="frames" className="num">
        {framesText(s)}
      </div>
      <div role="gridcell" data-col="bytes" className="num">
        {bytesText(s)}
      </div>
      <div role="gridcell" data-col="issues" className={s.issues > 0 ? 'num sev-warning' : 'num'}>
        {s.issues > 0 ? formatCount(s.issues) : ''}
      </div>
      <div role="gridcell" data-col="answers" className="num">
        {formatCount(s.answers)}
      </div>
      <div role="gridcell" data-col="seen" className="num" title={new Date(s.lastSeen).toLocaleString()}>
        {formatAge(s.lastSeen, now)}
      </div>
      <div role="gridcell" data-col="responder" onClick={(e) => e.stopPropagation()}>
        {s.upstream ? (
          <span className="dim" title={`The upstream server ${s.upstream.address} answers this session`}>
            proxied
          </span>
        ) : (
          <ResponderControl
            value={s.responder}
            global={globalResponder}
            allowFollow
            label={`Responder of session ${s.id}`}
            testId="session-responder"
            tabIndex={controlTab}
            onChange={(mode, delayMs) => void getCommands().setResponder(s.id, mode, delayMs).catch(() => undefined)}
          />
        )}
      </div>
    </div>
  );
});

interface MenuAt {
  sessionId: string;
  x: number;
  y: number;
}

/** A session's context menu: its frames, or a command to its device. Esc or a click elsewhere closes it. */
function SessionMenu({ at, onClose, onShowFrames }: { at: MenuAt; onClose: () => void; onShowFrames: (id: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const session = useTrackwire((s) => s.sessions.list[s.sessions.index.get(at.sessionId) ?? -1]);
  const openComposer = useTrackwire((s) => s.openComposer);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);
  const canCommand = session?.state === 'open' && session.protocol !== null && session.deviceId !== null;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const pos = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') items[(pos + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(pos - 1 + items.length) % items.length]?.focus();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div ref={ref} className="context-menu" role="menu" aria-label={`Session ${at.sessionId}`} style={{ left: at.x, top: at.y }} data-testid="session-menu" onKeyDown={onKeyDown}>
      <button
        type="button"
        role="menuitem"
        className="context-menu-item"
        disabled={!canCommand}
        title={canCommand ? undefined : 'Commands need an open session whose protocol and device id are known'}
        data-testid="session-menu-command"
        onClick={() => {
          onClose();
          openComposer({ kind: 'session', sessionId: at.sessionId });
        }}
      >
        Send command…
      </button>
      <button
        type="button"
        role="menuitem"
        className="context-menu-item"
        data-testid="session-menu-frames"
        onClick={() => {
          onClose();
          onShowFrames(at.sessionId);
        }}
      >
        Show its frames
      </button>
    </div>
  );
}

export function SessionTable({ rows, now, emptyText }: { rows: readonly SessionInfo[]; now: number; emptyText: ReactNode }) {
  const filter = useTrackwire((s) => s.filter);
  const setFilter = useTrackwire((s) => s.setFilter);
  // Every status push brings a new object: keep the rows' prop stable while the setting is.
  const globalMode = useTrackwire((s) => s.status?.responder.mode ?? null);
  const globalDelay = useTrackwire((s) => s.status?.responder.delayMs);
  const globalResponder = useMemo<ResponderSetting | null>(() => (globalMode ? { mode: globalMode, delayMs: globalDelay } : null), [globalMode, globalDelay]);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const openMenu = useCallback((sessionId: string, x: number, y: number) => setMenu({ sessionId, x, y }), []);
  const closeMenu = useCallback(() => setMenu(null), []);
  const v = useVirtualRows(rows.length, SESSION_ROW_HEIGHT);
  const filteredId = filter?.kind === 'session' ? filter.sessionId : null;

  const activate = useCallback(
    (id: string) => {
      setCursorId(id);
      setFilter({ kind: 'session', sessionId: id });
    },
    [setFilter],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into a row's selectors are theirs.
    if (event.target !== event.currentTarget) return;
    const current = cursorId === null ? -1 : rows.findIndex((s) => s.id === cursorId);
    if ((event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) && current >= 0) {
      event.preventDefault();
      const row = event.currentTarget.querySelector(`[data-session-id="${rows[current]!.id}"]`)?.getBoundingClientRect();
      if (row) openMenu(rows[current]!.id, row.left + 24, row.bottom);
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && current >= 0) {
      event.preventDefault();
      activate(rows[current]!.id);
      return;
    }
    const next = navigate(event.key, current, rows.length, v.pageSize);
    if (next === null) return;
    event.preventDefault();
    setCursorId(rows[next]!.id);
    v.reveal(next);
  };

  const body: ReactNode[] = [];
  for (let i = v.first; i < v.end; i++) {
    const s = rows[i]!;
    body.push(
      <SessionRow
        key={s.id}
        session={s}
        index={i}
        now={now}
        filtered={s.id === filteredId}
        cursor={s.id === cursorId}
        globalResponder={globalResponder}
        onActivate={activate}
        onCursor={setCursorId}
        onMenu={openMenu}
      />,
    );
  }

  return (
    <div
      className="session-grid"
      ref={v.viewportRef}
      role="grid"
      aria-label="Sessions"
      aria-rowcount={rows.length + 1}
      tabIndex={0}
      data-testid="session-grid"
      onScroll={v.onScroll}
      onKeyDown={onKeyDown}
    >
      <div role="row" className="session-header">
        {COLUMNS.map((c) => (
          <div role="columnheader" key={c.col} data-col={c.col} title={c.tip}>
            {c.title}
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className="empty-state">{emptyText}</div>
      ) : (
        <div className="session-body" style={{ height: rows.length * SESSION_ROW_HEIGHT }}>
          {body}
        </div>
      )}
      {menu && <SessionMenu at={menu} onClose={closeMenu} onShowFrames={activate} />}
    </div>
  );
}
