// The display-filter bar's logic: validation as typed, completion of the word under the cursor,
// the field names, the store's display filter and the bridge's fetches for it.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, FrameSummary, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { parseFilter, filterFieldNames } from '../../parsers/core/display-filter';
import { FILTER_REFRESH_MS, listArgs, startEngineBridge } from '../../src-renderer/app/engineBridge';
import { SHORTCUT_LABELS, shortcutFor } from '../../src-renderer/app/shortcuts';
import { createTrackwireStore, initialData, isListFiltered, reducers, type TrackwireData, type TrackwireStore } from '../../src-renderer/app/store';
import { PAGE_SIZE, rowAt, type FrameRows } from '../../src-renderer/features/frames/rows';
import {
  acceptCompletion,
  completionsAt,
  fieldTablesOf,
  filterToApply,
  loadFieldNames,
  validateFilter,
  wordAt,
} from '../../src-renderer/features/frames/displayFilter';
import { STATUS, detail, frame } from './renderer-fixtures';

describe('validation as typed', () => {
  it('is empty for blank text, valid for a filter, and invalid with the error and its position', () => {
    expect(validateFilter('')).toEqual({ state: 'empty' });
    expect(validateFilter('   ')).toEqual({ state: 'empty' });
    expect(validateFilter('type == login')).toEqual({ state: 'valid' });
    expect(validateFilter('gt06.login.imei contains "1234" && !issue')).toEqual({ state: 'valid' });
    const bad = validateFilter('type == ');
    expect(bad.state).toBe('invalid');
    if (bad.state !== 'invalid') return;
    const parsed = parseFilter('type == ');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(bad.error).toBe(parsed.error);
    expect(bad.at).toBe(parsed.at);
    expect(bad.at).toBeGreaterThanOrEqual(5);
    expect(bad.at).toBeLessThanOrEqual(8);
  });

  it('marks the error where it is', () => {
    const v = validateFilter('type == login && nosuchfield');
    expect(v.state).toBe('invalid');
    if (v.state === 'invalid') expect(v.at).toBe('type == login && '.length);
    const paren = validateFilter('(type == login');
    expect(paren.state).toBe('invalid');
  });

  it('applies only a valid filter: trimmed, blank clears, invalid never', () => {
    expect(filterToApply('  type == login ')).toBe('type == login');
    expect(filterToApply('')).toBeNull();
    expect(filterToApply('  ')).toBeNull();
    expect(filterToApply('type == ')).toBeUndefined();
    expect(filterToApply('type ==')).toBeUndefined();
  });
});

describe('completion of the word under the cursor', () => {
  const names = ['type', 'transport', 'deviceId', 'direction', 'position', 'position.lat', 'position.lon', 'position.speed', 'gt06.login.imei', 'gt06.location.latitude', 'issue', 'issue.checksum', 'attr.'];

  it('finds the word around the cursor, and the part before the cursor', () => {
    expect(wordAt('type == login', 2)).toEqual({ start: 0, end: 4, prefix: 'ty' });
    expect(wordAt('a && position.la', 16)).toEqual({ start: 5, end: 16, prefix: 'position.la' });
    expect(wordAt('type == ', 8)).toBeNull();
    expect(wordAt('(dev', 4)).toEqual({ start: 1, end: 4, prefix: 'dev' });
  });

  it('offers the names starting with the word, ignoring case', () => {
    expect(completionsAt(names, 't', 1)).toEqual(['type', 'transport']);
    expect(completionsAt(names, 'type == login && posi', 21)).toEqual(['position', 'position.lat', 'position.lon', 'position.speed']);
    expect(completionsAt(names, 'DEV', 3)).toEqual(['deviceId']);
    expect(completionsAt(names, 'gt06.lo', 7)).toEqual(['gt06.login.imei', 'gt06.location.latitude']);
  });

  it('offers names with a part starting with the word after them', () => {
    expect(completionsAt(names, 'imei', 4)).toEqual(['gt06.login.imei']);
    expect(completionsAt(names, 'lat', 3)).toEqual(['position.lat', 'gt06.location.latitude']);
  });

  it('offers nothing without a word, for a whole name, for a value or inside a string', () => {
    expect(completionsAt(names, '', 0)).toEqual([]);
    expect(completionsAt(names, 'type ', 5)).toEqual([]);
    expect(completionsAt(names, 'type', 4)).toEqual([]);
    expect(completionsAt(names, 'type == t', 9)).toEqual([]);
    expect(completionsAt(names, 'deviceId contains po', 20)).toEqual([]);
    expect(completionsAt(names, 'deviceId == "po', 15)).toEqual([]);
    // After a value, a field again.
    expect(completionsAt(names, 'type == login && tr', 19)).toEqual(['transport']);
    // The cursor inside the word: the part before it counts.
    expect(completionsAt(names, 'posxyz', 3)).toEqual(['position', 'position.lat', 'position.lon', 'position.speed']);
  });

  it('keeps to the limit', () => {
    expect(completionsAt(names, 'p', 1, 2)).toEqual(['position', 'position.lat']);
  });

  it('accepting replaces the whole word under the cursor and puts the cursor after the name', () => {
    expect(acceptCompletion('ty', 2, 'type')).toEqual({ text: 'type', cursor: 4 });
    expect(acceptCompletion('type == login && posi', 21, 'position.lat')).toEqual({ text: 'type == login && position.lat', cursor: 29 });
    expect(acceptCompletion('posxyz == 1', 3, 'position')).toEqual({ text: 'position == 1', cursor: 8 });
    expect(acceptCompletion('a && ', 5, 'type')).toEqual({ text: 'a && type', cursor: 9 });
  });
});

describe('field names', () => {
  it('picks the field tables out of a fields module', () => {
    const tables = fieldTablesOf({
      F: { imei: { id: 'x.imei', label: 'IMEI', type: 'bcd' } },
      TYPES: { 1: 'login' },
      SET: new Set([1]),
      fn: () => 1,
      EMPTY: {},
    });
    expect(tables).toEqual([{ imei: { id: 'x.imei', label: 'IMEI', type: 'bcd' } }]);
  });

  it('are the fixed names and every protocol field id, loaded once', async () => {
    const first = loadFieldNames();
    expect(loadFieldNames()).toBe(first);
    const all = await first;
    for (const n of filterFieldNames()) expect(all).toContain(n);
    expect(all).toContain('gt06.login.imei');
    expect(all.some((n) => n.startsWith('h02.'))).toBe(true);
    expect(all.some((n) => n.startsWith('teltonika.'))).toBe(true);
    // Every protocol id is a field the filter accepts.
    for (const n of all.filter((x) => x.startsWith('gt06.')).slice(0, 20)) expect(parseFilter(n).ok).toBe(true);
  });
});

describe('shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('Ctrl+/ and Ctrl+Shift+F focus the display filter', () => {
    expect(shortcutFor(key('/', { ctrlKey: true }))).toBe('focus-filter');
    expect(shortcutFor(key('/', { metaKey: true }))).toBe('focus-filter');
    expect(shortcutFor(key('/', { ctrlKey: true, shiftKey: true }))).toBe('focus-filter');
    expect(shortcutFor(key('F', { ctrlKey: true, shiftKey: true }))).toBe('focus-filter');
    expect(shortcutFor(key('/'))).toBeNull();
  });

  it('Ctrl+F finds a frame, Ctrl+G goes to a frame by number (Cmd on macOS)', () => {
    expect(shortcutFor(key('f', { ctrlKey: true }))).toBe('find');
    expect(shortcutFor(key('f', { metaKey: true }))).toBe('find');
    expect(shortcutFor(key('g', { ctrlKey: true }))).toBe('go-to-frame');
    expect(shortcutFor(key('G', { metaKey: true }))).toBe('go-to-frame');
    expect(SHORTCUT_LABELS.find).toBe('Ctrl+F');
    expect(SHORTCUT_LABELS['go-to-frame']).toBe('Ctrl+G');
    // Not without Ctrl, nor with Alt; Ctrl+Shift+G is nothing.
    expect(shortcutFor(key('f'))).toBeNull();
    expect(shortcutFor(key('g', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('G', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});

const data = (patch: Partial<TrackwireData> = {}): TrackwireData => ({ ...initialData, ...patch });

/** The ids of the list's rows held (0 for a row not fetched). */
const shown = (rows: FrameRows) => Array.from({ length: rows.total }, (_, i) => rowAt(rows, i)?.id ?? 0);

describe('the store: display filter', () => {
  const frames = [frame(1, { sessionId: 's1' }), frame(2, { sessionId: 's2', messageType: 'heartbeat' }), frame(3, { sessionId: 's1', messageType: 'heartbeat' })];
  /** A store that was pushed the three frames. */
  const withFrames = (): TrackwireStore => {
    const store = createTrackwireStore();
    store.getState().framesAppended(frames, 3);
    return store;
  };

  it('applying shows nothing until the engine answers, then its frames; dropping shows all again', () => {
    const store = withFrames();
    expect(shown(store.getState().rows)).toEqual([1, 2, 3]);
    store.getState().setDisplayFilter('type == login');
    let s = store.getState();
    expect(s.displayFilter).toBe('type == login');
    expect(s.filterSeq).toBe(1);
    expect(isListFiltered(s)).toBe(true);
    expect(s.rows).toMatchObject({ total: 0, known: false });
    s.rowCountLoaded(1, 1);
    s.rowsLoaded(1, 0, [frames[0]!]);
    s = store.getState();
    expect(shown(s.rows)).toEqual([1]);
    expect(s.rows).toMatchObject({ total: 1, known: true });
    // The same text again changes nothing; blank drops it.
    s.setDisplayFilter(' type == login ');
    expect(store.getState().filterSeq).toBe(1);
    s.setDisplayFilter('  ');
    s = store.getState();
    expect(s.displayFilter).toBeNull();
    expect(s.filterSeq).toBe(2);
    // Every frame again: counted at once, its pages fetched as shown.
    expect(s.rows).toMatchObject({ total: 3, known: true });
    expect(s.rows.pages.size).toBe(0);
  });

  it('combines with the session filter: the session chip keeps its place when the display filter goes', () => {
    const store = withFrames();
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    expect(listArgs(store.getState())).toEqual({ sessionId: 's1' });
    store.getState().setDisplayFilter('type == heartbeat');
    expect(listArgs(store.getState())).toEqual({ sessionId: 's1', filter: 'type == heartbeat' });
    expect(store.getState().rows).toMatchObject({ total: 0, known: false });
    store.getState().setDisplayFilter(null);
    expect(store.getState().filter).toEqual({ kind: 'session', sessionId: 's1' });
    expect(store.getState().filterSeq).toBe(3);
    // The session's list is a new list too: the engine counts it.
    expect(store.getState().rows).toMatchObject({ total: 0, known: false });
    // A session filter set under a display filter keeps it.
    store.getState().setDisplayFilter('type == login');
    store.getState().setFilter({ kind: 'session', sessionId: 's2' });
    expect(store.getState().displayFilter).toBe('type == login');
    expect(listArgs(store.getState())).toEqual({ sessionId: 's2', filter: 'type == login' });
    expect(store.getState().filterSeq).toBe(5);
  });

  it('new frames under a display filter are left to the engine', () => {
    const state = data({ frameTotal: 3, filter: { kind: 'session', sessionId: 's1' }, displayFilter: 'type == login', filterSeq: 3 });
    const patch = reducers.framesAppended(state, [frame(4, { sessionId: 's1' })], 4);
    expect(patch).toEqual({ frameTotal: 4 });
  });

  it('answers for an earlier filter are dropped', () => {
    const store = withFrames();
    store.getState().setDisplayFilter('type == login');
    store.getState().setDisplayFilter('type == heartbeat');
    store.getState().rowsLoaded(1, 0, [frames[0]!]);
    store.getState().rowCountLoaded(1, 1);
    expect(store.getState().rows).toEqual({ total: 0, known: false, pages: new Map() });
    store.getState().frameLocated(1, 1, 0);
    expect(store.getState().selectedIndex).toBeNull();
  });

  /** Session s1's logins: frame 1 alone, counted and fetched (filterSeq 2). */
  const filtered = () => {
    const store = withFrames();
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    store.getState().setDisplayFilter('type == login');
    store.getState().rowCountLoaded(2, 1);
    store.getState().rowsLoaded(2, 0, [frames[0]!]);
    return store;
  };

  it('revealing a frame the filters hide drops both filters — once the engine says they hide it', () => {
    const store = filtered();
    store.getState().revealFrame(2);
    let s = store.getState();
    // Selected at once (its detail loads); where it sits is the engine's to say.
    expect(s).toMatchObject({ selectedFrameId: 2, selectedIndex: null, revealing: true, filterSeq: 2 });
    expect(s.filter).not.toBeNull();
    // A late answer for another frame or another list changes nothing.
    s.frameLocated(2, 3, -1);
    s.frameLocated(1, 2, -1);
    expect(store.getState().filterSeq).toBe(2);
    s.frameLocated(2, 2, -1);
    s = store.getState();
    expect(s.filter).toBeNull();
    expect(s.displayFilter).toBeNull();
    expect(s).toMatchObject({ selectedFrameId: 2, selectedIndex: 1, revealing: false, filterSeq: 3 });
    expect(s.rows).toMatchObject({ total: 3, known: true });
  });

  it('revealing a frame the filters show keeps them: at once when its row is held, else where the engine locates it', () => {
    const store = filtered();
    store.getState().revealFrame(1);
    expect(store.getState()).toMatchObject({ selectedFrameId: 1, selectedIndex: 0, revealing: false, filterSeq: 2 });
    // Frame 3 matches too (the engine says) but its row is not held.
    store.getState().revealFrame(3);
    expect(store.getState()).toMatchObject({ selectedFrameId: 3, selectedIndex: null, revealing: true });
    store.getState().frameLocated(2, 3, 1);
    expect(store.getState()).toMatchObject({ selectedFrameId: 3, selectedIndex: 1, revealing: false, filterSeq: 2 });
    expect(store.getState().displayFilter).toBe('type == login');
  });

  it('applying a filter that hides the selected frame keeps the selection and the filter', () => {
    const store = withFrames();
    store.getState().selectOnly(2, 1);
    store.getState().setDisplayFilter('type == login');
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: null, revealing: false });
    store.getState().frameLocated(1, 2, -1);
    const s = store.getState();
    expect(s.displayFilter).toBe('type == login');
    expect(s).toMatchObject({ selectedFrameId: 2, selectedIndex: null, filterSeq: 1 });
  });

  it('the request arguments carry both filters', () => {
    expect(listArgs({ filter: null, displayFilter: null })).toEqual({});
    expect(listArgs({ filter: { kind: 'device', deviceId: 'D' }, displayFilter: null })).toEqual({ deviceId: 'D' });
    expect(listArgs({ filter: { kind: 'session', sessionId: 's1' }, displayFilter: 'type == login' })).toEqual({ sessionId: 's1', filter: 'type == login' });
  });
});

/** An engine that filters with the display-filter code over its frame summaries. */
function fakeEngine(initial: FrameSummary[]) {
  const state = { frames: [...initial] };
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: Array<[RequestName, unknown]> = [];
  const select = (a: { sessionId?: string; filter?: string }) => {
    const parsed = a.filter === undefined ? null : parseFilter(a.filter);
    if (parsed && !parsed.ok) throw new Error(`filter: ${parsed.error}`);
    return state.frames.filter((f) => (!a.sessionId || f.sessionId === a.sessionId) && (!parsed || parsed.filter.test(f)));
  };
  const api: TrackwireApi = {
    async request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      calls.push([name, arg]);
      const r = (v: unknown) => v as RequestResult<K>;
      const a = (arg ?? {}) as Record<string, unknown>;
      switch (name) {
        case 'getStatus':
          return r({ ...STATUS, frameCount: state.frames.length });
        case 'listSessions':
        case 'listDevices':
          return r([]);
        case 'countFrames':
          return r(select(a).length);
        case 'listFrames':
          return r(select(a).slice((a.from as number) - 1, (a.from as number) - 1 + (a.count as number)));
        case 'locateFrame':
          return r(select(a).findIndex((f) => f.id === a.id));
        case 'getFrame':
          return r(state.frames.some((f) => f.id === a.id) ? detail(a.id as number) : null);
        default:
          return r(null);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, state, calls, push: (e: EngineEvent) => listeners.forEach((l) => l(e)) };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('engine bridge: display filter', () => {
  it("a filter's count, then its pages with both filters; new frames under it trigger a throttled recount", async () => {
    const e = fakeEngine([frame(1, { sessionId: 's1' }), frame(2, { sessionId: 's1', messageType: 'heartbeat' }), frame(3, { sessionId: 's2' })]);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    expect(store.getState().rows.total).toBe(3);
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    await settle();
    e.calls.length = 0;
    store.getState().setDisplayFilter('type == login');
    store.getState().showRows(0, 1);
    await settle();
    expect(e.calls).toEqual([
      ['countFrames', { sessionId: 's1', filter: 'type == login' }],
      ['listFrames', { sessionId: 's1', filter: 'type == login', from: 1, count: PAGE_SIZE }],
    ]);
    expect(shown(store.getState().rows)).toEqual([1]);

    // Live frames: one matches, one does not; the recount grows the list and its short last
    // page is fetched again.
    const more = [frame(4, { sessionId: 's1' }), frame(5, { sessionId: 's1', messageType: 'heartbeat' })];
    e.state.frames.push(...more);
    e.calls.length = 0;
    e.push({ type: 'frames', frames: [more[0]!], total: 4 });
    e.push({ type: 'frames', frames: [more[1]!], total: 5 });
    await settle();
    // Nothing yet: throttled.
    expect(e.calls).toEqual([]);
    expect(store.getState().frameTotal).toBe(5);
    await new Promise((r) => setTimeout(r, FILTER_REFRESH_MS + 100));
    await settle();
    expect(e.calls).toEqual([
      ['countFrames', { sessionId: 's1', filter: 'type == login' }],
      ['listFrames', { sessionId: 's1', filter: 'type == login', from: 1, count: PAGE_SIZE }],
    ]);
    expect(shown(store.getState().rows)).toEqual([1, 4]);

    // Dropped: no more recounts; every frame shows.
    store.getState().setDisplayFilter(null);
    store.getState().setFilter(null);
    store.getState().showRows(0, 6);
    e.calls.length = 0;
    e.state.frames.push(frame(6));
    e.push({ type: 'frames', frames: [frame(6)], total: 6 });
    await new Promise((r) => setTimeout(r, FILTER_REFRESH_MS + 100));
    expect(e.calls.filter((c) => c[0] === 'countFrames')).toEqual([]);
    expect(shown(store.getState().rows)).toEqual([1, 2, 3, 4, 5, 6]);
    stop();
  });

  it('a frame selected from elsewhere is located in the list; revealing one the filters hide drops them', async () => {
    const e = fakeEngine([frame(1, { sessionId: 's1' }), frame(2, { sessionId: 's2', messageType: 'heartbeat' }), frame(3, { sessionId: 's1' })]);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    store.getState().setDisplayFilter('type == login');
    await settle();
    // Frame 3 matches but its row is not held: the engine says where it is.
    e.calls.length = 0;
    store.getState().revealFrame(3);
    await settle();
    expect(e.calls).toContainEqual(['locateFrame', { id: 3, filter: 'type == login' }]);
    expect(store.getState()).toMatchObject({ selectedFrameId: 3, selectedIndex: 1, displayFilter: 'type == login' });
    // Frame 2 is hidden: the filter goes and the list shows every frame.
    store.getState().revealFrame(2);
    await settle();
    expect(e.calls).toContainEqual(['locateFrame', { id: 2, filter: 'type == login' }]);
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: 1, displayFilter: null, revealing: false });
    stop();
  });

  it('applying a filter that hides the selected frame keeps the selection and the filter', async () => {
    const e = fakeEngine([frame(1, { sessionId: 's1' }), frame(2, { sessionId: 's2', messageType: 'heartbeat' }), frame(3, { sessionId: 's1' })]);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    store.getState().selectOnly(2, 1);
    e.calls.length = 0;
    store.getState().setDisplayFilter('type == login');
    await settle();
    expect(e.calls).toContainEqual(['locateFrame', { id: 2, filter: 'type == login' }]);
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: null, displayFilter: 'type == login' });
    expect(store.getState().detailFor).toBe(2);
    // Asking to show it now (a link, Go to frame) drops the filter.
    e.calls.length = 0;
    store.getState().revealFrame(2);
    await settle();
    expect(e.calls).toContainEqual(['locateFrame', { id: 2, filter: 'type == login' }]);
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: 1, displayFilter: null });
    stop();
  });
});
