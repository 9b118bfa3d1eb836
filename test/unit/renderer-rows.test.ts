// The frame list for a million frames: the pages of rows the store keeps (rows.ts), the scroll
// geometry past the browser's height cap, the Time column, Go to frame and Find, the keyboard
// over rows still loading, Ctrl+A and its export, and the bridge fetching the pages on screen.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, FrameSummary, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { parseFilter } from '../../parsers/core/display-filter';
import { startEngineBridge } from '../../src-renderer/app/engineBridge';
import { createTrackwireStore, selectedCount, selectedFrameIds, type TrackwireState } from '../../src-renderer/app/store';
import { exportRequest, scopeChoices, type ScopeInput } from '../../src-renderer/features/export/scope';
import { findMessage, parseFrameNumber } from '../../src-renderer/features/frames/find';
import { formatSeconds, formatTime, timeCell, TIME_MODES } from '../../src-renderer/features/frames/format';
import { freshRows, heldIndexOf, MAX_PAGES, missingPages, PAGE_SIZE, placeRows, pushedRows, rowAt, type FrameRows } from '../../src-renderer/features/frames/rows';
import { MAX_SCROLL_HEIGHT, realOffset, scrollGeometry, virtualOffset, windowRange } from '../../src-renderer/features/frames/windowing';
import { STATUS, frame, frameRange } from './renderer-fixtures';

/** The ids of the rows `[first, end)`; 0 where a row is not held. */
const idsAt = (rows: FrameRows, first: number, end: number) => Array.from({ length: end - first }, (_, k) => rowAt(rows, first + k)?.id ?? 0);
const heldPages = (rows: FrameRows) => [...rows.pages.keys()].sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('frame rows: pages of the list', () => {
  it('pages hold PAGE_SIZE rows; a placement across a page boundary fills both pages', () => {
    expect(PAGE_SIZE).toBe(200);
    // A filtered list: row k is frame 2k+1 (every other frame matches).
    const matching = Array.from({ length: 450 }, (_, k) => frame(2 * k + 1));
    const rows = placeRows(freshRows(450, true), 0, matching, 0);
    expect(heldPages(rows)).toEqual([0, 1, 2]);
    expect(rows.pages.get(0)).toHaveLength(200);
    expect(rows.pages.get(2)).toHaveLength(50);
    expect(idsAt(rows, 198, 202)).toEqual([397, 399, 401, 403]);
    expect(rowAt(rows, 449)?.id).toBe(899);
    expect(rowAt(rows, 450)).toBeUndefined();
    // Rows 150…249 again (a refetch): the end of page 0 and the start of page 1 are replaced.
    const again = placeRows(rows, 150, Array.from({ length: 100 }, (_, k) => frame(10_000 + k)), 0);
    expect(idsAt(again, 149, 151)).toEqual([299, 10_000]);
    expect(idsAt(again, 199, 201)).toEqual([10_049, 10_050]);
    expect(idsAt(again, 249, 251)).toEqual([10_099, 501]);
    expect(again.pages.get(1)).toHaveLength(200);
    // The rows it came from are untouched.
    expect(rowAt(rows, 150)?.id).toBe(301);
  });

  it('never leaves a gap: rows after a page\'s end are dropped until the rows before them come', () => {
    const empty = freshRows(1000, true);
    // Rows 250…259 would leave 200…249 unknown on page 1.
    expect(placeRows(empty, 250, frameRange(251, 260), 0)).toBe(empty);
    const page1 = placeRows(empty, 200, frameRange(201, 230), 0);
    expect(page1.pages.get(1)).toHaveLength(30);
    // Rows that follow the held ones on, and those that overlap them, join.
    const more = placeRows(page1, 230, frameRange(231, 240), 0);
    expect(idsAt(more, 228, 241)).toEqual([...range(229, 240), 0]);
    // A run that starts inside a gap is dropped on that page but still fills the next page it starts.
    const across = placeRows(empty, 350, frameRange(351, 450), 0);
    expect(heldPages(across)).toEqual([2]);
    expect(idsAt(across, 399, 402)).toEqual([0, 401, 402]);
    expect(placeRows(empty, 0, [], 0)).toBe(empty);
  });

  it('placing past the count grows it', () => {
    const rows = placeRows(freshRows(10, true), 0, frameRange(1, 25), 0);
    expect(rows.total).toBe(25);
  });

  it('keeps at most MAX_PAGES pages: scrolling on drops those farthest from the screen', () => {
    let rows = freshRows((MAX_PAGES + 10) * PAGE_SIZE, true);
    // Scrolling down one page at a time, each page fetched while on screen.
    for (let p = 0; p < MAX_PAGES + 10; p++) {
      rows = placeRows(rows, p * PAGE_SIZE, frameRange(p * PAGE_SIZE + 1, (p + 1) * PAGE_SIZE), p);
      expect(rows.pages.size).toBeLessThanOrEqual(MAX_PAGES);
    }
    expect(heldPages(rows)).toEqual(range(10, MAX_PAGES + 9));
    // Back to the top: the bottom pages go first.
    rows = placeRows(rows, 5 * PAGE_SIZE, frameRange(5 * PAGE_SIZE + 1, 6 * PAGE_SIZE), 5);
    expect(rows.pages.size).toBe(MAX_PAGES);
    expect(rows.pages.has(5)).toBe(true);
    expect(rows.pages.has(MAX_PAGES + 9)).toBe(false);
    expect(rows.pages.has(MAX_PAGES + 8)).toBe(true);
    // One large placement (a reconnect's catch-up) keeps the pages nearest the screen.
    const big = placeRows(freshRows(0, true), 0, frameRange(1, (MAX_PAGES + 10) * PAGE_SIZE), MAX_PAGES + 9);
    expect(heldPages(big)).toEqual(range(10, MAX_PAGES + 9));
  });

  it('a live tail: pushed frames join the last page and grow the count', () => {
    const rows = placeRows(freshRows(450, true), 0, frameRange(1, 450), 2);
    const pushed = pushedRows(rows, frameRange(451, 455), 455, 2);
    expect(pushed.total).toBe(455);
    expect(idsAt(pushed, 448, 456)).toEqual([449, 450, 451, 452, 453, 454, 455, 0]);
    expect(missingPages(pushed, 0, 455)).toEqual([]);
    // The next page starts as frames cross its first row.
    const next = pushedRows(pushed, frameRange(456, 605), 605, 2);
    expect(heldPages(next)).toEqual([0, 1, 2, 3]);
    expect(rowAt(next, 604)?.id).toBe(605);
    // A push without frames (a status ahead of the pushes) only grows the count.
    const counted = pushedRows(next, [], 700, 2);
    expect(counted.total).toBe(700);
    expect(counted.pages).toBe(next.pages);
    expect(missingPages(counted, 600, 700)).toEqual([3]);
  });

  it('a push far from the pages held and from the end is left to fetch', () => {
    // The screen is at the top; 5,000 frames; the rows of frame 2,000 are nowhere near.
    const top = placeRows(freshRows(5000, true), 0, frameRange(1, 400), 0);
    expect(pushedRows(top, [frame(2000)], 5000, 0).pages).toBe(top.pages);
    // A frame of a page held is placed (a late push of frames listed before).
    const held = pushedRows(top, [frame(300, { summary: 'pushed' })], 5000, 0);
    expect(rowAt(held, 299)?.summary).toBe('pushed');
  });

  it('a capped push (the newest 500 of many): the tail pages fill, earlier pages are left to fetch', () => {
    // 2,000 frames listed, then a capture read: 10,000 frames, only the newest 500 pushed.
    const before = placeRows(freshRows(2000, true), 1600, frameRange(1601, 2000), 9);
    const capped = pushedRows(before, frameRange(9501, 10_000), 10_000, 9);
    expect(capped.total).toBe(10_000);
    expect(capped.known).toBe(true);
    // Rows 9,600…9,999 (pages 48 and 49) are the pushed frames 9,601…10,000.
    expect(idsAt(capped, 9600, 9603)).toEqual([9601, 9602, 9603]);
    expect(rowAt(capped, 9999)?.id).toBe(10_000);
    expect(missingPages(capped, 9600, 10_000)).toEqual([]);
    // Frames 9,501…9,600 would start page 47 in its middle: that page and those before are fetched.
    expect(rowAt(capped, 9500)).toBeUndefined();
    expect(missingPages(capped, 2000, 10_000)).toEqual(range(10, 47));
    // What was held stays.
    expect(rowAt(capped, 1999)?.id).toBe(2000);
  });

  it('missing pages: those on screen not held or short, within the count', () => {
    const rows = placeRows(freshRows(450, true), 0, frameRange(1, 450), 0);
    expect(missingPages(rows, 0, 450)).toEqual([]);
    expect(missingPages(freshRows(450, true), 150, 420)).toEqual([0, 1, 2]);
    // Past the count there is nothing to fetch; an empty window asks for nothing.
    expect(missingPages(freshRows(450, true), 400, 5000)).toEqual([2]);
    expect(missingPages(rows, 30, 30)).toEqual([]);
    expect(missingPages(freshRows(0, true), 0, 30)).toEqual([]);
    // The short last page is incomplete once the count grows (new frames matched).
    const grown: FrameRows = { ...rows, total: 460 };
    expect(missingPages(grown, 400, 460)).toEqual([2]);
    expect(missingPages(grown, 0, 400)).toEqual([]);
    // A page with a row taken out in the middle (never: no gaps) is short as well.
    const short = placeRows(freshRows(450, true), 0, frameRange(1, 150), 0);
    expect(missingPages(short, 0, 10)).toEqual([0]);
  });

  it('finds a frame among the rows held by its id (ids ascend with the rows)', () => {
    const matching = Array.from({ length: 450 }, (_, k) => frame(3 * k + 2));
    const rows = placeRows(freshRows(450, true), 0, matching, 0);
    expect(heldIndexOf(rows, 2)).toBe(0);
    expect(heldIndexOf(rows, 3 * 250 + 2)).toBe(250);
    expect(heldIndexOf(rows, 3 * 449 + 2)).toBe(449);
    // Frames the filter leaves out, and frames past the rows held.
    expect(heldIndexOf(rows, 3)).toBe(-1);
    expect(heldIndexOf(rows, 10_000)).toBe(-1);
    // Only held pages are searched.
    const tail = placeRows(freshRows(5000, true), 4800, frameRange(9001, 9200), 24);
    expect(heldIndexOf(tail, 9100)).toBe(4899);
    expect(heldIndexOf(tail, 100)).toBe(-1);
  });
});

describe('scroll geometry for a million rows', () => {
  const ROW = 22;
  const VIEW = 600;

  it('caps the scrolled height; the scrollbar maps onto the rows proportionally, and the last row is reachable', () => {
    const g = scrollGeometry(1_000_000, ROW, VIEW);
    expect(g.height).toBe(MAX_SCROLL_HEIGHT);
    expect(g.maxReal).toBe(1_000_000 * ROW - VIEW);
    expect(g.maxVirtual).toBe(MAX_SCROLL_HEIGHT - VIEW);
    expect(realOffset(0, g)).toBe(0);
    expect(realOffset(g.maxVirtual, g)).toBe(g.maxReal);
    // Half way down the scrollbar is half way down the rows.
    expect(realOffset(g.maxVirtual / 2, g)).toBeCloseTo(g.maxReal / 2, 6);
    // Scrolled to the bottom, the window ends at the last row.
    const bottom = windowRange(realOffset(g.maxVirtual, g), VIEW, ROW, 1_000_000, 0);
    expect(bottom.end).toBe(1_000_000);
    expect(bottom.first).toBe(1_000_000 - Math.ceil(VIEW / ROW));
    // Beyond either end clamps.
    expect(realOffset(-50, g)).toBe(0);
    expect(realOffset(g.maxVirtual + 1000, g)).toBe(g.maxReal);
    expect(virtualOffset(g.maxReal * 2, g)).toBe(g.maxVirtual);
  });

  it('the two offsets are each other\'s inverse', () => {
    const g = scrollGeometry(1_000_000, ROW, VIEW);
    for (const row of [0, 1, 12_345, 500_000, 999_972]) {
      const real = row * ROW;
      expect(realOffset(virtualOffset(real, g), g)).toBeCloseTo(real, 4);
    }
    for (const top of [0, 0.5, 1234.25, 4_000_000, g.maxVirtual]) expect(virtualOffset(realOffset(top, g), g)).toBeCloseTo(top, 4);
  });

  it('below the cap, offsets are the scroll position itself', () => {
    const g = scrollGeometry(1000, ROW, VIEW);
    expect(g).toEqual({ height: 22_000, maxReal: 22_000 - VIEW, maxVirtual: 22_000 - VIEW });
    for (const top of [0, 37, 10_000, g.maxVirtual]) {
      expect(realOffset(top, g)).toBe(top);
      expect(virtualOffset(top, g)).toBe(top);
    }
    // Fewer rows than the viewport holds: nothing scrolls.
    const few = scrollGeometry(5, ROW, VIEW);
    expect([few.height, few.maxReal, few.maxVirtual]).toEqual([110, 0, 0]);
    expect(realOffset(40, few)).toBe(0);
    expect(virtualOffset(40, few)).toBe(0);
  });
});

describe('the Time column', () => {
  const t0 = Date.UTC(2025, 0, 2, 3, 4, 5, 6);

  it('reads the time of day, seconds since the first frame, or since the row above', () => {
    expect(TIME_MODES.map((m) => m.mode)).toEqual(['absolute', 'relative', 'delta']);
    expect(timeCell('absolute', t0 + 12_345, t0, t0)).toBe(formatTime(t0 + 12_345));
    expect(timeCell('absolute', t0, null, undefined)).toMatch(/^\d\d:\d\d:\d\d\.006$/);
    expect(timeCell('relative', t0 + 12_345, t0, undefined)).toBe('12.345');
    expect(timeCell('relative', t0, t0, null)).toBe('0.000');
    expect(timeCell('delta', t0 + 2, t0, t0)).toBe('0.002');
    expect(timeCell('delta', t0 + 61_000, t0, t0 + 1000)).toBe('60.000');
  });

  it('is empty while what it counts from is not known; the first row is zero since the one above', () => {
    expect(timeCell('relative', t0, null, t0)).toBe('');
    expect(timeCell('delta', t0, t0, undefined)).toBe('');
    expect(timeCell('delta', t0 + 500, t0, null)).toBe('0.000');
  });

  it('formats seconds to the millisecond, with a sign when negative', () => {
    expect(formatSeconds(0)).toBe('0.000');
    expect(formatSeconds(1)).toBe('0.001');
    expect(formatSeconds(3_600_000)).toBe('3600.000');
    expect(formatSeconds(-2)).toBe('-0.002');
    expect(formatSeconds(1234.6)).toBe('1.235');
  });
});

describe('Go to frame and Find', () => {
  it('reads a frame number, with thousands separators, within the frames there are', () => {
    expect(parseFrameNumber('1234', 5000)).toEqual({ ok: true, id: 1234 });
    expect(parseFrameNumber(' 1,000,000 ', 1_000_000)).toEqual({ ok: true, id: 1_000_000 });
    expect(parseFrameNumber("12'345", 20_000)).toEqual({ ok: true, id: 12_345 });
    expect(parseFrameNumber('1 000', 5000)).toEqual({ ok: true, id: 1000 });
    expect(parseFrameNumber('1', 1)).toEqual({ ok: true, id: 1 });
  });

  it('says what is wrong with it', () => {
    expect(parseFrameNumber('  ', 5000)).toEqual({ ok: false, error: 'Type a frame number' });
    expect(parseFrameNumber('12a', 5000)).toEqual({ ok: false, error: "'12a' is not a frame number" });
    expect(parseFrameNumber('-3', 5000)).toEqual({ ok: false, error: "'-3' is not a frame number" });
    expect(parseFrameNumber('1.5', 5000)).toEqual({ ok: false, error: "'1.5' is not a frame number" });
    expect(parseFrameNumber('0', 5000)).toEqual({ ok: false, error: 'There are frames 1 to 5000' });
    expect(parseFrameNumber('5001', 5000)).toEqual({ ok: false, error: 'There are frames 1 to 5000' });
    expect(parseFrameNumber('1', 0)).toEqual({ ok: false, error: 'No frames yet' });
  });

  it('words the outcome of a search: the frame, that it wrapped around, or none', () => {
    expect(findMessage(null, 5, false)).toEqual({ text: 'No match', error: true });
    expect(findMessage(9, 5, false)).toEqual({ text: 'Frame 9', error: false });
    expect(findMessage(3, 5, false)).toEqual({ text: 'Frame 3 (wrapped around)', error: false });
    // The only match is the frame searched from.
    expect(findMessage(5, 5, false)).toEqual({ text: 'Frame 5 (wrapped around)', error: false });
    expect(findMessage(3, 5, true)).toEqual({ text: 'Frame 3', error: false });
    expect(findMessage(9, 5, true)).toEqual({ text: 'Frame 9 (wrapped around)', error: false });
    // Nothing selected: forwards from 0, backwards from the end.
    expect(findMessage(1, 0, false).text).toBe('Frame 1');
    expect(findMessage(700, Number.MAX_SAFE_INTEGER, true).text).toBe('Frame 700');
  });
});

describe('store: the keyboard over rows still loading', () => {
  /** A store showing session s1's list (frames 2, 4, 6, …: 500 rows) with its first page held. */
  function filtered() {
    const store = createTrackwireStore();
    store.getState().statusChanged({ ...STATUS, frameCount: 1000 });
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    const seq = store.getState().filterSeq;
    store.getState().rowCountLoaded(seq, 500);
    store.getState().rowsLoaded(seq, 0, s1Rows(0, 200));
    return { store, seq };
  }
  /** Rows `[start, end)` of session s1's list: row k is frame 2k+2. */
  const s1Rows = (start: number, end: number) => Array.from({ length: end - start }, (_, k) => frame(2 * (start + k) + 2, { sessionId: 's1' }));

  it('a row whose page is held is selected at once', () => {
    const { store } = filtered();
    store.getState().selectIndex(10);
    expect(store.getState()).toMatchObject({ selectedFrameId: 22, selectedIndex: 10, pendingIndex: null });
  });

  it('under a filter, a row whose page is not held waits for its page, then is selected', () => {
    const { store, seq } = filtered();
    store.getState().selectIndex(3);
    store.getState().selectIndex(450);
    expect(store.getState()).toMatchObject({ selectedFrameId: 8, selectedIndex: 3, pendingIndex: 450 });
    // Another page arriving does not select.
    store.getState().rowsLoaded(seq, 200, s1Rows(200, 400));
    expect(store.getState()).toMatchObject({ selectedFrameId: 8, pendingIndex: 450 });
    // An answer for the list before the filter changed does not either.
    store.getState().rowsLoaded(seq - 1, 400, frameRange(401, 500));
    expect(store.getState()).toMatchObject({ selectedFrameId: 8, pendingIndex: 450 });
    store.getState().rowsLoaded(seq, 400, s1Rows(400, 500));
    expect(store.getState()).toMatchObject({ selectedFrameId: 902, selectedIndex: 450, pendingIndex: null });
  });

  it('without a filter, row k is frame k+1: selected at once, fetched or not', () => {
    const store = createTrackwireStore();
    store.getState().statusChanged({ ...STATUS, frameCount: 1_000_000 });
    store.getState().selectIndex(700_000);
    expect(store.getState()).toMatchObject({ selectedFrameId: 700_001, selectedIndex: 700_000, pendingIndex: null });
    // Shift+End: every frame from there to the last.
    store.getState().selectIndex(999_999, true);
    expect(store.getState().selectedFrameId).toBe(1_000_000);
    expect(selectedFrameIds(store.getState())).toHaveLength(300_000);
    // Out of the list: nothing moves.
    store.getState().selectIndex(1_000_000);
    store.getState().selectIndex(-1);
    expect(store.getState().selectedFrameId).toBe(1_000_000);
  });

  it('Shift onto a row still loading extends the selection once the row arrives', () => {
    const { store, seq } = filtered();
    store.getState().selectIndex(198);
    store.getState().selectIndex(201, true);
    expect(store.getState()).toMatchObject({ selectedFrameId: 398, pendingIndex: 201, pendingExtend: true });
    store.getState().rowsLoaded(seq, 200, s1Rows(200, 400));
    expect(store.getState().selectedFrameId).toBe(404);
    expect(selectedFrameIds(store.getState())).toEqual([398, 400, 402, 404]);
  });

  it('a click elsewhere drops the row waited for', () => {
    const { store, seq } = filtered();
    store.getState().selectIndex(450);
    store.getState().selectOnly(4, 1);
    store.getState().rowsLoaded(seq, 400, s1Rows(400, 500));
    expect(store.getState()).toMatchObject({ selectedFrameId: 4, selectedIndex: 1, pendingIndex: null });
  });
});

describe('store: Ctrl+A and its export', () => {
  const web = { desktop: false, path: '' };
  /** The export dialog's view of the store. */
  const scopeOf = (s: TrackwireState): ScopeInput => ({
    selectedIds: selectedFrameIds(s),
    allSelected: s.multiSelection?.all === true && s.multiSelection.focus === s.selectedFrameId,
    filter: s.filter,
    displayFilter: s.displayFilter,
    listTotal: s.filter !== null || s.displayFilter !== null ? (s.rows.known ? s.rows.total : null) : null,
    totalFrames: s.frameTotal,
  });

  it('selects every row of the list without listing them; the export asks for every frame', () => {
    const store = createTrackwireStore();
    store.getState().statusChanged({ ...STATUS, frameCount: 1_000_000 });
    store.getState().selectAllFrames();
    const s = store.getState();
    expect(s.multiSelection).toMatchObject({ all: true, ids: [], focus: 1, anchorIndex: 0 });
    expect(s.selectedFrameId).toBe(1);
    expect(selectedCount(s)).toBe(1_000_000);
    expect(scopeChoices(scopeOf(s))[0]!.label).toBe('Selected frames (1,000,000 frames)');
    expect(exportRequest('pcapng', 'selection', scopeOf(s), web)).toEqual({ format: 'pcapng' });
    // A click ends it.
    store.getState().selectOnly(7, 6);
    expect(selectedCount(store.getState())).toBe(1);
  });

  it('under both filters, the export of the selection asks for the filters\' frames', () => {
    const store = createTrackwireStore();
    store.getState().statusChanged({ ...STATUS, frameCount: 40 });
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    store.getState().setDisplayFilter('type == login');
    const seq = store.getState().filterSeq;
    store.getState().rowCountLoaded(seq, 3);
    store.getState().rowsLoaded(seq, 0, [frame(1), frame(9), frame(30)]);
    // The focus stays on the frame selected before.
    store.getState().selectOnly(9, 1);
    store.getState().selectAllFrames();
    const s = store.getState();
    expect(s.selectedFrameId).toBe(9);
    expect(s.multiSelection).toMatchObject({ all: true, focus: 9, anchor: 1 });
    expect(selectedCount(s)).toBe(3);
    expect(exportRequest('csv', 'selection', scopeOf(s), web)).toEqual({ format: 'csv', sessionId: 's1', filter: 'type == login' });
    expect(exportRequest('csv', 'filter', scopeOf(s), web)).toEqual({ format: 'csv', sessionId: 's1', filter: 'type == login' });
    expect(exportRequest('csv', 'all', scopeOf(s), web)).toEqual({ format: 'csv' });
  });

  it('an empty list has nothing to select', () => {
    const store = createTrackwireStore();
    store.getState().selectAllFrames();
    expect(store.getState().multiSelection).toBeNull();
    expect(store.getState().selectedFrameId).toBeNull();
  });
});

/**
 * An engine of `count` frames behind the contract (frame k in session s1 when k is even, s2 when
 * odd); listFrames answers are held until `release()`, so requests in flight can be seen.
 */
function pagedEngine(count: number) {
  const state = { count };
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: Array<[RequestName, unknown]> = [];
  const held: Array<() => void> = [];
  const all = (): FrameSummary[] => Array.from({ length: state.count }, (_, k) => frame(k + 1, { sessionId: (k + 1) % 2 === 0 ? 's1' : 's2', messageType: (k + 1) % 10 === 0 ? 'login' : 'heartbeat' }));
  const select = (a: Record<string, unknown>) => {
    const parsed = typeof a.filter === 'string' ? parseFilter(a.filter) : null;
    if (parsed && !parsed.ok) throw new Error(parsed.error);
    return all().filter((f) => (!a.sessionId || f.sessionId === a.sessionId) && (!parsed || parsed.filter.test(f)));
  };
  const api: TrackwireApi = {
    async request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      calls.push([name, arg]);
      const r = (v: unknown) => v as RequestResult<K>;
      const a = (arg ?? {}) as Record<string, unknown>;
      switch (name) {
        case 'getStatus':
          return r({ ...STATUS, frameCount: state.count });
        case 'listSessions':
        case 'listDevices':
        case 'listCaptures':
        case 'listCommands':
          return r([]);
        case 'countFrames':
          return r(select(a).length);
        case 'listFrames': {
          const from = a.from as number;
          const rows = select(a).slice(from - 1, from - 1 + (a.count as number));
          // The first frame's time at start is answered at once.
          if (a.count === 1) return r(rows);
          await new Promise<void>((resolve) => held.push(resolve));
          return r(rows);
        }
        case 'locateFrame': {
          const index = select(a).findIndex((f) => f.id === a.id);
          return r(index);
        }
        case 'getFrame':
          return r(null);
        default:
          return r(null);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const listCalls = () => calls.filter((c) => c[0] === 'listFrames').map((c) => c[1]);
  return {
    api,
    state,
    calls,
    listCalls,
    push: (e: EngineEvent) => listeners.forEach((l) => l(e)),
    release: () => held.splice(0).forEach((resolve) => resolve()),
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('engine bridge: the pages on screen', () => {
  it('loads the status and the first frame\'s time at start, and no rows until they are shown', async () => {
    const e = pagedEngine(100_000);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    expect(store.getState().rows).toMatchObject({ total: 100_000, known: true });
    expect(store.getState().firstFrameTime).toBe(frame(1).time);
    expect(e.listCalls()).toEqual([{ from: 1, count: 1 }]);
    expect(store.getState().rows.pages.size).toBe(0);
    stop();
  });

  it('fetches the missing pages on screen and one beyond each side, each once', async () => {
    const e = pagedEngine(100_000);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    e.calls.length = 0;
    // Rows 50,000…50,029: page 250 on screen, 249 and 251 beyond.
    store.getState().showRows(50_000, 50_030);
    // Scrolling a little while they are on their way asks for nothing again.
    store.getState().showRows(50_010, 50_040);
    store.getState().showRows(50_005, 50_035);
    await settle();
    expect(e.listCalls()).toEqual([
      { from: 50_001, count: PAGE_SIZE },
      { from: 49_801, count: PAGE_SIZE },
      { from: 50_201, count: PAGE_SIZE },
    ]);
    e.release();
    await settle();
    expect(idsAt(store.getState().rows, 49_800, 49_802)).toEqual([49_801, 49_802]);
    expect(rowAt(store.getState().rows, 50_399)?.id).toBe(50_400);
    // Held now: scrolling among them asks for nothing; further on, only for the pages not held.
    store.getState().showRows(50_100, 50_130);
    await settle();
    expect(e.listCalls()).toHaveLength(3);
    store.getState().showRows(50_390, 50_420);
    await settle();
    expect(e.listCalls().slice(3)).toEqual([
      { from: 50_401, count: PAGE_SIZE },
      { from: 50_601, count: PAGE_SIZE },
    ]);
    e.release();
    await settle();
    stop();
  });

  it('a page that failed is asked for again when shown again', async () => {
    const e = pagedEngine(1000);
    let failures = 2;
    const flaky: TrackwireApi = {
      onEvent: e.api.onEvent,
      request(name, arg) {
        if (name === 'listFrames' && (arg as { count: number }).count === PAGE_SIZE && failures > 0) {
          failures--;
          return Promise.reject(new Error('engine busy'));
        }
        return e.api.request(name, arg);
      },
    };
    const store = createTrackwireStore();
    const stop = startEngineBridge(flaky, store);
    await settle();
    store.getState().showRows(0, 30);
    await settle();
    expect(failures).toBe(0);
    expect(store.getState().banner?.message).toBe('Loading frames failed: engine busy');
    expect(store.getState().rows.pages.size).toBe(0);
    e.calls.length = 0;
    store.getState().showRows(1, 31);
    await settle();
    expect(e.listCalls()).toEqual([
      { from: 1, count: PAGE_SIZE },
      { from: 201, count: PAGE_SIZE },
    ]);
    e.release();
    await settle();
    expect(idsAt(store.getState().rows, 0, 2)).toEqual([1, 2]);
    stop();
  });

  it('a filter: the count first, then the pages on screen with the filter arguments', async () => {
    const e = pagedEngine(1000);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    store.getState().showRows(970, 1000);
    await settle();
    e.release();
    await settle();
    e.calls.length = 0;
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    store.getState().setDisplayFilter('type == login');
    // The list is new: nothing to show until the engine counted it.
    expect(store.getState().rows).toMatchObject({ total: 0, known: false });
    store.getState().showRows(0, 30);
    await settle();
    // Each filter set starts a list and its count; the answer for the session alone is dropped.
    expect(e.calls.filter((c) => c[0] === 'countFrames').map((c) => c[1])).toEqual([{ sessionId: 's1' }, { sessionId: 's1', filter: 'type == login' }]);
    // Frames 10, 20, …, 1000 are s1's logins: 100 rows, one page.
    expect(store.getState().rows).toMatchObject({ total: 100, known: true });
    expect(e.listCalls()).toEqual([{ sessionId: 's1', filter: 'type == login', from: 1, count: PAGE_SIZE }]);
    // The count was asked for before the page.
    expect(e.calls.findIndex((c) => c[0] === 'countFrames')).toBeLessThan(e.calls.findIndex((c) => c[0] === 'listFrames'));
    e.release();
    await settle();
    expect(idsAt(store.getState().rows, 0, 3)).toEqual([10, 20, 30]);
    expect(rowAt(store.getState().rows, 99)?.id).toBe(1000);
    stop();
  });

  it('a page answered for a list the filters replaced is dropped', async () => {
    const e = pagedEngine(1000);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    await settle();
    store.getState().showRows(0, 30);
    await settle();
    expect(e.listCalls()).toContainEqual({ sessionId: 's1', from: 1, count: PAGE_SIZE });
    store.getState().setFilter({ kind: 'session', sessionId: 's2' });
    e.release();
    await settle();
    store.getState().showRows(0, 30);
    await settle();
    e.release();
    await settle();
    // s2's frames are the odd ones: none of s1's answer is shown.
    expect(idsAt(store.getState().rows, 0, 3)).toEqual([1, 3, 5]);
    stop();
  });
});

describe('engine bridge: a page that comes back short', () => {
  it('is asked for once while the count stays, and again when the count changes', async () => {
    // The list counts 1,000 frames but the engine holds 950 (it restarted with fewer).
    const e = pagedEngine(950);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    store.getState().framesAppended([], 1000);
    store.getState().showRows(900, 1000);
    await settle();
    e.release();
    await settle();
    const asked = () => e.listCalls().filter((c) => (c as { from: number }).from === 801).length;
    expect(asked()).toBe(1);
    // Row answers change the rows; the short page is not asked for again.
    for (let i = 0; i < 5; i++) {
      e.release();
      await settle();
    }
    expect(asked()).toBe(1);
    expect(missingPages(store.getState().rows, 900, 1000)).toEqual([4]);
    // A new count (frames pushed) asks once more.
    store.getState().framesAppended([], 1001);
    await settle();
    e.release();
    await settle();
    expect(asked()).toBe(2);
    stop();
  });
});
