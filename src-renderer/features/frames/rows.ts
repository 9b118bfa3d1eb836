/**
 * The frame list's rows for a million frames: the renderer never holds every frame. It knows how
 * many rows the list has and keeps pages of rows around the part on screen; the engine answers
 * the pages (listFrames) and pushes the newest frames. Pure, no React.
 */
import type { FrameSummary } from '../../../src-main/api/contract';

/** Rows a page holds (one listFrames request). */
export const PAGE_SIZE = 200;
/** Pages kept at most (about 13,000 rows); those farthest from the screen go first. */
export const MAX_PAGES = 64;

export interface FrameRows {
  /** Rows in the list: every frame, or those the filters keep. */
  total: number;
  /** Whether `total` is the engine's answer yet (a filtered list waits for countFrames). */
  known: boolean;
  /** Fetched rows by page number; a page holds rows `[page * PAGE_SIZE, …)`, possibly fewer than PAGE_SIZE at the end. */
  pages: ReadonlyMap<number, readonly FrameSummary[]>;
}

/** The row at list position `index`, when its page is held. */
export function rowAt(rows: FrameRows, index: number): FrameSummary | undefined {
  return rows.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

/** Whether page `page` is held with every row it should have under `total`. */
export function pageComplete(rows: FrameRows, page: number): boolean {
  const held = rows.pages.get(page);
  if (!held) return false;
  return held.length >= Math.min(PAGE_SIZE, rows.total - page * PAGE_SIZE);
}

/** Page numbers covering rows `[first, end)` that are missing or short, in screen order. */
export function missingPages(rows: FrameRows, first: number, end: number): number[] {
  const out: number[] = [];
  const last = Math.min(end, rows.total);
  if (last <= first) return out;
  for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor((last - 1) / PAGE_SIZE); p++) if (!pageComplete(rows, p)) out.push(p);
  return out;
}

/**
 * `rows` with `frames` placed from list position `start` on (they fill pages; a gap before a
 * page's held rows is not allowed, so rows that would leave one are dropped), then pages beyond
 * the limit evicted, farthest from `keep` (the page on screen) first.
 */
export function placeRows(rows: FrameRows, start: number, frames: readonly FrameSummary[], keep: number): FrameRows {
  if (frames.length === 0) return rows;
  const pages = new Map(rows.pages);
  let changed = false;
  for (let k = 0; k < frames.length; ) {
    const index = start + k;
    const page = Math.floor(index / PAGE_SIZE);
    const offset = index % PAGE_SIZE;
    const held = pages.get(page) ?? [];
    const take = Math.min(PAGE_SIZE - offset, frames.length - k);
    if (offset > held.length) {
      k += take;
      continue;
    }
    const next = held.slice(0, offset).concat(frames.slice(k, k + take), held.slice(offset + take));
    pages.set(page, next);
    changed = true;
    k += take;
  }
  if (!changed) return rows;
  evict(pages, keep);
  const end = start + frames.length;
  return { ...rows, total: Math.max(rows.total, end), pages };
}

/** Drop the pages farthest from `keep` until at most MAX_PAGES remain. */
function evict(pages: Map<number, readonly FrameSummary[]>, keep: number): void {
  if (pages.size <= MAX_PAGES) return;
  const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - keep) - Math.abs(a - keep));
  for (const page of byDistance) {
    if (pages.size <= MAX_PAGES) break;
    pages.delete(page);
  }
}

/**
 * Frames pushed to an unfiltered list (row index = id − 1): placed where their page is held or
 * is the list's last; other pages are fetched when scrolled to.
 */
export function pushedRows(rows: FrameRows, frames: readonly FrameSummary[], total: number, keep: number): FrameRows {
  const grown = total > rows.total ? { ...rows, total, known: true } : rows;
  if (frames.length === 0) return grown;
  const lastPage = Math.floor((total - 1) / PAGE_SIZE);
  let out = grown;
  // Consecutive runs of ids go in one step.
  let runStart = 0;
  for (let k = 1; k <= frames.length; k++) {
    if (k < frames.length && frames[k]!.id === frames[k - 1]!.id + 1) continue;
    const run = frames.slice(runStart, k);
    runStart = k;
    // Page by page: a run of the newest 500 starts pages before the last two.
    for (let k = 0; k < run.length; ) {
      const index = run[k]!.id - 1;
      const page = Math.floor(index / PAGE_SIZE);
      const take = Math.min(PAGE_SIZE - (index % PAGE_SIZE), run.length - k);
      if (out.pages.has(page) || page >= lastPage - 1) out = placeRows(out, index, run.slice(k, k + take), keep);
      k += take;
    }
  }
  return out;
}

/** Rows for a new list: the count and pages of the frames the engine will send. */
export function freshRows(total: number, known: boolean): FrameRows {
  return { total, known, pages: new Map() };
}

/** The list position of frame `id` among the held rows, or -1 (ids ascend with position). */
export function heldIndexOf(rows: FrameRows, id: number): number {
  for (const [page, held] of rows.pages) {
    if (held.length === 0 || held[0]!.id > id || held[held.length - 1]!.id < id) continue;
    let lo = 0;
    let hi = held.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const midId = held[mid]!.id;
      if (midId === id) return page * PAGE_SIZE + mid;
      if (midId < id) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return -1;
}
