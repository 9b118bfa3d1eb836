import { describe, expect, it } from 'vitest';
import type { EngineEvent, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { ApiError } from '../../src-renderer/api/webClient';
import { bannerFor, startEngineBridge } from '../../src-renderer/app/engineBridge';
import { createTrackwireStore, initialData, reducers } from '../../src-renderer/app/store';
import { freshRows, missingPages, PAGE_SIZE, placeRows, rowAt } from '../../src-renderer/features/frames/rows';
import { STATUS, detail, frame } from './renderer-fixtures';

describe('frames pushed to the unfiltered list', () => {
  it('land at row id − 1, in id order, once each', () => {
    const store = createTrackwireStore();
    store.getState().framesAppended([frame(1), frame(2)], 2);
    store.getState().framesAppended([frame(3), frame(2), frame(3), frame(4)], 4);
    const { rows, frameTotal } = store.getState();
    expect(frameTotal).toBe(4);
    expect(rows.total).toBe(4);
    expect(rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 2, 3, 4]);
  });

  it('change nothing when nothing is new', () => {
    const store = createTrackwireStore();
    store.getState().framesAppended([frame(1), frame(2)], 2);
    const s = store.getState();
    expect(reducers.framesAppended(s, [], 2)).toEqual({});
    expect(reducers.framesAppended(s, [], 1)).toEqual({});
    expect(reducers.statusChanged(s, { ...STATUS, frameCount: 2 })).toEqual({ status: { ...STATUS, frameCount: 2 } });
  });

  it('that arrive out of order leave the page short, to be fetched, rather than hold a gap', () => {
    const store = createTrackwireStore();
    store.getState().framesAppended([frame(2), frame(1), frame(4)], 4);
    const { rows } = store.getState();
    expect(rows.total).toBe(4);
    // Frame 2 came before the row before it was known: dropped; frame 1 starts the page.
    expect(rows.pages.get(0)!.map((f) => f.id)).toEqual([1]);
    expect(rowAt(rows, 1)).toBeUndefined();
    expect(missingPages(rows, 0, 4)).toEqual([0]);
  });

  it('the count follows the engine\'s total when only the newest were pushed', () => {
    const store = createTrackwireStore();
    store.getState().framesAppended([frame(1)], 1);
    store.getState().framesAppended([frame(9999), frame(10_000)], 10_000);
    expect(store.getState().frameTotal).toBe(10_000);
    expect(store.getState().rows.total).toBe(10_000);
    // They would start their page in its middle: the page is fetched when shown.
    expect(rowAt(store.getState().rows, 9999)).toBeUndefined();
    expect(missingPages(store.getState().rows, 9980, 10_000)).toEqual([49]);
    expect(store.getState().firstFrameTime).toBe(frame(1).time);
  });
});

describe('reducers', () => {
  it('selecting a frame clears the detail and the field', () => {
    const s = { ...initialData, selectedFrameId: 1, detail: detail(1), detailFor: 1, selectedField: [3, 0] };
    expect(reducers.selectFrame(s, 2)).toEqual({ selectedFrameId: 2, selectedIndex: 1, revealing: false, detail: null, detailFor: null, selectedField: null });
    expect(reducers.selectFrame(s, 1)).toEqual({});
    expect(reducers.selectFrame(s, null)).toMatchObject({ selectedFrameId: null, selectedIndex: null });
  });

  it("a frame's list position: id − 1 without filters, its row under filters when held, else unknown", () => {
    const filtered = { ...initialData, filter: { kind: 'session', sessionId: 's1' } as const, rows: placeRows(freshRows(3, true), 0, [frame(4), frame(7), frame(9)], 0) };
    expect(reducers.selectFrame(filtered, 7).selectedIndex).toBe(1);
    // Not among the rows held: the engine locates it (the bridge asks).
    expect(reducers.selectFrame(filtered, 8).selectedIndex).toBeNull();
    expect(reducers.selectFrame({ ...initialData, frameTotal: 500 }, 321).selectedIndex).toBe(320);
  });

  it('drops a detail that arrives for a frame no longer selected', () => {
    const s = { ...initialData, selectedFrameId: 2 };
    expect(reducers.detailLoaded(s, detail(1), 1)).toEqual({});
    expect(reducers.detailLoaded(s, detail(2), 2)).toMatchObject({ detailFor: 2, selectedField: null });
  });

  it('selects fields by path', () => {
    const s = { ...initialData, selectedField: [3, 0] };
    expect(reducers.selectField(s, [3, 0])).toEqual({});
    expect(reducers.selectField(s, [4])).toEqual({ selectedField: [4] });
    expect(reducers.selectField(s, null)).toEqual({ selectedField: null });
  });
});

describe('store', () => {
  it('applies actions', () => {
    const store = createTrackwireStore();
    store.getState().framesAppended([frame(1), frame(2)]);
    store.getState().framesAppended([frame(2), frame(3)]);
    store.getState().statusChanged(STATUS);
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 2, 3]);
    expect(store.getState().frameTotal).toBe(3);
    expect(store.getState().status).toBe(STATUS);
  });

  it('a status ahead of the pushes grows the list; its rows are fetched as shown', () => {
    const store = createTrackwireStore();
    store.getState().statusChanged({ ...STATUS, frameCount: 5000 });
    expect(store.getState().frameTotal).toBe(5000);
    expect(store.getState().rows).toMatchObject({ total: 5000, known: true });
    expect(store.getState().rows.pages.size).toBe(0);
  });
});

/** An in-memory engine behind the TrackwireApi contract. */
function fakeApi(frames = [frame(1), frame(2)]) {
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: Array<[RequestName, unknown]> = [];
  const api: TrackwireApi = {
    async request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      calls.push([name, arg]);
      if (name === 'getStatus') return { ...STATUS, frameCount: frames.length } as RequestResult<K>;
      if (name === 'listSessions' || name === 'listDevices') return [] as RequestResult<K>;
      if (name === 'listFrames') {
        const { from, count } = arg as { from: number; count: number };
        return frames.filter((f) => f.id >= from).slice(0, count) as RequestResult<K>;
      }
      const { id } = arg as { id: number };
      return (id <= frames.length ? detail(id) : null) as RequestResult<K>;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, calls, push: (e: EngineEvent) => listeners.forEach((l) => l(e)), listeners };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('engine bridge', () => {
  it('loads the initial state and applies pushes', async () => {
    const { api, calls, push } = fakeApi();
    const store = createTrackwireStore();
    startEngineBridge(api, store);
    await tick();
    expect(store.getState().status).toEqual({ ...STATUS, frameCount: 2 });
    // The status says how many rows there are; only the first frame (its time) is fetched.
    expect(store.getState().rows).toMatchObject({ total: 2, known: true });
    expect(store.getState().firstFrameTime).toBe(frame(1).time);
    expect(calls.filter((c) => c[0] === 'listFrames')).toEqual([['listFrames', { from: 1, count: 1 }]]);
    expect(store.getState().banner).toBeNull();
    // The rows on screen are fetched.
    store.getState().showRows(0, 2);
    await tick();
    expect(calls).toContainEqual(['listFrames', { from: 1, count: PAGE_SIZE }]);
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 2]);
    push({ type: 'frames', frames: [frame(2), frame(3)], total: 3 });
    push({ type: 'status', status: { ...STATUS, frameCount: 3 } });
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 2, 3]);
    expect(store.getState().frameTotal).toBe(3);
    expect(store.getState().status?.frameCount).toBe(3);
  });

  it('fetches the detail when the selection changes', async () => {
    const { api, calls } = fakeApi();
    const store = createTrackwireStore();
    startEngineBridge(api, store);
    store.getState().selectFrame(2);
    expect(store.getState().detailFor).toBeNull();
    await tick();
    expect(calls).toContainEqual(['getFrame', { id: 2 }]);
    expect(store.getState().detail?.id).toBe(2);
    expect(store.getState().detailFor).toBe(2);
    store.getState().selectFrame(9);
    await tick();
    expect(store.getState().detail).toBeNull();
    expect(store.getState().detailFor).toBe(9);
  });

  it('unsubscribes when stopped', async () => {
    const { api, listeners } = fakeApi();
    const stop = startEngineBridge(api, createTrackwireStore());
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('shows a banner when the token is rejected', async () => {
    const api: TrackwireApi = {
      request: () => Promise.reject(new ApiError('invalid token', 401)),
      onEvent: () => () => {},
    };
    const store = createTrackwireStore();
    startEngineBridge(api, store);
    await tick();
    expect(store.getState().banner?.kind).toBe('unauthorized');
  });

  it('maps connection states to banners', () => {
    expect(bannerFor({ kind: 'connected' })).toBeNull();
    expect(bannerFor({ kind: 'no-token' })?.kind).toBe('no-token');
    expect(bannerFor({ kind: 'unauthorized', message: 'bad token' })?.message).toContain('bad token');
    expect(bannerFor({ kind: 'unreachable', message: 'down', retryInMs: 2000 })?.message).toContain('2 s');
  });
});
