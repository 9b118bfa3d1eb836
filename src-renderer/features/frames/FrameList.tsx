/**
 * The frame list: a windowed grid of every frame, or of the filters' (a session or device, a
 * display filter), with keyboard navigation and follow-tail. It holds no frames of its own: the
 * store knows how many rows there are and keeps pages of them around the screen (rows.ts); rows
 * not fetched yet show as placeholders for a moment. A click selects one frame, Ctrl+click adds
 * or removes one, Shift+click and Shift+arrows select a range, Ctrl+A all shown (for exports).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { FrameSummary } from '../../../src-main/api/contract';
import { selectedFrameIds, useTrackwire } from '../../app/store';
import { SampleList } from '../captures/SampleList';
import { directionArrow, directionTitle, issuesText, listenerAddress, rowClassName, TIME_MODES, timeCell, type TimeMode } from './format';
import { rowAt } from './rows';
import './frames.css';
import { navigate, realOffset, scrollGeometry, scrollToReveal, virtualOffset, windowRange } from './windowing';

/** Fixed row height in px; styles.css uses the same value (--row-height). */
export const ROW_HEIGHT = 22;

const COLUMNS: ReadonlyArray<{ col: string; title: string }> = [
  { col: 'no', title: 'No.' },
  { col: 'time', title: 'Time' },
  { col: 'source', title: 'Source' },
  { col: 'dir', title: 'Dir' },
  { col: 'protocol', title: 'Protocol' },
  { col: 'type', title: 'Type' },
  { col: 'device', title: 'IMEI / device' },
  { col: 'summary', title: 'Summary' },
  { col: 'issues', title: 'Issues' },
];

function FrameRow({
  frame,
  index,
  top,
  time,
  selected,
  focused,
  onSelect,
}: {
  frame: FrameSummary;
  index: number;
  /** Where the row sits in the scrolled content, px. */
  top: number;
  /** The Time cell's text (in the chosen time mode). */
  time: string;
  selected: boolean;
  /** The frame whose detail shows, marked apart when several are selected. */
  focused: boolean;
  onSelect: (id: number, index: number, event: MouseEvent) => void;
}) {
  return (
    <div
      role="row"
      aria-selected={selected}
      aria-rowindex={index + 2}
      className={focused ? `${rowClassName(frame, selected)} frame-row--focus` : rowClassName(frame, selected)}
      style={{ top }}
      data-testid="frame-row"
      data-frame-id={frame.id}
      data-index={index}
      data-session-id={frame.sessionId}
      onClick={(event) => onSelect(frame.id, index, event)}
    >
      <div role="gridcell" data-col="no" className="num">
        {frame.id}
      </div>
      <div role="gridcell" data-col="time" className="mono">
        {time}
      </div>
      <div role="gridcell" data-col="source" className="mono" title={`${frame.transport.toUpperCase()} ${frame.source} → ${frame.local}`}>
        {frame.source}
      </div>
      <div role="gridcell" data-col="dir" className="dir" title={directionTitle(frame.direction)}>
        {directionArrow(frame.direction)}
      </div>
      <div role="gridcell" data-col="protocol">
        {frame.protocol ?? '?'}
      </div>
      <div role="gridcell" data-col="type">
        {frame.messageType}
      </div>
      <div role="gridcell" data-col="device" className="mono">
        {frame.deviceId ?? ''}
      </div>
      <div role="gridcell" data-col="summary" title={frame.summary}>
        {frame.summary}
      </div>
      <div role="gridcell" data-col="issues" className={frame.severity ? `sev-${frame.severity}` : undefined}>
        {issuesText(frame)}
      </div>
    </div>
  );
}

/** A row whose page is still on its way: the row's number only, greyed. */
function PendingRow({ index, top }: { index: number; top: number }) {
  return (
    <div role="row" aria-busy="true" aria-rowindex={index + 2} className="frame-row frame-row--pending" style={{ top }} data-testid="frame-row-pending" data-index={index}>
      <div role="gridcell" data-col="no" className="num">
        …
      </div>
    </div>
  );
}

export function FrameList() {
  const rows = useTrackwire((s) => s.rows);
  const filter = useTrackwire((s) => s.filter);
  const displayFilter = useTrackwire((s) => s.displayFilter);
  const filterSeq = useTrackwire((s) => s.filterSeq);
  const selectedId = useTrackwire((s) => s.selectedFrameId);
  const selectedIndex = useTrackwire((s) => s.selectedIndex);
  const multiSelection = useTrackwire((s) => s.multiSelection);
  const timeMode = useTrackwire((s) => s.timeMode);
  const firstFrameTime = useTrackwire((s) => s.firstFrameTime);
  const firstListener = useTrackwire((s) => s.status?.listeners[0] ?? null);
  const selectOnly = useTrackwire((s) => s.selectOnly);
  const selectIndex = useTrackwire((s) => s.selectIndex);
  const toggleFrameSelected = useTrackwire((s) => s.toggleFrameSelected);
  const extendFrameSelection = useTrackwire((s) => s.extendFrameSelection);
  const selectAllFrames = useTrackwire((s) => s.selectAllFrames);
  const showRows = useTrackwire((s) => s.showRows);
  const allSelected = multiSelection?.all === true && multiSelection.focus === selectedId;
  const selectedSet = useMemo(() => new Set(selectedFrameIds({ selectedFrameId: selectedId, multiSelection })), [selectedId, multiSelection]);
  const several = allSelected || selectedSet.size > 1;
  const total = rows.total;

  const onRowClick = useCallback(
    (id: number, index: number, event: MouseEvent) => {
      if (event.shiftKey) {
        // Shift+click would also select the page's text.
        window.getSelection()?.removeAllRanges();
        extendFrameSelection(id, index);
      } else if (event.ctrlKey || event.metaKey) toggleFrameSelected(id, index);
      else selectOnly(id, index);
    },
    [extendFrameSelection, toggleFrameSelected, selectOnly],
  );

  const viewportRef = useRef<HTMLDivElement>(null);
  /** The row-pixel offset at the top of the rows (equal to scrollTop below MAX_SCROLL_HEIGHT). */
  const [realTop, setRealTop] = useState(0);
  const realTopRef = useRef(0);
  /** The scrollTop this component set last: its scroll event must not round `realTop` off. */
  const expectedScrollTop = useRef<number | null>(null);
  const [viewportHeight, setViewportHeight] = useState(0);
  /** Follow new frames while the user sits at the bottom. */
  const followTail = useRef(true);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => setViewportHeight(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Rows live below the sticky header, which takes one row of the viewport.
  const bodyHeight = Math.max(0, viewportHeight - ROW_HEIGHT);
  const geometry = useMemo(() => scrollGeometry(total, ROW_HEIGHT, bodyHeight), [total, bodyHeight]);
  const geometryRef = useRef(geometry);
  geometryRef.current = geometry;

  /** Put row-pixel offset `real` at the top of the viewport. */
  const scrollToReal = useCallback((real: number) => {
    const el = viewportRef.current;
    const g = geometryRef.current;
    const clamped = Math.min(Math.max(0, real), g.maxReal);
    realTopRef.current = clamped;
    setRealTop(clamped);
    if (!el) return;
    const top = virtualOffset(clamped, g);
    if (Math.abs(el.scrollTop - top) >= 0.5) {
      expectedScrollTop.current = top;
      el.scrollTop = top;
    }
  }, []);

  useLayoutEffect(() => {
    if (followTail.current) scrollToReal(geometry.maxReal);
    else if (realTopRef.current > geometry.maxReal) scrollToReal(geometry.maxReal);
  }, [geometry, scrollToReal]);

  const onScroll = useCallback(() => {
    const el = viewportRef.current;
    if (!el) return;
    const g = geometryRef.current;
    const expected = expectedScrollTop.current;
    expectedScrollTop.current = null;
    // Our own scroll keeps its exact offset; the user's (scrollbar, touchpad) maps proportionally.
    const real = expected !== null && Math.abs(el.scrollTop - expected) < 1 ? realTopRef.current : realOffset(el.scrollTop, g);
    realTopRef.current = real;
    setRealTop(real);
    followTail.current = real >= g.maxReal - ROW_HEIGHT / 2;
  }, []);

  // Past MAX_SCROLL_HEIGHT a wheel notch would skip rows: move by the row pixels asked for.
  const onWheel = useCallback(
    (event: WheelEvent) => {
      const g = geometryRef.current;
      if (g.maxVirtual === g.maxReal || event.ctrlKey) return;
      event.preventDefault();
      const dy = event.deltaMode === 1 ? event.deltaY * ROW_HEIGHT : event.deltaMode === 2 ? event.deltaY * bodyHeight : event.deltaY;
      scrollToReal(realTopRef.current + dy);
      followTail.current = realTopRef.current >= g.maxReal - ROW_HEIGHT / 2;
    },
    [bodyHeight, scrollToReal],
  );
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [onWheel]);

  const reveal = useCallback(
    (index: number) => {
      const next = scrollToReveal(index, realTopRef.current, bodyHeight, ROW_HEIGHT);
      if (next !== realTopRef.current) {
        scrollToReal(next);
        followTail.current = realTopRef.current >= geometryRef.current.maxReal - ROW_HEIGHT / 2;
      }
    },
    [bodyHeight, scrollToReal],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'a') {
        event.preventDefault();
        selectAllFrames();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const current = selectedIndex ?? -1;
      const pageSize = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
      const next = navigate(event.key, current, total, pageSize);
      if (next === null) return;
      event.preventDefault();
      selectIndex(next, event.shiftKey);
      reveal(next);
    },
    [selectedIndex, total, bodyHeight, selectIndex, selectAllFrames, reveal],
  );

  // Keep the selection in view when it moves; new frames alone must not pull the view back.
  useEffect(() => {
    if (selectedIndex !== null) reveal(selectedIndex);
  }, [selectedIndex, reveal]);

  // Another list: show the selected frame if it is among its rows, else the newest.
  useLayoutEffect(() => {
    followTail.current = selectedIndex === null;
    if (selectedIndex !== null) {
      realTopRef.current = 0;
      reveal(selectedIndex);
    } else scrollToReal(geometryRef.current.maxReal);
    // Only a list change moves the view here; the selection has its own effect above.
  }, [filterSeq]);

  const { first, end } = windowRange(realTop, bodyHeight, ROW_HEIGHT, total);
  // A new list starts with no rows on screen (the store resets the viewport): say them again
  // even when the window is the same (a filter dropped whose list had as many rows).
  useEffect(() => {
    showRows(first, end);
  }, [first, end, filterSeq, showRows]);

  // Past MAX_SCROLL_HEIGHT the rows sit in a window that stays put while the scrollbar moves
  // (position: sticky), placed by the row offset alone: the compositor's scroll, which knows
  // nothing of the proportional mapping, then never shows them in the wrong place.
  const scaled = geometry.maxVirtual !== geometry.maxReal;
  const out: ReactNode[] = [];
  for (let i = first; i < end; i++) {
    const top = scaled ? i * ROW_HEIGHT - realTop : i * ROW_HEIGHT;
    const frame = rowAt(rows, i);
    if (!frame) {
      out.push(<PendingRow key={`p${i}`} index={i} top={top} />);
      continue;
    }
    const previous = i === 0 ? null : rowAt(rows, i - 1)?.time;
    const selected = allSelected || selectedSet.has(frame.id);
    out.push(
      <FrameRow
        key={frame.id}
        frame={frame}
        index={i}
        top={top}
        time={timeCell(timeMode, frame.time, firstFrameTime, previous)}
        selected={selected}
        focused={several && frame.id === selectedId}
        onSelect={onRowClick}
      />,
    );
  }

  const loading = !rows.known;
  return (
    <div
      className="frame-list"
      ref={viewportRef}
      role="grid"
      aria-label="Frames"
      aria-rowcount={total + 1}
      aria-busy={loading}
      aria-multiselectable="true"
      data-total={total}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div role="row" className="frame-header">
        {COLUMNS.map((c) => (
          <div role="columnheader" key={c.col} data-col={c.col}>
            {c.col === 'time' ? <TimeHeader /> : c.title}
          </div>
        ))}
      </div>
      {total === 0 && loading ? (
        <div className="empty-state">Filtering…</div>
      ) : total === 0 && displayFilter !== null ? (
        <div className="empty-state">No frames match the display filter{filter ? ` in this ${filter.kind}` : ''}.</div>
      ) : total === 0 && filter ? (
        <div className="empty-state">No frames from this {filter.kind} yet.</div>
      ) : total === 0 ? (
        <div className="empty-state">
          Waiting for devices — point a tracker at{' '}
          {firstListener ? <span className="mono">{listenerAddress(firstListener)}</span> : 'the listener address'}, or open a capture (Ctrl+O)
          <SampleList />
        </div>
      ) : (
        <div className="frame-body" style={{ height: geometry.height }}>
          {scaled ? (
            <div className="frame-window" style={{ height: bodyHeight }}>
              {out}
            </div>
          ) : (
            out
          )}
        </div>
      )}
    </div>
  );
}

/** The Time column's header: a menu of the time modes (click cycles, as View → Time does). */
function TimeHeader() {
  const mode = useTrackwire((s) => s.timeMode);
  const setTimeMode = useTrackwire((s) => s.setTimeMode);
  return (
    <select
      className="time-mode"
      aria-label="Time format"
      data-testid="time-mode"
      value={mode}
      title={TIME_MODES.find((m) => m.mode === mode)?.title}
      onChange={(e) => setTimeMode(e.target.value as TimeMode)}
    >
      {TIME_MODES.map((m) => (
        <option key={m.mode} value={m.mode}>
          {m.label}
        </option>
      ))}
    </select>
  );
}
