import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import type { FrameSummary } from '../../src-main/api/contract';
import { ack } from '../../parsers/gt06';
import { toHex } from '../../parsers/core/bytes';
import { tcpClient, udpSend, waitFor } from '../helpers/net';

const LOGIN = '78780d01012345678901234500018cdd0d0a';
const LOCATION = '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a';
const LOCATION_22 = '787822221607160f1000cf0225e03f0bd723182c149701cc0075c300933301000002a5f0860d0a';
const HEARTBEAT = '78780a1344060400020004ea790d0a';

describe('engine listener on real sockets', () => {
  let engine: Engine;
  let port: number;
  let pushed: FrameSummary[];

  beforeEach(async () => {
    engine = new Engine();
    pushed = [];
    engine.subscribe((e) => {
      if (e.type === 'frames') pushed.push(...e.frames);
    });
    const ls = await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }] });
    port = ls[0]!.port;
    expect(ls.map((l) => l.transport)).toEqual(['tcp', 'udp']);
    expect(ls[1]!.port).toBe(port);
  });
  afterEach(() => engine.stop());

  it('answers the login, reassembles a split frame and splits two frames in one write', async () => {
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await waitFor(() => c.received().length >= 10, 2000, 'login ACK');
    expect(c.received().toString('hex')).toBe('787805010001d9dc0d0a');

    await c.write(LOCATION.slice(0, 20));
    await new Promise((r) => setTimeout(r, 50));
    await c.write(LOCATION.slice(20));
    await c.write(LOCATION_22 + HEARTBEAT);

    const ups = await waitFor(() => {
      const u = pushed.filter((f) => f.direction === 'up');
      return u.length >= 4 && u;
    }, 3000, 'four uplink frames');
    expect(ups.map((f) => [f.protocol, f.messageType])).toEqual([
      ['gt06', 'login'],
      ['gt06', 'location'],
      ['gt06', 'location'],
      ['gt06', 'heartbeat'],
    ]);
    // The device id learnt at login labels the later frames of the session.
    expect(ups.every((f) => f.deviceId === '123456789012345')).toBe(true);
    expect(ups[1]!.length).toBe(LOCATION.length / 2);
    // Every acknowledged type got its answer, recorded as a downlink frame.
    const downs = pushed.filter((f) => f.direction === 'down');
    expect(downs.map((f) => f.messageType)).toEqual(['login ack', 'location ack', 'location ack', 'heartbeat ack']);
    await waitFor(() => c.received().length >= 40, 2000, 'all ACKs');
    expect(c.received().toString('hex')).toBe(
      ['787805010001d9dc0d0a', ack(0x12, 0x0003), ack(0x22, 0x02a5), ack(0x13, 0x0004)].map((x) => (typeof x === 'string' ? x : toHex(x))).join(''),
    );
    await c.close();

    const detail = await engine.handle('getFrame', { id: ups[0]!.id });
    expect(detail!.hex).toBe(LOGIN);
    expect(detail!.candidates[0]!.protocol).toBe('gt06');
    const imei = detail!.tree.flatMap((n) => n.children ?? []).find((n) => n.id === 'gt06.login.imei');
    expect([imei!.start, imei!.end]).toEqual([4, 12]);
  });

  it('receives a UDP datagram on the same port', async () => {
    const s = await udpSend(port, LOGIN);
    const f = await waitFor(() => pushed.find((x) => x.transport === 'udp' && x.direction === 'up'), 2000, 'UDP frame');
    s.close();
    expect(f.protocol).toBe('gt06');
    expect(f.messageType).toBe('login');
    expect(f.source).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('keeps bytes of no known protocol and shows them undecoded', async () => {
    const c = await tcpClient(port);
    await c.write('00'.repeat(10) + '48656c6c6f');
    await c.close();
    const f = await waitFor(() => pushed.find((x) => x.direction === 'up'), 2000, 'undecoded frame');
    expect(f.protocol).toBeNull();
    expect(f.length).toBe(15);
    expect(f.severity).toBe('warning');
  });

  it('shows a few undetectable bytes after a short wait while the connection stays open', async () => {
    const c = await tcpClient(port);
    await c.write('0102030405');
    const f = await waitFor(() => pushed.find((x) => x.direction === 'up'), 2000, 'undecoded frame');
    expect(f.protocol).toBeNull();
    expect(f.length).toBe(5);
    expect(c.sock.destroyed).toBe(false);
    await c.close();
  });

  it('lists frames by range and reports the counts in its status', async () => {
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await waitFor(() => pushed.length >= 2, 2000, 'login and ACK');
    await c.close();
    const list = await engine.handle('listFrames', { from: 1, count: 10 });
    expect(list.map((f) => f.id)).toEqual([1, 2]);
    expect((await engine.handle('getStatus', undefined)).frameCount).toBe(2);
  });

  it("lets the user override a live session's protocol, and back to detection", async () => {
    const c = await tcpClient(port);
    await c.write(LOGIN);
    const first = await waitFor(() => pushed.find((x) => x.direction === 'up'), 2000, 'login');
    expect(first.protocol).toBe('gt06');
    const r = await engine.handle('setSessionProtocol', { sessionId: first.sessionId, protocol: 'h02' });
    expect(r).toEqual({ sessionId: first.sessionId, protocol: 'h02' });
    await c.write(LOGIN);
    await c.close();
    const second = await waitFor(() => pushed.filter((x) => x.direction === 'up')[1], 2000, 'second frame');
    expect(second.protocol).toBe('h02');
    // No gt06 ACK for bytes read as h02: only the first login was answered.
    expect(pushed.filter((x) => x.direction === 'down')).toHaveLength(1);
    await expect(engine.handle('setSessionProtocol', { sessionId: 'tcp-999', protocol: null })).rejects.toThrow(/no live session 'tcp-999'/);
  });

  it('decodes every session as the protocol given at start', async () => {
    const forced = new Engine();
    const got: FrameSummary[] = [];
    forced.subscribe((e) => e.type === 'frames' && got.push(...e.frames));
    const ls = await forced.start({ listen: [{ host: '127.0.0.1', port: 0 }], protocol: 'h02' });
    const c = await tcpClient(ls[0]!.port);
    await c.write(LOGIN);
    await c.close();
    const f = await waitFor(() => got.find((x) => x.direction === 'up'), 2000, 'frame');
    expect(f.protocol).toBe('h02');
    await forced.stop();
    await expect(new Engine().start({ listen: [{ host: '127.0.0.1', port: 0 }], protocol: 'nope' })).rejects.toThrow(/unknown protocol 'nope'/);
  });

  it('shows an H02 32-byte binary report once the link is quiet (its length is only known from what follows)', async () => {
    // H02FrameDecoderTest.java:19: a TK100B binary report, no length field.
    const c = await tcpClient(port);
    await c.write('2441060116601245431311165035313006004318210e000000fffffbffff0024');
    const f = await waitFor(() => pushed.find((x) => x.direction === 'up'), 3000, 'h02 frame');
    expect(f).toMatchObject({ protocol: 'h02', length: 32 });
    expect(f.severity).not.toBe('error');
    expect(c.sock.destroyed).toBe(false);
    await c.close();
  });

  it('says which port is in use and which flag changes it', async () => {
    const other = new Engine();
    await expect(other.start({ listen: [{ host: '127.0.0.1', port }] })).rejects.toThrow(
      new RegExp(`Port ${port} is already in use .*--listen HOST:PORT`),
    );
  });
});
