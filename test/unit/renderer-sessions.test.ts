import { describe, expect, it } from 'vitest';
import type { DeviceInfo, EngineEvent, FrameSummary, RequestArg, RequestName, RequestResult, SessionInfo, TrackwireApi } from '../../src-main/api/contract';
import { ApiError, type ConnectionState } from '../../src-renderer/api/webClient';
import { createCommands } from '../../src-renderer/app/commands';
import { FILTER_REFRESH_MS, startEngineBridge } from '../../src-renderer/app/engineBridge';
import { createTrackwireStore, initialData, isListFiltered, reducers, type TrackwireData } from '../../src-renderer/app/store';
import { freshRows, PAGE_SIZE, placeRows } from '../../src-renderer/features/frames/rows';
import { bytesText, formatAge, formatBytes, formatCount, framesText, parseDelay, responderText } from '../../src-renderer/features/sessions/format';
import {
  EMPTY_KEYED,
  capSessions,
  devicesAfterList,
  devicesAfterSessions,
  mergeSessions,
  sessionOrdinal,
  type Keyed,
} from '../../src-renderer/features/sessions/model';
import { limitEventsTexts, recorderCounts, stoppedText } from '../../src-renderer/features/status/format';
import { STATUS, device, frame, session } from './renderer-fixtures';

const IMEI = '0123456789012345';
const OTHER = '864717003283581';

const ids = (k: Keyed<{ id: string }>) => k.list.map((s) => s.id);
const keyed = (sessions: SessionInfo[]) => mergeSessions(EMPTY_KEYED, sessions);

describe('merging sessions by id', () => {
  it('adds new sessions oldest first and replaces known ones in place', () => {
    const a = keyed([session(2), session(1)]);
    expect(ids(a)).toEqual(['tcp-1', 'tcp-2']);
    const b = mergeSessions(a, [session(2, { framesUp: 5, lastSeen: session(2).lastSeen + 10 }), session(3)]);
    expect(ids(b)).toEqual(['tcp-1', 'tcp-2', 'tcp-3']);
    expect(b.list[1]!.framesUp).toBe(5);
    expect(b.index.get('tcp-3')).toBe(2);
    // The list it came from is untouched.
    expect(a.list[1]!.framesUp).toBe(1);
  });

  it('returns the same object when nothing changed', () => {
    const a = keyed([session(1), session(2)]);
    expect(mergeSessions(a, [])).toBe(a);
    expect(mergeSessions(a, [a.list[0]!])).toBe(a);
  });

  it('sorts a session that arrives out of order and reindexes', () => {
    const a = keyed([session(1), session(3)]);
    const b = mergeSessions(a, [session(2)]);
    expect(ids(b)).toEqual(['tcp-1', 'tcp-2', 'tcp-3']);
    expect([...b.index.entries()]).toEqual([
      ['tcp-1', 0],
      ['tcp-2', 1],
      ['tcp-3', 2],
    ]);
  });

  it('orders sessions opened in the same millisecond by the engine counter', () => {
    const t = Date.UTC(2025, 0, 1);
    const a = keyed([session(10, { id: 'udp-10', openedAt: t }), session(9, { id: 'tcp-9', openedAt: t })]);
    expect(ids(a)).toEqual(['tcp-9', 'udp-10']);
    expect(sessionOrdinal('udp-10')).toBe(10);
  });

  it('does not let a late full list undo newer pushes', () => {
    const open = session(1, { framesUp: 3, lastSeen: session(1).lastSeen + 50 });
    const closed = { ...open, state: 'closed' as const, closedAt: open.lastSeen + 5, closeReason: 'device closed the connection' };
    const a = keyed([closed]);
    // The full list was made before the close reached the renderer.
    expect(mergeSessions(a, [open])).toBe(a);
    expect(mergeSessions(a, [session(1)])).toBe(a);
    // A responder change alone (same counters) is applied.
    const b = mergeSessions(a, [{ ...closed, responder: { mode: 'silent' } }]);
    expect(b.list[0]!.responder).toEqual({ mode: 'silent' });
  });

  it('drops the oldest closed sessions beyond the cap, never open ones', () => {
    const list = [session(1, { state: 'closed' }), session(2), session(3, { state: 'closed' }), session(4, { state: 'closed' }), session(5)];
    const capped = capSessions(keyed(list), 3);
    expect(ids(capped)).toEqual(['tcp-2', 'tcp-4', 'tcp-5']);
    expect(capped.index.get('tcp-5')).toBe(2);
  });
});

describe('devices from sessions', () => {
  it('groups sessions by device id across reconnects', () => {
    const first = session(1, { state: 'closed', closedAt: 1, framesUp: 3, framesDown: 2 });
    const second = session(4, { framesUp: 1, framesDown: 1, lastSeen: first.lastSeen + 1000 });
    const other = session(2, { deviceId: OTHER });
    const anonymous = session(3, { deviceId: null });
    const sessions = keyed([first, second, other, anonymous]);
    const devices = devicesAfterSessions(EMPTY_KEYED, [first, other, anonymous, second], sessions);
    expect(devices.list.map((d) => d.deviceId)).toEqual([IMEI, OTHER]);
    const d = devices.list[0]!;
    expect(d.sessions).toEqual(['tcp-1', 'tcp-4']);
    expect(d.online).toBe(true);
    expect(d.frames).toBe(7);
    expect(d.lastSeen).toBe(second.lastSeen);
    expect(d.firstSeen).toBe(first.openedAt);
  });

  it('goes offline when its last session closes', () => {
    const s1 = session(1);
    const sessions = keyed([s1]);
    const devices = devicesAfterSessions(EMPTY_KEYED, [s1], sessions);
    expect(devices.list[0]!.online).toBe(true);
    const closed = { ...s1, state: 'closed' as const, closedAt: s1.lastSeen };
    const after = devicesAfterSessions(devices, [closed], mergeSessions(sessions, [closed]));
    expect(after.list[0]!.online).toBe(false);
    expect(after.list[0]!.sessions).toEqual(['tcp-1']);
  });

  it('leaves devices alone when no changed session has a device id', () => {
    const devices = devicesAfterSessions(EMPTY_KEYED, [session(1)], keyed([session(1)]));
    expect(devicesAfterSessions(devices, [session(2, { deviceId: null })], keyed([session(1), session(2, { deviceId: null })]))).toBe(devices);
  });

  it('merges the engine device list with the sessions held; counts never go down', () => {
    const sessions = keyed([session(7, { framesUp: 2, framesDown: 2 })]);
    // The engine also counts frames of a session the renderer no longer holds (tcp-1).
    const listed = [device(IMEI, ['tcp-1', 'tcp-7'], { frames: 9, online: true }), device(OTHER, ['tcp-3'], { frames: 4, online: false })];
    const devices = devicesAfterList(EMPTY_KEYED, listed, sessions);
    expect(devices.list.map((d) => [d.deviceId, d.sessions, d.frames, d.online])).toEqual([
      [IMEI, ['tcp-1', 'tcp-7'], 9, true],
      [OTHER, ['tcp-3'], 4, false],
    ]);
    const grown = session(7, { framesUp: 20, framesDown: 2 });
    const after = devicesAfterSessions(devices, [grown], mergeSessions(sessions, [grown]));
    expect(after.list[0]!.frames).toBe(22);
  });
});

describe('store: sessions and the frame filter', () => {
  const frames: FrameSummary[] = [
    frame(1, { sessionId: 'tcp-1' }),
    frame(2, { sessionId: 'tcp-1', direction: 'down' }),
    frame(3, { sessionId: 'tcp-2', deviceId: OTHER }),
    frame(4, { sessionId: 'tcp-2', deviceId: OTHER, direction: 'down' }),
  ];
  const base = (): TrackwireData => {
    const held = [session(1), session(2, { deviceId: OTHER })];
    const sessions = keyed(held);
    return { ...initialData, frameTotal: frames.length, rows: placeRows(freshRows(frames.length, true), 0, frames, 0), sessions, devices: devicesAfterSessions(EMPTY_KEYED, held, sessions) };
  };

  it('a sessions push merges by id and keeps the devices in step', () => {
    const store = createTrackwireStore();
    store.getState().sessionsChanged([session(1), session(2, { deviceId: OTHER })]);
    expect(ids(store.getState().sessions)).toEqual(['tcp-1', 'tcp-2']);
    expect(store.getState().devices.list.map((d) => d.deviceId)).toEqual([IMEI, OTHER]);
    const before = store.getState().sessions;
    store.getState().sessionsChanged([session(2, { deviceId: OTHER, framesUp: 4, lastSeen: session(2).lastSeen + 1 })]);
    expect(store.getState().sessions.list[1]!.framesUp).toBe(4);
    expect(store.getState().sessions.list[0]).toBe(before.list[0]);
    expect(store.getState().devices.list[1]!.frames).toBe(5);
  });

  it('setting a filter starts a new list whose count comes from the engine; its pages come for the rows on screen', () => {
    const s = { ...base(), selectedFrameId: 2, selectedIndex: 1, viewport: { first: 0, end: 4 } };
    const patch = reducers.setFilter(s, { kind: 'session', sessionId: 'tcp-2' });
    expect(patch.filterSeq).toBe(1);
    expect(patch.rows).toEqual({ total: 0, known: false, pages: new Map() });
    // Where the selected frame sits in the new list is the engine's to say.
    expect(patch.selectedIndex).toBeNull();
    expect(patch.viewport).toEqual({ first: 0, end: 0 });
    const next = { ...s, ...patch };
    expect(isListFiltered(next)).toBe(true);
    expect(reducers.setFilter(next, { kind: 'session', sessionId: 'tcp-2' })).toEqual({});
    // Cleared: every frame again, counted at once; the selected frame is row id − 1.
    const cleared = { ...next, ...reducers.setFilter(next, null) };
    expect(cleared.filter).toBeNull();
    expect(cleared.filterSeq).toBe(2);
    expect(cleared.rows).toMatchObject({ total: 4, known: true });
    expect(cleared.selectedIndex).toBe(1);
  });

  it('new frames under a filter are left to the engine: the frame count grows, the rows wait for its recount', () => {
    const s = { ...base(), ...reducers.setFilter(base(), { kind: 'device', deviceId: IMEI }) };
    const listed = { ...s, ...reducers.rowCountLoaded(s, s.filterSeq, 2) };
    const withRows = { ...listed, ...reducers.rowsLoaded(listed, s.filterSeq, 0, frames.slice(0, 2)) };
    const patch = reducers.framesAppended(withRows, [frame(5, { sessionId: 'tcp-2', deviceId: OTHER }), frame(6, { sessionId: 'tcp-1', deviceId: null })], 6);
    expect(patch).toEqual({ frameTotal: 6 });
  });

  it("the engine's count and pages land in the list; answers for an earlier filter are dropped", () => {
    const s = { ...base(), ...reducers.setFilter(base(), { kind: 'session', sessionId: 'tcp-1' }) };
    const older = [frame(8, { sessionId: 'tcp-1' })];
    expect(reducers.rowsLoaded(s, s.filterSeq - 1, 0, older)).toEqual({});
    expect(reducers.rowCountLoaded(s, s.filterSeq - 1, 9)).toEqual({});
    const counted = { ...s, ...reducers.rowCountLoaded(s, s.filterSeq, 3) };
    expect(counted.rows).toMatchObject({ total: 3, known: true });
    expect(reducers.rowCountLoaded(counted, s.filterSeq, 3)).toEqual({});
    const paged = [frame(1, { sessionId: 'tcp-1' }), frame(2, { sessionId: 'tcp-1' }), frame(9, { sessionId: 'tcp-1' })];
    const loaded = { ...counted, ...reducers.rowsLoaded(counted, s.filterSeq, 0, paged) };
    expect(loaded.rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 2, 9]);
    expect(loaded.rows.total).toBe(3);
    // A recount that grows keeps the rows held (the short last page is fetched again).
    const grown = { ...loaded, ...reducers.rowCountLoaded(loaded, s.filterSeq, 4) };
    expect(grown.rows.total).toBe(4);
    expect(grown.rows.pages.get(0)).toBe(loaded.rows.pages.get(0));
  });

  it("a device's new session: sessions and devices follow at once, the device's rows are the engine's to recount", () => {
    const s = { ...base(), ...reducers.setFilter(base(), { kind: 'device', deviceId: IMEI }) };
    // The session learns its device id (its login) after its first frame was listed.
    const patch = reducers.sessionsChanged(s, [session(5)]);
    expect(patch.devices?.list[0]!.sessions).toEqual(['tcp-1', 'tcp-5']);
    expect(ids(patch.sessions!)).toEqual(['tcp-1', 'tcp-2', 'tcp-5']);
    expect(patch.rows).toBeUndefined();
  });
});

/** An engine behind the contract with sessions, devices and frame filters. */
function fakeEngine() {
  const state = {
    frames: [frame(1, { sessionId: 'tcp-1' }), frame(2, { sessionId: 'tcp-2', deviceId: OTHER }), frame(3, { sessionId: 'tcp-1' })] as FrameSummary[],
    sessions: [session(1), session(2, { deviceId: OTHER })] as SessionInfo[],
    devices: [device(IMEI, ['tcp-1']), device(OTHER, ['tcp-2'])] as DeviceInfo[],
    fail: null as Error | null,
  };
  const listeners = new Set<(e: EngineEvent) => void>();
  const connection = new Set<(s: ConnectionState) => void>();
  const calls: Array<[RequestName, unknown]> = [];
  const select = (a: { sessionId?: string; deviceId?: string }) =>
    state.frames.filter((f) => (a.sessionId ? f.sessionId === a.sessionId : a.deviceId ? state.devices.find((d) => d.deviceId === a.deviceId)?.sessions.includes(f.sessionId) : true));
  const api: TrackwireApi & { onConnection(l: (s: ConnectionState) => void): () => void } = {
    async request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      calls.push([name, arg]);
      if (state.fail) throw state.fail;
      const r = (v: unknown) => v as RequestResult<K>;
      const a = (arg ?? {}) as Record<string, unknown>;
      switch (name) {
        case 'getStatus':
          return r({ ...STATUS, frameCount: state.frames.length });
        case 'listSessions':
          return r(state.sessions);
        case 'listDevices':
          return r(state.devices);
        case 'countFrames':
          return r(select(a).length);
        case 'listFrames':
          return r(select(a).slice((a.from as number) - 1, (a.from as number) - 1 + (a.count as number)));
        case 'setResponder':
          return r(a.mode === null ? null : a.mode === 'delay' ? { mode: a.mode, delayMs: a.delayMs } : { mode: a.mode });
        case 'setSessionProtocol':
          return r({ sessionId: a.sessionId, protocol: a.protocol });
        default:
          return r(null);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connection.add(listener);
      listener({ kind: 'connected' });
      return () => connection.delete(listener);
    },
  };
  return {
    api,
    state,
    calls,
    push: (e: EngineEvent) => listeners.forEach((l) => l(e)),
    connection: (s: ConnectionState) => connection.forEach((l) => l(s)),
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('engine bridge: sessions, devices, filters', () => {
  it('loads sessions and devices at start and merges sessions pushes', async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    startEngineBridge(e.api, store);
    await settle();
    expect(ids(store.getState().sessions)).toEqual(['tcp-1', 'tcp-2']);
    expect(store.getState().devices.list.map((d) => d.deviceId)).toEqual([IMEI, OTHER]);
    e.push({ type: 'sessions', sessions: [session(3, { deviceId: OTHER })] });
    expect(ids(store.getState().sessions)).toEqual(['tcp-1', 'tcp-2', 'tcp-3']);
    expect(store.getState().devices.list[1]!.sessions).toEqual(['tcp-2', 'tcp-3']);
  });

  it("a filter: the engine's count, then the pages on screen with the filter", async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    startEngineBridge(e.api, store);
    await settle();
    e.calls.length = 0;
    store.getState().setFilter({ kind: 'device', deviceId: IMEI });
    store.getState().showRows(0, 2);
    await settle();
    expect(e.calls).toEqual([
      ['countFrames', { deviceId: IMEI }],
      ['listFrames', { deviceId: IMEI, from: 1, count: PAGE_SIZE }],
    ]);
    expect(store.getState().rows.total).toBe(2);
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 3]);
    // Cleared: no count to ask for; the rows shown are every frame's.
    e.calls.length = 0;
    store.getState().setFilter(null);
    expect(store.getState().rows).toMatchObject({ total: 3, known: true });
    store.getState().showRows(0, 3);
    await settle();
    expect(e.calls).toEqual([['listFrames', { from: 1, count: PAGE_SIZE }]]);
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 2, 3]);
  });

  it("a device's new session: the device's list is recounted and its rows fetched again", async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    const stop = startEngineBridge(e.api, store);
    await settle();
    store.getState().setFilter({ kind: 'device', deviceId: IMEI });
    store.getState().showRows(0, 2);
    await settle();
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 3]);
    // The device reconnects: a frame before its login, then the login; the engine pushes both
    // and the session that now names the device.
    const more = [frame(4, { sessionId: 'tcp-5', deviceId: null }), frame(5, { sessionId: 'tcp-5' })];
    e.state.frames.push(...more);
    e.state.devices = [device(IMEI, ['tcp-1', 'tcp-5']), device(OTHER, ['tcp-2'])];
    e.state.sessions.push(session(5));
    e.calls.length = 0;
    e.push({ type: 'frames', frames: more, total: 5 });
    e.push({ type: 'sessions', sessions: [session(5)] });
    await settle();
    expect(e.calls).toEqual([]);
    await new Promise((r) => setTimeout(r, FILTER_REFRESH_MS + 100));
    await settle();
    expect(e.calls).toEqual([
      ['countFrames', { deviceId: IMEI }],
      ['listFrames', { deviceId: IMEI, from: 1, count: PAGE_SIZE }],
    ]);
    expect(store.getState().rows.total).toBe(4);
    expect(store.getState().rows.pages.get(0)!.map((f) => f.id)).toEqual([1, 3, 4, 5]);
    expect(store.getState().devices.list[0]!.sessions).toEqual(['tcp-1', 'tcp-5']);
    stop();
  });

  it('fetches the devices again after a reconnect', async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    startEngineBridge(e.api, store);
    await settle();
    e.state.devices = [device(IMEI, ['tcp-1', 'tcp-4'], { frames: 12 }), device(OTHER, ['tcp-2'])];
    e.calls.length = 0;
    e.connection({ kind: 'unreachable', message: 'down', retryInMs: 500 });
    e.connection({ kind: 'connected' });
    await settle();
    expect(e.calls.map((c) => c[0])).toEqual(['listDevices']);
    expect(store.getState().devices.list[0]!.sessions).toEqual(['tcp-1', 'tcp-4']);
    expect(store.getState().devices.list[0]!.frames).toBe(12);
  });
});

describe('commands', () => {
  it("a session's responder is applied to the session as soon as the engine answers", async () => {
    const e = fakeEngine();
    const store = createTrackwireStore();
    store.getState().sessionsChanged(e.state.sessions);
    const commands = createCommands(e.api, store);
    await commands.setResponder('tcp-1', 'silent');
    expect(e.calls).toContainEqual(['setResponder', { sessionId: 'tcp-1', mode: 'silent' }]);
    expect(store.getState().sessions.list[0]!.responder).toEqual({ mode: 'silent' });
    await commands.setResponder('tcp-1', 'delay', 1500);
    expect(e.calls).toContainEqual(['setResponder', { sessionId: 'tcp-1', mode: 'delay', delayMs: 1500 }]);
    expect(store.getState().sessions.list[0]!.responder).toEqual({ mode: 'delay', delayMs: 1500 });
    await commands.setResponder('tcp-1', null);
    expect(store.getState().sessions.list[0]!.responder).toBeNull();
  });

  it('the global responder lands in the status; decode-as in the session', async () => {
    const e = fakeEngine();
    const store = createTrackwireStore({ status: STATUS });
    store.getState().sessionsChanged(e.state.sessions);
    const commands = createCommands(e.api, store);
    await commands.setResponder(undefined, 'corrupt');
    expect(e.calls).toContainEqual(['setResponder', { sessionId: undefined, mode: 'corrupt' }]);
    expect(store.getState().status?.responder).toEqual({ mode: 'corrupt' });
    await commands.decodeAs('tcp-2', 'h02');
    expect(store.getState().sessions.list[1]).toMatchObject({ protocol: 'h02', protocolForced: true });
    await commands.decodeAs('tcp-2', null);
    expect(store.getState().sessions.list[1]).toMatchObject({ protocol: null, protocolForced: false });
  });

  it('a refused request becomes the error banner and rejects', async () => {
    const e = fakeEngine();
    e.state.fail = new ApiError("no live session 'tcp-9' (it may have closed)", 400);
    const store = createTrackwireStore();
    await expect(createCommands(e.api, store).decodeAs('tcp-9', 'gt06')).rejects.toThrow('no live session');
    expect(store.getState().banner).toMatchObject({ kind: 'error' });
    expect(store.getState().banner?.message).toContain("no live session 'tcp-9'");
  });
});

describe('sessions and status bar texts', () => {
  it('formats counts, bytes and ages', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MiB');
    const now = Date.UTC(2025, 0, 2);
    expect(formatAge(now - 200, now)).toBe('now');
    expect(formatAge(now - 12_000, now)).toBe('12 s');
    expect(formatAge(now - 4 * 60_000, now)).toBe('4 min');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 h');
    expect(framesText(session(1, { framesUp: 1200, framesDown: 3 }))).toBe('↑1,200 ↓3');
    expect(bytesText(session(1))).toBe('↑18 B ↓10 B');
  });

  it('names responder settings and checks typed delays', () => {
    expect(responderText({ mode: 'answer' })).toBe('Answer');
    expect(responderText({ mode: 'delay', delayMs: 1500 })).toBe('Delay 1,500 ms');
    expect(responderText({ mode: 'corrupt' })).toBe('Corrupt checksum');
    expect(parseDelay('250')).toBe(250);
    expect(parseDelay(' 0 ')).toBe(0);
    expect(parseDelay('600001')).toBeNull();
    expect(parseDelay('-5')).toBeNull();
    expect(parseDelay('1.5')).toBeNull();
    expect(parseDelay('')).toBeNull();
  });

  it('shows only the limits that did something', () => {
    expect(limitEventsTexts(STATUS)).toEqual([]);
    const texts = limitEventsTexts({
      limits: STATUS.limits,
      limitEvents: { rejectedConnections: 3, droppedBytes: 70_000, oversizedDatagrams: 1, idleClosed: 2 },
    });
    expect(texts).toEqual([
      '3 connections refused (limit 10,000)',
      '70,000 bytes dropped (limit 65,536 unframed bytes held)',
      '1 oversized datagram cut (limit 65,507 bytes)',
      '2 idle sessions closed (after 0 s)',
    ]);
  });

  it('describes the recording', () => {
    expect(recorderCounts(STATUS.recorder)).toBe('2 packets · 132 B');
    expect(recorderCounts({ ...STATUS.recorder, packets: 1 })).toBe('1 packet · 132 B');
    expect(stoppedText('disk full (ENOSPC)')).toBe('Recording stopped: disk full (ENOSPC)');
    expect(stoppedText('Recording stopped: folder not writable')).toBe('Recording stopped: folder not writable');
    expect(stoppedText(undefined)).toBe('Recording stopped');
  });
});
