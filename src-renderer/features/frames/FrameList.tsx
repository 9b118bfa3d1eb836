/**
 * The frame list: a windowed grid of every frame, or of one session's or device's when a filter
 * is set, with keyboard navigation and follow-tail. A click selects one frame, Ctrl+click adds
 * or removes one, Shift+click and Shift+arrows select a range, Ctrl+A all shown (for exports).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { FrameSummary } from '../../../src-main/api/contract';
import { indexOfFrame, selectedFrameIds, useTrackwire, visibleFrames } from '../../app/store';
import { directionArrow, directionTitle, formatTime, issuesText, listenerAddress, rowClassName } from './format';
import { isAtBottom, navigate, scrollToReveal, windowRange } from './windowing';

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
  selected,
  focused,
  onSelect,
}: {
  frame: FrameSummary;
  index: number;
  selected: boolean;
  /** The frame whose detail shows, marked apart when several are selected. */
  focused: boolean;
  onSelect: (id: number, event: MouseEvent) => void;
}) {
  return (
    <div
      role="row"
      aria-selected={selected}
      className={focused ? `${rowClassName(frame, selected)} frame-row--focus` : rowClassName(frame, selected)}
      style={{ top: index * ROW_HEIGHT }}
      data-testid="frame-row"
      data-frame-id={frame.id}
      data-session-id={frame.sessionId}
      onClick={(event) => onSelect(frame.id, event)}
    >
      <div role="gridcell" data-col="no" className="num">
        {frame.id}
      </div>
      <div role="gridcell" data-col="time" className="mono">
        {formatTime(frame.time)}
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

export function FrameList() {
  const frames = useTrackwire(visibleFrames);
  const filter = useTrackwire((s) => s.filter);
  const displayFilter = useTrackwire((s) => s.displayFilter);
  const filterSeq = useTrackwire((s) => s.filterSeq);
  const selectedId = useTrackwire((s) => s.selectedFrameId);
  const multiSelection = useTrackwire((s) => s.multiSelection);
  const firstListener = useTrackwire((s) => s.status?.listeners[0] ?? null);
  const selectOnly = useTrackwire((s) => s.selectOnly);
  const toggleFrameSelected = useTrackwire((s) => s.toggleFrameSelected);
  const extendFrameSelection = useTrackwire((s) => s.extendFrameSelection);
  const selectAllFrames = useTrackwire((s) => s.selectAllFrames);
  const selectedSet = useMemo(() => new Set(selectedFrameIds({ selectedFrameId: selectedId, multiSelection })), [selectedId, multiSelection]);
  const several = selectedSet.size > 1;

  const onRowClick = useCallback(
    (id: number, event: MouseEvent) => {
      if (event.shiftKey) {
        // Shift+click would also select the page's text.
        window.getSelection()?.removeAllRanges();
        extendFrameSelection(id);
      } else if (event.ctrlKey || event.metaKey) toggleFrameSelected(id);
      else selectOnly(id);
    },
    [extendFrameSelection, toggleFrameSelected, selectOnly],
  );

  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
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

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el || !followTail.current) return;
    el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
  }, [frames.length, viewportHeight]);

  const onScroll = useCallback(() => {
    const el = viewportRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    followTail.current = isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight, ROW_HEIGHT / 2);
  }, []);

  const reveal = useCallback(
    (index: number) => {
      const el = viewportRef.current;
      if (!el) return;
      const next = scrollToReveal(index, el.scrollTop, Math.max(0, el.clientHeight - ROW_HEIGHT), ROW_HEIGHT);
      if (next !== el.scrollTop) el.scrollTop = next;
    },
    [],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'a') {
        event.preventDefault();
        selectAllFrames();
        return;
      }
      const current = selectedId === null ? -1 : indexOfFrame(frames, selectedId);
      const pageSize = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
      const next = navigate(event.key, current, frames.length, pageSize);
      if (next === null) return;
      event.preventDefault();
      const frame = frames[next];
      if (!frame) return;
      if (event.shiftKey) extendFrameSelection(frame.id);
      else selectOnly(frame.id);
      reveal(next);
    },
    [frames, selectedId, bodyHeight, selectOnly, extendFrameSelection, selectAllFrames, reveal],
  );

  // Keep the selection in view when it changes; new frames alone must not pull the view back.
  const framesRef = useRef(frames);
  framesRef.current = frames;
  useEffect(() => {
    if (selectedId === null) return;
    const index = indexOfFrame(framesRef.current, selectedId);
    if (index >= 0) reveal(index);
  }, [selectedId, reveal]);

  // Another filter: show the selected frame if it is among its frames, else the newest.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const index = selectedId === null ? -1 : indexOfFrame(framesRef.current, selectedId);
    followTail.current = index < 0;
    if (index >= 0) reveal(index);
    else el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
    // Only a filter change moves the view here; the selection has its own effect above.
  }, [filterSeq]);

  const { first, end } = windowRange(scrollTop, bodyHeight, ROW_HEIGHT, frames.length);
  const rows: ReactNode[] = [];
  for (let i = first; i < end; i++) {
    const frame = frames[i]!;
    rows.push(<FrameRow key={frame.id} frame={frame} index={i} selected={selectedSet.has(frame.id)} focused={several && frame.id === selectedId} onSelect={onRowClick} />);
  }

  return (
    <div
      className="frame-list"
      ref={viewportRef}
      role="grid"
      aria-label="Frames"
      aria-rowcount={frames.length + 1}
      aria-multiselectable="true"
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div role="row" className="frame-header">
        {COLUMNS.map((c) => (
          <div role="columnheader" key={c.col} data-col={c.col}>
            {c.title}
          </div>
        ))}
      </div>
      {frames.length === 0 && displayFilter !== null ? (
        <div className="empty-state">No frames match the display filter{filter ? ` in this ${filter.kind}` : ''}.</div>
      ) : frames.length === 0 && filter ? (
        <div className="empty-state">No frames from this {filter.kind} yet.</div>
      ) : frames.length === 0 ? (
        <div className="empty-state">
          Waiting for devices — point a tracker at{' '}
          {firstListener ? <span className="mono">{listenerAddress(firstListener)}</span> : 'the listener address'}, or open a capture (Ctrl+O)
        </div>
      ) : (
        <div className="frame-body" style={{ height: frames.length * ROW_HEIGHT }}>
          {rows}
        </div>
      )}
    </div>
  );
}
