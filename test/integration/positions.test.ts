import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { toHex } from '../../parsers/core/bytes';
import { packet, locationContent } from '../../src-main/engine/simulate/protocols/gt06';
import { fixAt, type Fix } from '../../src-main/engine/simulate/route';
import { loadCorpus, wireHex } from '../helpers/corpus';
import { tcpClient, waitFor } from '../helpers/net';

const DEVICE = '123456789012345';
const LOGIN = '78780d01012345678901234500018cdd0d0a';
const HEARTBEAT = '78780a1344060400020004ea790d0a';
/** GT06 location 0x12 from the corpus: 2015-10-20T14:21:11Z, valid, 54.94535 N 24.01762 E. */
const CORPUS = loadCorpus('gt06').find((f) => f.expect.lat !== undefined && f.hex.startsWith('78781f12'))!;

/** Simulated fixes of device 0 driving its block, one per second from `from`. */
function fixes(from: number, count: number): Fix[] {
  return Array.from({ length: count }, (_, k) => fixAt(0, from + k, new Date(Date.UTC(2024, 4, 1, 12, 0, from + k))));
}

/** A GT06 location frame for a fix, as hex. */
const locationHex = (fix: Fix, serial: number) => toHex(packet(0x12, locationContent(fix, 0), serial));

/** GT06 carries coordinates in 1/1,800,000 degree. */
const onWire = (deg: number) => Math.round(deg * 1_800_000) / 1_800_000;

describe('listPositions: a device track from real GT06 frames', () => {
  let engine: Engine;
  let port: number;

  beforeEach(async () => {
    engine = new Engine();
    const ls = await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }] });
    port = ls[0]!.port;
  });
  afterEach(() => engine.stop());

  const track = (arg: { deviceId?: string; sessionId?: string; limit?: number }) => engine.handle('listPositions', arg);

  it('returns the positions in frame order, by device across sessions, by session, and downsampled', async () => {
    expect(CORPUS.expect).toMatchObject({ lat: 54.94535, lon: 24.01762, valid: true });
    const first = fixes(0, 5);
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await c.write(wireHex(CORPUS));
    for (const [k, fix] of first.entries()) await c.write(locationHex(fix, 10 + k));
    // A fix at 0,0 (no position yet) and a heartbeat carry no point.
    await c.write(locationHex({ ...first[0]!, lat: 0, lon: 0 }, 20));
    await c.write(HEARTBEAT);
    await waitFor(() => engine.status().frameCount >= 9 * 2, 3000, 'nine frames and their answers');

    const one = await track({ deviceId: DEVICE });
    expect(one).toHaveLength(6);
    expect(one[0]).toMatchObject({ valid: true, time: Date.parse(CORPUS.expect.time!) });
    // The corpus states its coordinates to 5 decimals.
    expect(one[0]!.latitude).toBeCloseTo(CORPUS.expect.lat!, 5);
    expect(one[0]!.longitude).toBeCloseTo(CORPUS.expect.lon!, 5);
    one.slice(1).forEach((p, k) => {
      expect(p.latitude).toBeCloseTo(onWire(first[k]!.lat), 6);
      expect(p.longitude).toBeCloseTo(onWire(first[k]!.lon), 6);
      expect(p.time).toBe(first[k]!.time.getTime());
      expect(p.speedKmh).toBe(Math.round(first[k]!.speedKmh));
      expect(p.course).toBe(first[k]!.course);
      expect(p.valid).toBe(true);
    });
    for (let k = 1; k < one.length; k++) expect(one[k]!.frameId).toBeGreaterThan(one[k - 1]!.frameId);
    const frame = await engine.handle('getFrame', { id: one[0]!.frameId });
    expect(frame!.hex).toBe(wireHex(CORPUS));
    await c.close();

    // The device reconnects: its track continues in the new session.
    const more = fixes(5, 3);
    const d = await tcpClient(port);
    await d.write(LOGIN);
    for (const [k, fix] of more.entries()) await d.write(locationHex(fix, 30 + k));
    await waitFor(async () => (await track({ deviceId: DEVICE })).length >= 9, 3000, 'the second session\'s points');
    const all = await track({ deviceId: DEVICE });
    expect(all).toHaveLength(9);
    expect(all.slice(0, 6)).toEqual(one);
    expect(all.slice(6).map((p) => p.time)).toEqual(more.map((f) => f.time.getTime()));
    for (let k = 1; k < all.length; k++) expect(all[k]!.frameId).toBeGreaterThan(all[k - 1]!.frameId);

    const sessions = (await engine.handle('listSessions', undefined)).filter((s) => s.deviceId === DEVICE && s.transport === 'tcp');
    expect(sessions).toHaveLength(2);
    expect(await track({ sessionId: sessions[0]!.id })).toEqual(one);
    expect(await track({ sessionId: sessions[1]!.id })).toEqual(all.slice(6));

    const thin = await track({ deviceId: DEVICE, limit: 4 });
    expect(thin).toHaveLength(4);
    expect(thin[0]).toEqual(all[0]);
    expect(thin[3]).toEqual(all[8]);
    expect(thin.map((p) => p.frameId)).toEqual([0, 3, 5, 8].map((k) => all[k]!.frameId));
    await d.close();
  });

  it('answers nothing for an unknown device and refuses a request naming none', async () => {
    expect(await track({ deviceId: '000000000000000' })).toEqual([]);
    expect(await track({ sessionId: 'tcp-999' })).toEqual([]);
    await expect(track({})).rejects.toThrow(/deviceId or a sessionId/);
  });
});
