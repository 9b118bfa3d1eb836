/** Windowing and keyboard navigation of the frame list: pure, no React. */

export interface RowWindow {
  /** First row to render. */
  first: number;
  /** One past the last row to render. */
  end: number;
}

/** Rows that intersect the viewport, widened by `overscan` rows on each side. */
export function windowRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const firstVisible = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visibleCount = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const first = Math.max(0, Math.min(total - 1, firstVisible - overscan));
  const end = Math.min(total, firstVisible + visibleCount + overscan);
  return { first, end: Math.max(first, end) };
}

/**
 * The row index a navigation key moves the selection to, or null when the key is not a
 * navigation key. `current` is -1 when nothing is selected.
 */
export function navigate(key: string, current: number, total: number, pageSize: number): number | null {
  if (total <= 0) return null;
  const last = total - 1;
  const page = Math.max(1, pageSize);
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(last, current + 1);
    case 'ArrowUp':
      return current < 0 ? last : Math.max(0, current - 1);
    case 'PageDown':
      return current < 0 ? Math.min(last, page - 1) : Math.min(last, current + page);
    case 'PageUp':
      return current < 0 ? 0 : Math.max(0, current - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** The scrollTop that brings row `index` fully into view, or `scrollTop` when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Whether a scroll position is at (or within a row of) the bottom. */
export function isAtBottom(scrollTop: number, viewportHeight: number, contentHeight: number, slack: number): boolean {
  return scrollTop + viewportHeight >= contentHeight - slack;
}

/**
 * Browsers cap an element's height (Chromium near 33.5 million px, Firefox near 17.9 million):
 * a million rows of 22 px do not fit. Past this height the scrollbar maps onto the rows
 * proportionally and rows are placed relative to the scroll position.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ScrollGeometry {
  /** Height of the scrolled content in px (at most MAX_SCROLL_HEIGHT). */
  height: number;
  /** Furthest the rows can scroll, in row pixels (total × row height − viewport). */
  maxReal: number;
  /** Furthest the scrollbar can scroll, in px. */
  maxVirtual: number;
}

/** The scroll geometry of `total` rows in a viewport of `viewportHeight` px. */
export function scrollGeometry(total: number, rowHeight: number, viewportHeight: number, cap = MAX_SCROLL_HEIGHT): ScrollGeometry {
  const real = Math.max(0, total) * rowHeight;
  const height = Math.min(real, cap);
  return { height, maxReal: Math.max(0, real - viewportHeight), maxVirtual: Math.max(0, height - viewportHeight) };
}

/** The row-pixel offset at the top of the viewport for a scrollTop. */
export function realOffset(scrollTop: number, g: ScrollGeometry): number {
  if (g.maxVirtual <= 0) return 0;
  if (g.maxVirtual === g.maxReal) return Math.min(Math.max(0, scrollTop), g.maxReal);
  return (Math.min(Math.max(0, scrollTop), g.maxVirtual) * g.maxReal) / g.maxVirtual;
}

/** The scrollTop that puts row-pixel offset `real` at the top of the viewport. */
export function virtualOffset(real: number, g: ScrollGeometry): number {
  if (g.maxReal <= 0) return 0;
  if (g.maxVirtual === g.maxReal) return Math.min(Math.max(0, real), g.maxVirtual);
  return (Math.min(Math.max(0, real), g.maxReal) * g.maxVirtual) / g.maxReal;
}
