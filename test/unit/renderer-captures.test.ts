// Capture jobs in the renderer (merging pushes and lists, the capture bar's choice, the live
// counters' refresh), the frame selection and the export scope, the web client's relay.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaptureJob, EngineEvent, FrameSummary, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { createWebClient, isEngineEvent, type SocketLike } from '../../src-renderer/api/webClient';
import { createCommands } from '../../src-renderer/app/commands';
import { LIVE_REFRESH_MS, startEngineBridge } from '../../src-renderer/app/engineBridge';
import { shortcutFor } from '../../src-renderer/app/shortcuts';
import { createTrackwireStore, reducers, selectedCount, selectedFrameIds, initialData } from '../../src-renderer/app/store';
import {
  captureOfSession,
  countsText,
  defaultInterface,
  fileHeadline,
  isStaleJob,
  mergeCaptures,
  nonTrackerText,
  nonTrackerTitle,
  progressText,
  readingText,
  runningLive,
  stoppedWarning,
  summaryItems,
} from '../../src-renderer/features/captures/model';
import { defaultScope, exportRequest, resultText, scopeChoices, withExtension, type ScopeInput } from '../../src-renderer/features/export/scope';
import { EMPTY_KEYED } from '../../src-renderer/features/sessions/model';
import { STATUS, frame } from './renderer-fixtures';

/** A capture job as the engine pushes it. */
function job(id: string, patch: Partial<CaptureJob> = {}): CaptureJob {
  return {
    id,
    kind: id.startsWith('live') ? 'live' : 'file',
    source: id.startsWith('live') ? 'lo (tcp port 5023)' : '/data/captures/gt06-session.pcap',
    state: id.startsWith('live') ? 'capturing' : 'reading',
    bytesRead: 0,
    totalBytes: 1746,
    packets: 0,
    frames: 0,
    flows: 0,
    nonTrackerFlows: [],
    gaps: 0,
    missingBytes: 0,
    ...patch,
  };
}

const ids = (k: { list: readonly { id: string }[] }) => k.list.map((j) => j.id);

describe('capture jobs: merging pushes and lists by id', () => {
  it('adds jobs oldest first by the engine counter and replaces them by id', () => {
    let c = mergeCaptures(EMPTY_KEYED, [job('file2'), job('live10')]);
    c = mergeCaptures(c, [job('file1', { state: 'done' })]);
    expect(ids(c)).toEqual(['file1', 'file2', 'live10']);
    const next = mergeCaptures(c, [job('file2', { bytesRead: 900, packets: 10, frames: 4 })]);
    expect(ids(next)).toEqual(['file1', 'file2', 'live10']);
    expect(next.list[1]).toMatchObject({ bytesRead: 900, frames: 4 });
    // Nothing new: the same object, so nobody re-renders.
    expect(mergeCaptures(next, [next.list[1]!])).toBe(next);
    expect(mergeCaptures(next, [])).toBe(next);
  });

  it('a late answer does not undo newer progress or a finished state', () => {
    const reading = job('file1', { bytesRead: 1200, packets: 12, frames: 5 });
    const done = job('file1', { state: 'done', bytesRead: 1746, packets: 19, frames: 8, flows: 1 });
    // openCapture's reply (bytesRead 0) arriving after a progress push.
    expect(isStaleJob(reading, job('file1'))).toBe(true);
    // listCaptures taken before the end, arriving after the done push.
    expect(isStaleJob(done, reading)).toBe(true);
    // The final word wins even when it counts less than the last progress (cancel drops the chunk in flight).
    expect(isStaleJob(reading, job('file1', { state: 'cancelled', bytesRead: 1000, packets: 10, frames: 4 }))).toBe(false);
    let c = mergeCaptures(EMPTY_KEYED, [reading]);
    c = mergeCaptures(c, [done]);
    c = mergeCaptures(c, [reading, job('file1')]);
    expect(c.list[0]).toBe(done);
  });

  it('lists the running live captures', () => {
    const c = mergeCaptures(EMPTY_KEYED, [job('file1'), job('live2'), job('live3', { state: 'stopped' })]);
    expect(runningLive(c).map((j) => j.id)).toEqual(['live2']);
  });
});

describe('store: captures and the capture bar', () => {
  it('a file that starts being read takes the bar; finished jobs from a list do not', () => {
    const store = createTrackwireStore();
    store.getState().capturesChanged([job('file1', { state: 'done' }), job('live2')]);
    expect(store.getState().shownCaptureId).toBeNull();
    store.getState().capturesChanged([job('file3')]);
    expect(store.getState().shownCaptureId).toBe('file3');
    // Its progress and end keep it there.
    store.getState().capturesChanged([job('file3', { state: 'done', bytesRead: 1746 })]);
    expect(store.getState().shownCaptureId).toBe('file3');
    store.getState().showCapture(null);
    expect(store.getState().shownCaptureId).toBeNull();
    // The same job pushed again does not come back.
    store.getState().capturesChanged([job('file3', { state: 'done', bytesRead: 1746 })]);
    expect(store.getState().shownCaptureId).toBeNull();
    store.getState().showCapture('file1');
    expect(store.getState().shownCaptureId).toBe('file1');
  });

  it('returns no change for a push it already holds', () => {
    const state = { ...initialData, ...reducers.capturesChanged(initialData, [job('file1', { state: 'done' })]) };
    expect(reducers.capturesChanged(state, [state.captures.list[0]!])).toEqual({});
  });
});

/** An engine with capture jobs behind the contract, and its pushes. */
function fakeEngine() {
  const state = { jobs: [] as CaptureJob[], exportReply: { path: '/tmp/x.ndjson', frames: 2, bytes: 300 } as RequestResult<'exportFrames'> };
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: Array<[RequestName, unknown]> = [];
  const api: TrackwireApi = {
    async request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      calls.push([name, arg]);
      const r = (v: unknown) => v as RequestResult<K>;
      const a = (arg ?? {}) as Record<string, unknown>;
      switch (name) {
        case 'getStatus':
          return r(STATUS);
        case 'listFrames':
        case 'listSessions':
        case 'listDevices':
          return r([]);
        case 'listCaptures':
          return r(state.jobs.map((j) => ({ ...j })));
        case 'openCapture':
          return r(job('file1', { source: String(a.path) }));
        case 'startLiveCapture':
          return r(job('live2', { source: a.filter ? `${String(a.device)} (${String(a.filter)})` : String(a.device) }));
        case 'stopLiveCapture':
          return r(job(String(a.id), { state: 'stopped' }));
        case 'exportFrames':
          return r(state.exportReply);
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
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('engine bridge: capture jobs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the jobs at start and merges `capture` pushes', async () => {
    const e = fakeEngine();
    e.state.jobs = [job('file1', { state: 'done', packets: 19, frames: 8 })];
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    expect(e.calls.map((c) => c[0])).toContain('listCaptures');
    expect(ids(store.getState().captures)).toEqual(['file1']);
    e.push({ type: 'capture', job: job('file2', { bytesRead: 500 }) });
    expect(ids(store.getState().captures)).toEqual(['file1', 'file2']);
    expect(store.getState().shownCaptureId).toBe('file2');
    e.push({ type: 'capture', job: job('file2', { state: 'error', bytesRead: 934, stoppedAt: 934, reason: 'cut short' }) });
    expect(store.getState().captures.list[1]).toMatchObject({ state: 'error', stoppedAt: 934 });
    stop();
  });

  it("refreshes a running live capture's counters every second, and stops when it ends", async () => {
    vi.useFakeTimers();
    const e = fakeEngine();
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    const listed = () => e.calls.filter((c) => c[0] === 'listCaptures').length;
    const before = listed();
    // No live capture: nothing is polled.
    await vi.advanceTimersByTimeAsync(3 * LIVE_REFRESH_MS);
    expect(listed()).toBe(before);

    e.state.jobs = [job('live2')];
    e.push({ type: 'capture', job: job('live2') });
    e.state.jobs = [job('live2', { packets: 24, frames: 6 })];
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    expect(listed()).toBe(before + 1);
    expect(store.getState().captures.list[0]).toMatchObject({ packets: 24, frames: 6 });

    e.push({ type: 'capture', job: job('live2', { state: 'stopped', packets: 24, frames: 6, flows: 2 }) });
    const after = listed();
    await vi.advanceTimersByTimeAsync(3 * LIVE_REFRESH_MS);
    expect(listed()).toBe(after);
    stop();
  });
});

describe('commands: captures and exports', () => {
  it('a capture opened here is merged and shown at once', async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    const commands = createCommands(e.api, store);
    store.getState().capturesChanged([job('file7', { state: 'done' })]);
    store.getState().showCapture('file7');
    const opened = await commands.openCapture('/data/x.pcapng');
    expect(e.calls).toContainEqual(['openCapture', { path: '/data/x.pcapng' }]);
    expect(store.getState().shownCaptureId).toBe(opened.id);
    expect(store.getState().captures.list.map((j) => j.id)).toContain(opened.id);
  });

  it('starts a live capture with the filter trimmed (none when empty), and stops it', async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    const commands = createCommands(e.api, store);
    await commands.startLiveCapture('lo', '  tcp port 5023 ');
    expect(e.calls).toContainEqual(['startLiveCapture', { device: 'lo', filter: 'tcp port 5023' }]);
    expect(runningLive(store.getState().captures).map((j) => j.source)).toEqual(['lo (tcp port 5023)']);
    await commands.startLiveCapture('eth0', '   ');
    expect(e.calls).toContainEqual(['startLiveCapture', { device: 'eth0' }]);
    await commands.stopLiveCapture('live2');
    expect(runningLive(store.getState().captures)).toEqual([]);
  });

  it('passes the export request through and returns what was written', async () => {
    const e = fakeEngine();
    const commands = createCommands(e.api, createTrackwireStore());
    expect(await commands.exportFrames({ format: 'ndjson', ids: [1, 2] })).toEqual({ path: '/tmp/x.ndjson', frames: 2, bytes: 300 });
    expect(e.calls).toContainEqual(['exportFrames', { format: 'ndjson', ids: [1, 2] }]);
  });
});

describe('frame selection for exports', () => {
  /** Eight frames pushed (frame 3 and 6 of session s2), nothing filtered. */
  const frames: FrameSummary[] = [frame(1), frame(2), frame(3, { sessionId: 's2' }), frame(4), frame(5), frame(6, { sessionId: 's2' }), frame(7), frame(8)];
  const base = () => {
    const store = createTrackwireStore();
    store.getState().framesAppended(frames, 8);
    return store;
  };

  it('a click selects one frame; Ctrl+click adds and removes; the detail follows the last click', () => {
    const store = base();
    store.getState().selectOnly(2, 1);
    expect(selectedFrameIds(store.getState())).toEqual([2]);
    store.getState().toggleFrameSelected(5, 4);
    store.getState().toggleFrameSelected(1, 0);
    expect(selectedFrameIds(store.getState())).toEqual([1, 2, 5]);
    expect(store.getState().selectedFrameId).toBe(1);
    expect(store.getState().selectedIndex).toBe(0);
    store.getState().toggleFrameSelected(2, 1);
    expect(selectedFrameIds(store.getState())).toEqual([1, 5]);
    store.getState().selectOnly(8, 7);
    expect(selectedFrameIds(store.getState())).toEqual([8]);
    expect(store.getState().multiSelection).toBeNull();
  });

  it('Shift selects the shown frames from the anchor, in either direction', () => {
    const store = base();
    store.getState().selectOnly(2, 1);
    store.getState().extendFrameSelection(8, 7);
    expect(selectedFrameIds(store.getState())).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // The anchor stays where the range started.
    store.getState().extendFrameSelection(1, 0);
    expect(selectedFrameIds(store.getState())).toEqual([1, 2]);
    expect(store.getState().multiSelection).toMatchObject({ anchor: 2, anchorIndex: 1, focus: 1 });
    // Within a filter, only the frames it shows: s1's list is frames 1, 2, 4, 5, 7, 8.
    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    const seq = store.getState().filterSeq;
    store.getState().rowCountLoaded(seq, 6);
    store.getState().rowsLoaded(seq, 0, frames.filter((f) => f.sessionId === 's1'));
    store.getState().selectOnly(1, 0);
    store.getState().extendFrameSelection(8, 5);
    expect(selectedFrameIds(store.getState())).toEqual([1, 2, 4, 5, 7, 8]);
    // Shift+Up from there: the range shrinks towards the anchor.
    store.getState().selectIndex(4, true);
    expect(selectedFrameIds(store.getState())).toEqual([1, 2, 4, 5, 7]);
    expect(store.getState().selectedFrameId).toBe(7);
  });

  it('Ctrl+A selects every frame shown; plain navigation (selectFrame) ends the multi-selection', () => {
    const store = base();
    store.getState().selectAllFrames();
    expect(store.getState().multiSelection).toMatchObject({ all: true });
    expect(selectedCount(store.getState())).toBe(8);
    store.getState().selectFrame(3);
    expect(selectedFrameIds(store.getState())).toEqual([3]);
    expect(selectedCount(store.getState())).toBe(1);
    expect(selectedFrameIds({ selectedFrameId: null, multiSelection: null })).toEqual([]);
  });
});

describe('export scope', () => {
  const input = (patch: Partial<ScopeInput> = {}): ScopeInput => ({ selectedIds: [], allSelected: false, filter: null, displayFilter: null, listTotal: null, totalFrames: 12, ...patch });

  it('offers the selection, the filter and everything, disabling what selects nothing', () => {
    expect(scopeChoices(input()).map((c) => [c.scope, c.label, c.disabled])).toEqual([
      ['selection', 'Selected frames (none selected)', true],
      ['filter', 'Frames shown (no filter set)', true],
      ['all', 'All frames (12 frames)', false],
    ]);
    const withFilter = scopeChoices(input({ selectedIds: [4], filter: { kind: 'session', sessionId: 'file1-1' }, listTotal: 8 }));
    expect(withFilter.map((c) => [c.label, c.count, c.disabled])).toEqual([
      ['Selected frame (1 frame)', 1, false],
      ['Session file1-1 (8 frames)', 8, false],
      ['All frames (12 frames)', 12, false],
    ]);
    // Before the engine counted, it says so.
    expect(scopeChoices(input({ filter: { kind: 'device', deviceId: '123456789012345' } }))[1]!.label).toBe('Device 123456789012345, all its sessions (counting…)');
    // A display filter, alone or with a session.
    expect(scopeChoices(input({ displayFilter: 'type == login', listTotal: 1 }))[1]).toMatchObject({ label: 'display filter "type == login" (1 frame)', count: 1, disabled: false });
    expect(scopeChoices(input({ filter: { kind: 'session', sessionId: 's3' }, displayFilter: 'issue', listTotal: 0 }))[1]!.label).toBe('Session s3 · display filter "issue" (0 frames)');
    // Ctrl+A: the list's rows, counted without listing them.
    expect(scopeChoices(input({ allSelected: true }))[0]!.label).toBe('Selected frames (12 frames)');
    expect(scopeChoices(input({ allSelected: true, displayFilter: 'issue', listTotal: 5 }))[0]).toMatchObject({ label: 'Selected frames (5 frames)', count: 5 });
  });

  it('starts on several selected frames, else the filter, else all', () => {
    expect(defaultScope(input({ selectedIds: [1, 2], filter: { kind: 'session', sessionId: 'tcp-1' } }))).toBe('selection');
    expect(defaultScope(input({ selectedIds: [1], filter: { kind: 'session', sessionId: 'tcp-1' } }))).toBe('filter');
    expect(defaultScope(input({ selectedIds: [1], displayFilter: 'type == login' }))).toBe('filter');
    expect(defaultScope(input({ selectedIds: [1] }))).toBe('all');
    expect(defaultScope(input({ selectedIds: [], allSelected: true }))).toBe('selection');
  });

  it('builds the request: ids, session or device and display filter, or nothing for all', () => {
    const web = { desktop: false, path: '' };
    const full = input({ selectedIds: [2, 5], filter: { kind: 'device', deviceId: '123456789012345' } });
    expect(exportRequest('pcapng', 'selection', full, web)).toEqual({ format: 'pcapng', ids: [2, 5] });
    expect(exportRequest('csv', 'filter', full, web)).toEqual({ format: 'csv', deviceId: '123456789012345' });
    expect(exportRequest('json', 'filter', input({ filter: { kind: 'session', sessionId: 'file1-1' } }), web)).toEqual({ format: 'json', sessionId: 'file1-1' });
    expect(exportRequest('json', 'filter', input({ filter: { kind: 'session', sessionId: 'file1-1' }, displayFilter: 'type == login' }), web)).toEqual({ format: 'json', sessionId: 'file1-1', filter: 'type == login' });
    expect(exportRequest('ndjson', 'filter', input({ displayFilter: 'issue' }), web)).toEqual({ format: 'ndjson', filter: 'issue' });
    expect(exportRequest('ndjson', 'all', full, web)).toEqual({ format: 'ndjson' });
    expect(exportRequest('ndjson', 'selection', input(), web)).toBeNull();
    expect(exportRequest('ndjson', 'filter', input(), web)).toBeNull();
    // Ctrl+A: the list's frames, by its filters (no million ids).
    expect(exportRequest('csv', 'selection', input({ allSelected: true }), web)).toEqual({ format: 'csv' });
    expect(exportRequest('csv', 'selection', input({ allSelected: true, filter: { kind: 'session', sessionId: 's3' }, displayFilter: 'issue' }), web)).toEqual({ format: 'csv', sessionId: 's3', filter: 'issue' });
  });

  it('desktop asks with the save dialog (path null); web sends a typed path or none', () => {
    expect(exportRequest('pcapng', 'all', input(), { desktop: true, path: '' })).toEqual({ format: 'pcapng', path: null });
    expect(exportRequest('pcapng', 'all', input(), { desktop: false, path: '  /tmp/out.pcapng ' })).toEqual({ format: 'pcapng', path: '/tmp/out.pcapng' });
    expect(exportRequest('pcapng', 'all', input(), { desktop: false, path: '   ' })).toEqual({ format: 'pcapng' });
  });

  it('follows the format in a typed path and describes the result', () => {
    expect(withExtension('/tmp/out.ndjson', 'pcapng')).toBe('/tmp/out.pcapng');
    expect(withExtension('/tmp/out.JSON', 'csv')).toBe('/tmp/out.csv');
    expect(withExtension('/tmp/out.txt', 'csv')).toBe('/tmp/out.txt');
    expect(withExtension('', 'csv')).toBe('');
    expect(resultText({ frames: 8, bytes: 2150 })).toBe('Wrote 8 frames · 2.1 KiB');
    expect(resultText({ frames: 1, bytes: 90 })).toBe('Wrote 1 frame · 90 B');
  });
});

describe('capture texts', () => {
  it('progress, counts and the summary', () => {
    const reading = job('file1', { bytesRead: 873, packets: 9, frames: 4 });
    expect(progressText(reading)).toBe('50% · 873 B of 1.7 KiB');
    expect(countsText(reading)).toBe('9 packets · 4 frames');
    expect(readingText(reading)).toBe('50% · 873 B of 1.7 KiB · 9 packets · 4 frames');
    // The engine counts packets only at the end: until then, frames alone.
    expect(readingText({ ...reading, packets: 0, frames: 1 })).toBe('50% · 873 B of 1.7 KiB · 1 frame');
    expect(fileHeadline(reading)).toBe('Reading gt06-session.pcap');
    const done = job('file1', { state: 'done', bytesRead: 1746, packets: 19, frames: 8, flows: 1 });
    expect(fileHeadline(done)).toBe('gt06-session.pcap: loaded');
    expect(summaryItems(done).map((i) => i.text)).toEqual(['19 packets', '8 frames', '1 flow', 'no gaps']);
    const gaps = summaryItems({ ...done, gaps: 2, missingBytes: 1460 });
    expect(gaps[3]).toEqual({ key: 'gaps', text: '2 gaps (1,460 bytes missing)', warn: true });
    expect(fileHeadline(job('file1', { state: 'cancelled', bytesRead: 873 }))).toBe('gt06-session.pcap: cancelled at 50% · 873 B of 1.7 KiB — the frames read so far stay');
  });

  it('a damaged file says where it stopped and that everything before it was loaded', () => {
    expect(stoppedWarning(job('file1', { state: 'done' }))).toBeNull();
    // A cancel is no damage: the headline says it.
    expect(stoppedWarning(job('file1', { state: 'cancelled', stoppedAt: 8_388_608, reason: 'cancelled' }))).toBeNull();
    expect(stoppedWarning(job('file1', { state: 'error', stoppedAt: 1234, reason: 'the file ends inside a packet record' }))).toBe(
      'stopped at byte 1,234: the file ends inside a packet record — everything before it was loaded',
    );
  });

  it('flows that are not tracker traffic, and where a session comes from', () => {
    const flow = { flow: '10.0.0.7:40112 → 10.0.0.1:80', transport: 'tcp' as const, packets: 12, bytes: 3500, firstBytesHex: '474554' };
    expect(nonTrackerText(flow)).toBe('TCP 10.0.0.7:40112 → 10.0.0.1:80 · 12 packets · 3.4 KiB');
    expect(nonTrackerTitle({ nonTrackerFlows: [flow] })).toBe('1 flow is not tracker traffic');
    expect(nonTrackerTitle({ nonTrackerFlows: Array(100).fill(flow) })).toBe('100 flows are not tracker traffic (the first 100 listed)');
    expect(captureOfSession('file2-13')).toBe('file2');
    expect(captureOfSession('live5-1')).toBe('live5');
    expect(captureOfSession('tcp-4')).toBeNull();
  });

  it('offers the last interface used, else the first with an address', () => {
    const list = [
      { name: 'any', description: 'all', addresses: [] },
      { name: 'eth0', description: '', addresses: ['192.0.2.2'] },
      { name: 'lo', description: '', addresses: ['127.0.0.1'] },
    ];
    expect(defaultInterface(list, '')).toBe('eth0');
    expect(defaultInterface(list, 'lo')).toBe('lo');
    expect(defaultInterface(list, 'wlan0')).toBe('eth0');
    expect(defaultInterface([], '')).toBe('');
  });
});

describe('shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

  it('Ctrl+O opens, Ctrl+K the live dialog, Ctrl+E starts or stops, Ctrl+Shift+E exports (Cmd on macOS)', () => {
    expect(shortcutFor(key('o', { ctrlKey: true }))).toBe('open-capture');
    expect(shortcutFor(key('o', { metaKey: true }))).toBe('open-capture');
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBe('live-capture');
    expect(shortcutFor(key('e', { ctrlKey: true }))).toBe('toggle-live');
    expect(shortcutFor(key('E', { ctrlKey: true, shiftKey: true }))).toBe('export');
    expect(shortcutFor(key('o'))).toBeNull();
    expect(shortcutFor(key('o', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('O', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});

describe('web client: capture pushes', () => {
  it('relays `capture` pushes and replays the jobs after (re)connecting', async () => {
    const jobs = [job('file1', { state: 'done' })];
    const sockets: Array<{ onopen: ((e: unknown) => void) | null; onmessage: ((e: { data: unknown }) => void) | null; onclose: ((e: unknown) => void) | null; onerror: ((e: unknown) => void) | null; close(): void }> = [];
    const client = createWebClient({
      location: { protocol: 'http:', host: '127.0.0.1:1', search: '?token=t' },
      async fetch(url) {
        const value = url.endsWith('/listCaptures') ? jobs : url.endsWith('/getStatus') ? STATUS : [];
        return { ok: true, status: 200, text: async () => JSON.stringify(value) };
      },
      openSocket() {
        const s = { onopen: null, onmessage: null, onclose: null, onerror: null, close() {} };
        sockets.push(s);
        return s as unknown as SocketLike;
      },
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    const events: EngineEvent[] = [];
    client.onEvent((e) => events.push(e));
    await settle();
    sockets[0]!.onopen?.({});
    await new Promise((r) => setTimeout(r, 0));
    expect(events.filter((e) => e.type === 'capture')).toEqual([{ type: 'capture', job: jobs[0] }]);
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'capture', job: job('file2') }) });
    expect(events[events.length - 1]).toEqual({ type: 'capture', job: job('file2') });
    client.close();
  });

  it('knows the contract event types and nothing else', () => {
    expect(isEngineEvent({ type: 'capture', job: job('file1') })).toBe(true);
    expect(isEngineEvent({ type: 'frames', frames: [] })).toBe(true);
    expect(isEngineEvent({ type: 'toString' })).toBe(false);
    expect(isEngineEvent({ type: 'unknown' })).toBe(false);
    expect(isEngineEvent(null)).toBe(false);
    expect(isEngineEvent('capture')).toBe(false);
  });
});
