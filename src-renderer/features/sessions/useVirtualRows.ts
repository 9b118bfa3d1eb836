/**
 * A scrolling grid that renders only the rows in view (the frame list's windowing), with a
 * sticky header one row high and follow-tail while the user sits at the bottom.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { isAtBottom, scrollToReveal, windowRange, type RowWindow } from '../frames/windowing';

export interface VirtualRows extends RowWindow {
  viewportRef: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
  /** Scroll just enough to show row `index`. */
  reveal: (index: number) => void;
  /** Rows that fit below the header, for PageUp/PageDown. */
  pageSize: number;
}

export function useVirtualRows(total: number, rowHeight: number): VirtualRows {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
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

  const bodyHeight = Math.max(0, viewportHeight - rowHeight);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el || !followTail.current) return;
    el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
  }, [total, viewportHeight]);

  const onScroll = useCallback(() => {
    const el = viewportRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    followTail.current = isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight, rowHeight / 2);
  }, [rowHeight]);

  const reveal = useCallback(
    (index: number) => {
      const el = viewportRef.current;
      if (!el) return;
      const next = scrollToReveal(index, el.scrollTop, Math.max(0, el.clientHeight - rowHeight), rowHeight);
      if (next !== el.scrollTop) el.scrollTop = next;
    },
    [rowHeight],
  );

  const { first, end } = windowRange(scrollTop, bodyHeight, rowHeight, total);
  return { viewportRef, onScroll, reveal, first, end, pageSize: Math.max(1, Math.floor(bodyHeight / rowHeight) - 1) };
}
