/**
 * Find (Ctrl+F), Go to / reveal (locateFrame), capped pushes and filtered exports on a real
 * engine: two GT06 devices send corpus frames over TCP on 127.0.0.1 and the engine answers
 * each one, so the list is
 *
 *    1 tcp-1 up   login          IMEI 864717003283581        (Gt06ProtocolDecoderTest.java:17)
 *    2 tcp-1 down login ack
 *    3 tcp-1 up   location       54.94535, 24.01762 0 km/h   (:489)
 *    4 tcp-1 down location ack
 *    5 tcp-1 up   heartbeat      heartbeat alarm geofenceEnter (:131)
 *    6 tcp-1 down heartbeat ack
 *    7 tcp-1 up   location       20.02037, 110.36033 44 km/h (:628)
 *    8 tcp-1 down location ack
 *    9 tcp-2 up   login          IMEI 123456789012345        (:477)
 *   10 tcp-2 down login ack
 *   11 tcp-2 up   heartbeat      heartbeat                   (:483)
 *   12 tcp-2 down heartbeat ack
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, FindMode } from '../../src-main/api/contract';
import { Engine, MAX_PUSHED_FRAMES } from '../../src-main/engine/engine';
import { loadCorpus, wireHex } from '../helpers/corpus';
import { tcpClient, waitFor } from '../helpers/net';

const corpus = (source: string) => wireHex(loadCorpus('gt06').find((f) => f.source === source)!);
const LOGIN_A = corpus('Gt06ProtocolDecoderTest.java:17');
const LOCATION = corpus('Gt06ProtocolDecoderTest.java:489');
const HEARTBEAT_A = corpus('Gt06ProtocolDecoderTest.java:131');
const LOCATION_22 = corpus('Gt06ProtocolDecoderTest.java:628');
const LOGIN_B = corpus('Gt06ProtocolDecoderTest.java:477');
const HEARTBEAT_B = corpus('Gt06ProtocolDecoderTest.java:483');
const IMEI_A = '864717003283581';

let engine: Engine;
let port: number;

beforeEach(async () => {
  engine = new Engine();
  const ls = await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }] });
  port = ls[0]!.port;
});
afterEach(() => engine.stop());

/** The two devices' sessions above, one frame at a time (each answered before the next). */
async function twoDevices(): Promise<void> {
  let n = 0;
  for (const frames of [[LOGIN_A, LOCATION, HEARTBEAT_A, LOCATION_22], [LOGIN_B, HEARTBEAT_B]]) {
    const c = await tcpClient(port);
    for (const hex of frames) {
      await c.write(hex);
      n += 2;
      await waitFor(() => engine.frames.count >= n, 2000, `frame ${n} and its answer`);
    }
    await c.close();
  }
  const list = await engine.handle('listFrames', { from: 1, count: 100 });
  expect(list.map((f) => `${f.id} ${f.sessionId} ${f.direction} ${f.messageType}`)).toEqual([
    '1 tcp-1 up login',
    '2 tcp-1 down login ack',
    '3 tcp-1 up location',
    '4 tcp-1 down location ack',
    '5 tcp-1 up heartbeat',
    '6 tcp-1 down heartbeat ack',
    '7 tcp-1 up location',
    '8 tcp-1 down location ack',
    '9 tcp-2 up login',
    '10 tcp-2 down login ack',
    '11 tcp-2 up heartbeat',
    '12 tcp-2 down heartbeat ack',
  ]);
}

const find = (mode: FindMode, query: string, from: number, more: { backwards?: boolean; sessionId?: string; deviceId?: string; filter?: string } = {}) =>
  engine.handle('findFrame', { mode, query, from, ...more });

describe('findFrame', () => {
  it('text: in the protocol, type, device, source and summary columns, ignoring case; forwards, backwards, wrapping around', async () => {
    await twoDevices();
    // From nothing selected: the first match.
    expect(await find('text', 'heartbeat', 0)).toBe(5);
    // "heartbeat ack" matches too.
    expect(await find('text', 'HeartBeat', 5)).toBe(6);
    expect(await find('text', 'heartbeat', 6)).toBe(11);
    // Past the last match: around to the first.
    expect(await find('text', 'heartbeat', 12)).toBe(5);
    expect(await find('text', 'heartbeat', 11, { backwards: true })).toBe(6);
    // Before the first match backwards: around to the last.
    expect(await find('text', 'heartbeat', 5, { backwards: true })).toBe(12);
    expect(await find('text', 'heartbeat', Number.MAX_SAFE_INTEGER, { backwards: true })).toBe(12);
    // The summary, and the device column.
    expect(await find('text', 'geofenceenter', 0)).toBe(5);
    expect(await find('text', 'imei 1234', 0)).toBe(9);
    expect(await find('text', '123456789012345', 1)).toBe(9);
    // The only match is the frame searched from: found again after wrapping around.
    expect(await find('text', 'geofence', 5)).toBe(5);
    expect(await find('text', 'teltonika', 0)).toBeNull();
  });

  it('hex: bytes anywhere in the frame, written with or without spaces, colons or 0x', async () => {
    await twoDevices();
    // Length 0x0a, protocol number 0x13: the two heartbeats (their answers are 78 78 05 13).
    expect(await find('hex', '0a 13', 0)).toBe(5);
    expect(await find('hex', '0A13', 5)).toBe(11);
    expect(await find('hex', '0x0a 0x13', 11)).toBe(5);
    expect(await find('hex', '0a:13', 5, { backwards: true })).toBe(11);
    // The login answers: 78 78 05 01.
    expect(await find('hex', '78 78 05 01', 2)).toBe(10);
    // The IMEI of the first login as BCD.
    expect(await find('hex', '08 64 71 70 03 28 35 81', 1)).toBe(1);
    expect(await find('hex', 'de ad be ef', 0)).toBeNull();
  });

  it('hex that is not whole bytes is refused with how to write it', async () => {
    await twoDevices();
    await expect(find('hex', '7g', 0)).rejects.toThrow("find: '7g' is not hex bytes (e.g. 78 78 or 7878)");
    await expect(find('hex', '787', 0)).rejects.toThrow("find: '787' is not hex bytes");
    await expect(find('text', '   ', 0)).rejects.toThrow('find: type what to look for');
    await expect(engine.handle('findFrame', { mode: 'regex' as FindMode, query: 'x', from: 0 })).rejects.toThrow("find: unknown mode 'regex'");
  });

  it('filter: the frames a display filter keeps', async () => {
    await twoDevices();
    expect(await find('filter', 'type == heartbeat', 0)).toBe(5);
    expect(await find('filter', 'type == heartbeat', 5)).toBe(11);
    expect(await find('filter', 'type == heartbeat', 11)).toBe(5);
    expect(await find('filter', 'type == heartbeat', 11, { backwards: true })).toBe(5);
    expect(await find('filter', 'type == heartbeat', 5, { backwards: true })).toBe(11);
    // Only the first location is north of 54°.
    expect(await find('filter', 'position.lat > 54', 0)).toBe(3);
    expect(await find('filter', 'position.lat > 54', 3)).toBe(3);
    expect(await find('filter', 'position.lat > 90', 0)).toBeNull();
    await expect(find('filter', 'type ==', 0)).rejects.toThrow(/^filter: /);
  });

  it("searches the list's frames only: a session, a device, a display filter", async () => {
    await twoDevices();
    expect(await find('text', 'heartbeat', 0, { sessionId: 'tcp-2' })).toBe(11);
    expect(await find('text', 'heartbeat', 12, { sessionId: 'tcp-2' })).toBe(11);
    // Backwards from before the device's frames: around to its last heartbeat answer.
    expect(await find('text', 'heartbeat', 0, { deviceId: IMEI_A, backwards: true })).toBe(6);
    expect(await find('text', 'heartbeat', 6, { deviceId: IMEI_A })).toBe(5);
    // The uplink frames say nothing of "ack".
    expect(await find('text', 'ack', 0, { filter: 'direction == up' })).toBeNull();
    expect(await find('text', 'ack', 0, { filter: 'direction == down' })).toBe(2);
    // A filter search within a session: frame 11 is not in tcp-1's list.
    expect(await find('filter', 'type == heartbeat', 5, { sessionId: 'tcp-1' })).toBe(5);
    expect(await find('hex', '0a 13', 5, { sessionId: 'tcp-1', filter: 'direction == up' })).toBe(5);
  });
});

describe('locateFrame', () => {
  it("without filters a frame's position is its id − 1; frames that do not exist are nowhere", async () => {
    await twoDevices();
    expect(await engine.handle('locateFrame', { id: 1 })).toBe(0);
    expect(await engine.handle('locateFrame', { id: 7 })).toBe(6);
    expect(await engine.handle('locateFrame', { id: 12 })).toBe(11);
    expect(await engine.handle('locateFrame', { id: 13 })).toBe(-1);
    expect(await engine.handle('locateFrame', { id: 0 })).toBe(-1);
  });

  it('under filters, its row among the frames they keep, or -1 when they hide it', async () => {
    await twoDevices();
    expect(await engine.handle('locateFrame', { id: 11, sessionId: 'tcp-2' })).toBe(2);
    expect(await engine.handle('locateFrame', { id: 5, sessionId: 'tcp-2' })).toBe(-1);
    expect(await engine.handle('locateFrame', { id: 8, deviceId: IMEI_A })).toBe(7);
    expect(await engine.handle('locateFrame', { id: 9, deviceId: IMEI_A })).toBe(-1);
    // Uplink frames are 1, 3, 5, 7, 9, 11.
    expect(await engine.handle('locateFrame', { id: 5, filter: 'direction == up' })).toBe(2);
    expect(await engine.handle('locateFrame', { id: 11, filter: 'direction == up' })).toBe(5);
    expect(await engine.handle('locateFrame', { id: 2, filter: 'direction == up' })).toBe(-1);
    // Both: tcp-1's locations are 3 and 7.
    expect(await engine.handle('locateFrame', { id: 7, sessionId: 'tcp-1', filter: 'type == location' })).toBe(1);
    expect(await engine.handle('locateFrame', { id: 5, sessionId: 'tcp-1', filter: 'type == location' })).toBe(-1);
    // Its row is where listFrames puts it.
    const rows = await engine.handle('listFrames', { filter: 'direction == up', from: 3, count: 1 });
    expect(rows.map((f) => f.id)).toEqual([5]);
  });
});

describe('pushes to windows are capped', () => {
  it(`a window gets at most ${MAX_PUSHED_FRAMES} frames a push, the newest, with the total; an everyFrame subscriber gets every frame`, async () => {
    const capped: Array<Extract<EngineEvent, { type: 'frames' }>> = [];
    const every: Array<Extract<EngineEvent, { type: 'frames' }>> = [];
    engine.subscribe((e) => e.type === 'frames' && capped.push(e));
    engine.subscribe((e) => e.type === 'frames' && every.push(e), { everyFrame: true });
    const c = await tcpClient(port);
    await c.write(LOGIN_A);
    await waitFor(() => engine.frames.count >= 2, 2000, 'login and its answer');
    // 1,500 heartbeats in one write: 3,000 frames with their answers, far more than one push holds.
    await c.write(HEARTBEAT_A.repeat(1500));
    const total = 2 + 3000;
    await waitFor(() => engine.frames.count >= total, 5000, 'every heartbeat and its answer');
    await waitFor(() => capped.at(-1)?.total === total && every.at(-1)?.total === total, 2000, 'the last pushes');
    await c.close();

    expect(engine.frames.count).toBe(total);
    // The window: never more than the cap, always the newest frames up to the total then.
    for (const e of capped) {
      expect(e.frames.length).toBeLessThanOrEqual(MAX_PUSHED_FRAMES);
      expect(e.frames.at(-1)!.id).toBe(e.total);
      expect(e.frames.map((f) => f.id)).toEqual(Array.from({ length: e.frames.length }, (_, k) => e.total! - e.frames.length + 1 + k));
    }
    expect(capped.some((e) => e.frames.length === MAX_PUSHED_FRAMES)).toBe(true);
    const seen = new Set(capped.flatMap((e) => e.frames.map((f) => f.id)));
    expect(seen.size).toBeLessThan(total);
    // The other subscriber: every frame, once, in order.
    expect(every.flatMap((e) => e.frames.map((f) => f.id))).toEqual(Array.from({ length: total }, (_, k) => k + 1));
    expect(every.length).toBe(capped.length);
    expect(every.map((e) => e.total)).toEqual(capped.map((e) => e.total));
    // The frames the window missed are listed on request.
    const missed = Array.from({ length: total }, (_, k) => k + 1).find((id) => !seen.has(id))!;
    expect((await engine.handle('listFrames', { from: missed, count: 1 }))[0]!.id).toBe(missed);
  });
});

describe('exportFrames with a display filter', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trackwire-export-filter-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const records = (file: string) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l)
      .map((l) => JSON.parse(l) as { direction: string; messageType: string; deviceId: string | null; hex: string });

  it('writes only the frames the filter keeps, with the session or device filter too', async () => {
    await twoDevices();
    const up = path.join(dir, 'up.ndjson');
    const result = await engine.handle('exportFrames', { format: 'ndjson', filter: 'direction == up', path: up });
    expect(result).toMatchObject({ path: up, frames: 6 });
    const lines = records(up);
    expect(lines.map((r) => [r.direction, r.messageType])).toEqual([
      ['up', 'login'],
      ['up', 'location'],
      ['up', 'heartbeat'],
      ['up', 'location'],
      ['up', 'login'],
      ['up', 'heartbeat'],
    ]);
    expect(lines[2]!.hex).toBe(HEARTBEAT_A);
    expect(result!.bytes).toBe(fs.statSync(up).size);

    const beat = path.join(dir, 'beat.ndjson');
    expect(await engine.handle('exportFrames', { format: 'ndjson', sessionId: 'tcp-2', filter: 'type == heartbeat', path: beat })).toMatchObject({ frames: 1 });
    expect(records(beat).map((r) => [r.deviceId, r.hex])).toEqual([['123456789012345', HEARTBEAT_B]]);

    const none = path.join(dir, 'none.ndjson');
    expect(await engine.handle('exportFrames', { format: 'ndjson', deviceId: IMEI_A, filter: 'type == login && direction == down', path: none })).toMatchObject({ frames: 0, bytes: 0 });
    await expect(engine.handle('exportFrames', { format: 'ndjson', filter: 'type ==', path: path.join(dir, 'bad.ndjson') })).rejects.toThrow(/^filter: /);
  });
});

describe('a display filter that decodes every frame runs a slice at a time', () => {
  it('the listener answers a device while the filter is worked out, the status shows the progress, and the count is the whole pass', async () => {
    const statuses: Array<{ tested: number; of: number }> = [];
    engine.subscribe((e) => {
      if (e.type === 'status' && e.status.filtering) statuses.push(e.status.filtering);
    });
    const c = await tcpClient(port);
    await c.write(LOGIN_A);
    // 12,000 locations and their answers: 24,002 frames, a dozen slices of a decoding filter.
    await c.write(LOCATION.repeat(12_000));
    await waitFor(() => engine.frames.count >= 24_002, 20_000, 'every location and its answer');

    const other = await tcpClient(port);
    await other.write(LOGIN_B);
    await waitFor(() => other.received().length > 0, 5000, 'the login answer');
    const before = other.received().length;
    const counting = engine.handle('countFrames', { filter: 'position.lat > 50' });
    // While it runs, the other device's heartbeat is answered.
    await other.write(HEARTBEAT_B);
    const answered = await Promise.race([waitFor(() => other.received().length > before, 5000, 'the heartbeat answer').then(() => 'answered'), counting.then(() => 'count first')]);
    const count = await counting;
    await c.close();
    await other.close();

    expect(count).toBe(12_000); // every location of device A is at 54.9° N; nothing else has a position
    expect(answered).toBe('answered');
    await waitFor(() => statuses.length > 0, 2000, 'a status with the progress');
    expect(statuses[0]!.tested).toBeLessThan(statuses[0]!.of);
    expect(statuses.every((s) => s.of >= 24_002)).toBe(true);
    // Done: the status drops it, and the same filter again is answered from the cache.
    await waitFor(() => engine.status().filtering === undefined, 2000, 'the progress cleared');
    expect(await engine.handle('countFrames', { filter: 'position.lat > 50' })).toBe(12_000);
  });
});
