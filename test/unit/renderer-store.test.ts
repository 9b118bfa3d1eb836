import { describe, expect, it } from 'vitest';
import type { EngineEvent, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { ApiError } from '../../src-renderer/api/webClient';
import { bannerFor, startEngineBridge } from '../../src-renderer/app/engineBridge';
import { createTrackwireStore, indexOfFrame, initialData, mergeFrames, reducers } from '../../src-renderer/app/store';
import { STATUS, detail, frame } from './renderer-fixtures';

describe('mergeFrames', () => {
  it('appends new frames in id order and drops duplicates', () => {
    const a = [frame(1), frame(2)];
    const merged = mergeFrames(a, [frame(3), frame(2), frame(3), frame(4)]);
    expect(merged.map((f) => f.id)).toEqual([1, 2, 3, 4]);
  });

  it('returns the same array when nothing is new', () => {
    const a = [frame(1), frame(2)];
    expect(mergeFrames(a, [frame(1), frame(2)])).toBe(a);
    expect(mergeFrames(a, [])).toBe(a);
  });

  it('sorts frames that arrive out of order', () => {
    const merged = mergeFrames([frame(2), frame(5)], [frame(4), frame(1), frame(6)]);
    expect(merged.map((f) => f.id)).toEqual([1, 2, 4, 5, 6]);
    expect(indexOfFrame(merged, 5)).toBe(3);
    expect(indexOfFrame(merged, 3)).toBe(-1);
  });
});

describe('reducers', () => {
  it('selecting a frame clears the detail and the field', () => {
    const s = { ...initialData, selectedFrameId: 1, detail: detail(1), detailFor: 1, selectedField: [3, 0] };
    expect(reducers.selectFrame(s, 2)).toEqual({ selectedFrameId: 2, detail: null, detailFor: null, selectedField: null });
    expect(reducers.selectFrame(s, 1)).toEqual({});
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
    expect(store.getState().frames.map((f) => f.id)).toEqual([1, 2, 3]);
    expect(store.getState().status).toBe(STATUS);
  });
});

/** An in-memory engine behind the TrackwireApi contract. */
function fakeApi(frames = [frame(1), frame(2)]) {
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: Array<[RequestName, unknown]> = [];
  const api: TrackwireApi = {
    async request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      calls.push([name, arg]);
      if (name === 'getStatus') return STATUS as RequestResult<K>;
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
    const { api, push } = fakeApi();
    const store = createTrackwireStore();
    startEngineBridge(api, store);
    await tick();
    expect(store.getState().status).toEqual(STATUS);
    expect(store.getState().frames.map((f) => f.id)).toEqual([1, 2]);
    expect(store.getState().banner).toBeNull();
    push({ type: 'frames', frames: [frame(2), frame(3)] });
    push({ type: 'status', status: { ...STATUS, frameCount: 3 } });
    expect(store.getState().frames.map((f) => f.id)).toEqual([1, 2, 3]);
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
