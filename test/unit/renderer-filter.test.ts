// The display-filter bar's logic: validation as typed, completion of the word under the cursor,
// the field names, the store's display filter and the bridge's fetches for it.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, FrameSummary, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { parseFilter, filterFieldNames } from '../../parsers/core/display-filter';
import { FILTER_REFRESH_MS, listArgs, startEngineBridge } from '../../src-renderer/app/engineBridge';
import { shortcutFor } from '../../src-renderer/app/shortcuts';
import { createTrackwireStore, initialData, isListFiltered, reducers, visibleFrames, type TrackwireData } from '../../src-renderer/app/store';
import {
  acceptCompletion,
  completionsAt,
  fieldTablesOf,
  filterToApply,
  loadFieldNames,
  validateFilter,
  wordAt,
} from '../../src-renderer/features/frames/displayFilter';
import { STATUS, frame } from './renderer-fixtures';

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
    expect(shortcutFor(key('f', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('/'))).toBeNull();
  });
});

const data = (patch: Partial<TrackwireData> = {}): TrackwireData => ({ ...initialData, ...patch });

describe('the store: display filter', () => {
  const frames = [frame(1, { sessionId: 's1' }), frame(2, { sessionId: 's2', messageType: 'heartbeat' }), frame(3, { sessionId: 's1', messageType: 'heartbeat' })];

  it('applying shows nothing until the engine answers, then its frames; dropping shows all again', () => {
    const store = createTrackwireStore({ frames });
    store.getState().setDisplayFilter('type == login');
    let s = store.getState();
    expect(s.displayFilter).toBe('type == login');
    expect(s.filterSeq).toBe(1);
    expect(isListFiltered(s)).toBe(true);
    expect(visibleFrames(s)).toEqual([]);
    s.filteredCountLoaded(1, 1);
    s.filteredFramesLoaded(1, [frames[0]!]);
    s = store.getState();
    expect(visibleFrames(s).map((f) => f.id)).toEqual([1]);
    expect(s.filteredTotal).toBe(1);
    // The same text again changes nothing; blank drops it.
    s.setDisplayFilter(' type == login ');
    expect(store.getState().filterSeq).toBe(1);
    s.setDisplayFilter('  ');
    s = store.getState();
    expect(s.displayFilter).toBeNull();
    expect(s.filterSeq).toBe(2);
    expect(visibleFrames(s).map((f) => f.id)).toEqual([1, 2, 3]);
  });

  it('combines with the session filter: the session chip keeps its place when the display filter goes', () => {
    const store = createTrackwireStore({ frames });
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    expect(visibleFrames(store.getState()).map((f) => f.id)).toEqual([1, 3]);
    store.getState().setDisplayFilter('type == heartbeat');
    expect(visibleFrames(store.getState())).toEqual([]);
    store.getState().setDisplayFilter(null);
    expect(store.getState().filter).toEqual({ kind: 'session', sessionId: 's1' });
    expect(visibleFrames(store.getState()).map((f) => f.id)).toEqual([1, 3]);
    // A session filter set under a display filter waits for the engine too.
    store.getState().setDisplayFilter('type == login');
    store.getState().setFilter({ kind: 'session', sessionId: 's2' });
    expect(store.getState().displayFilter).toBe('type == login');
    expect(visibleFrames(store.getState())).toEqual([]);
  });

  it('new frames under a display filter are left to the engine', () => {
    const state = data({ frames, filter: { kind: 'session', sessionId: 's1' }, displayFilter: 'type == login', filterSeq: 3 });
    const patch = reducers.framesAppended(state, [frame(4, { sessionId: 's1' })]);
    expect(patch.frames?.map((f) => f.id)).toEqual([1, 2, 3, 4]);
    expect(patch.filteredFrames).toBeUndefined();
  });

  it('answers for an earlier filter are dropped', () => {
    const store = createTrackwireStore({ frames });
    store.getState().setDisplayFilter('type == login');
    store.getState().setDisplayFilter('type == heartbeat');
    store.getState().filteredFramesLoaded(1, [frames[0]!]);
    store.getState().filteredCountLoaded(1, 1);
    expect(store.getState().filteredFrames).toEqual([]);
    expect(store.getState().filteredTotal).toBeNull();
  });

  it('revealing a frame the filters hide drops both filters', () => {
    const store = createTrackwireStore({ frames });
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    store.getState().setDisplayFilter('type == login');
    store.getState().filteredFramesLoaded(2, [frames[0]!]);
    store.getState().revealFrame(2);
    const s = store.getState();
    expect(s.filter).toBeNull();
    expect(s.displayFilter).toBeNull();
    expect(s.selectedFrameId).toBe(2);
    expect(visibleFrames(s).map((f) => f.id)).toEqual([1, 2, 3]);
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
          return r(STATUS);
        case 'listSessions':
        case 'listDevices':
          return r([]);
        case 'countFrames':
          return r(select(a).length);
        case 'listFrames':
          return r(select(a).slice((a.from as number) - 1, (a.from as number) - 1 + (a.count as number)));
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
  it("fetches the filter's count and frames with both filters, and new matching frames as they arrive (throttled)", async () => {
    const e = fakeEngine([frame(1, { sessionId: 's1' }), frame(2, { sessionId: 's1', messageType: 'heartbeat' }), frame(3, { sessionId: 's2' })]);
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    expect(store.getState().frames).toHaveLength(3);
    e.calls.length = 0;
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    store.getState().setDisplayFilter('type == login');
    await settle();
    expect(e.calls).toContainEqual(['countFrames', { sessionId: 's1', filter: 'type == login' }]);
    expect(e.calls).toContainEqual(['listFrames', { sessionId: 's1', filter: 'type == login', from: 1, count: 2000 }]);
    expect(visibleFrames(store.getState()).map((f) => f.id)).toEqual([1]);
    expect(store.getState().filteredTotal).toBe(1);

    // Live frames: one matches, one does not; the refetch asks for what follows the held ones.
    const more = [frame(4, { sessionId: 's1' }), frame(5, { sessionId: 's1', messageType: 'heartbeat' })];
    e.state.frames.push(...more);
    e.calls.length = 0;
    e.push({ type: 'frames', frames: [more[0]!] });
    e.push({ type: 'frames', frames: [more[1]!] });
    await settle();
    // Nothing yet: throttled.
    expect(e.calls).toEqual([]);
    await new Promise((r) => setTimeout(r, FILTER_REFRESH_MS + 100));
    await settle();
    expect(e.calls.filter((c) => c[0] === 'countFrames')).toHaveLength(1);
    expect(e.calls).toContainEqual(['listFrames', { sessionId: 's1', filter: 'type == login', from: 2, count: 2000 }]);
    expect(visibleFrames(store.getState()).map((f) => f.id)).toEqual([1, 4]);
    expect(store.getState().filteredTotal).toBe(2);
    expect(store.getState().frames).toHaveLength(5);

    // Dropped: no more refetches.
    store.getState().setDisplayFilter(null);
    store.getState().setFilter(null);
    e.calls.length = 0;
    e.push({ type: 'frames', frames: [frame(6)] });
    await new Promise((r) => setTimeout(r, FILTER_REFRESH_MS + 100));
    expect(e.calls).toEqual([]);
    expect(visibleFrames(store.getState()).map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6]);
    stop();
  });
});
