/**
 * The live listener on real sockets: every protocol with a responder answers its real frames in
 * every responder mode; devices keep their view across reconnects; proxy mode relays
 * byte-identical traffic to a real upstream and decodes both directions; limits trigger and are
 * reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import dgram from 'node:dgram';
import { Engine, corruptChecksum, type EngineOptions } from '../../src-main/engine/engine';
import { PROTOCOLS, getProtocol } from '../../parsers/index';
import { concatBytes, fromHex, toHex } from '../../parsers/core/bytes';
import { ack } from '../../parsers/gt06';
import { loadCorpus, wireHex } from '../helpers/corpus';
import { tcpClient, waitFor } from '../helpers/net';

const LOGIN = '78780d01012345678901234500018cdd0d0a'; // Gt06ProtocolDecoderTest.java:477
const HEARTBEAT = '78780a13440604000201baaf540d0a'; // :483
const LOCATION = '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a';

let engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  engines = [];
});

async function startEngine(opts: EngineOptions = {}): Promise<{ engine: Engine; port: number }> {
  const engine = new Engine();
  engines.push(engine);
  const ls = await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }], ...opts });
  return { engine, port: ls[0]!.port };
}

/**
 * Up to three TCP frames of a protocol from one corpus session that the protocol answers, in
 * session order (a login first where there is one), whole as the splitter cuts them.
 */
function answeredFrames(protocol: string): Uint8Array[] {
  const p = getProtocol(protocol)!;
  const byTest = new Map<string, Uint8Array[]>();
  for (const f of loadCorpus(protocol)) {
    if (f.stage !== 'decoder' || f.transport !== 'tcp') continue;
    const b = fromHex(wireHex(f));
    const s = p.split(b, true);
    if (s.frames.length !== 1 || s.frames[0]!.end !== b.length) continue;
    const d = p.decode(b, { transport: 'tcp', direction: 'up' });
    if (!p.respond(b, d)) continue;
    const key = `${f.source.split(':')[0]}|${f.test}`;
    const list = byTest.get(key) ?? [];
    if (list.length < 3) list.push(b);
    byTest.set(key, list);
  }
  return [...byTest.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

/** What the protocol answers to these frames, in order (the listener's answers must equal it). */
function expectedAnswers(protocol: string, frames: Uint8Array[]): Uint8Array {
  const p = getProtocol(protocol)!;
  let deviceId: string | undefined;
  const out: Uint8Array[] = [];
  for (const f of frames) {
    const d = p.decode(f, { transport: 'tcp', direction: 'up', deviceId });
    deviceId = d.deviceId ?? deviceId;
    const a = p.respond(f, d);
    if (a) out.push(a);
  }
  return concatBytes(...out);
}

const answering = PROTOCOLS.map((p) => p.id).filter((id) => id !== 'osmand' && answeredFrames(id).length > 0);

describe('responder: each protocol answers its real frames like a server', () => {
  it('covers the seed protocols and the common ones', () => {
    for (const id of ['gt06', 'jt808', 'h02', 'gosafe', 'teltonika', 'tk103', 'gps103', 'watch', 'meitrack', 'gl200']) expect(answering).toContain(id);
  });

  for (const id of answering) {
    for (const mode of ['answer', 'silent', 'delay', 'corrupt'] as const) {
      it(`${id}, ${mode}: the device receives exactly the expected answer bytes`, async () => {
        const responder = mode === 'delay' ? { mode, delayMs: 150 } : { mode };
        const { engine, port } = await startEngine({ protocol: id, responder });
        const frames = answeredFrames(id);
        const want = expectedAnswers(id, frames);
        const c = await tcpClient(port);
        const t0 = Date.now();
        for (const f of frames) await c.write(toHex(f));
        if (mode === 'silent') {
          await waitFor(async () => (await engine.handle('listSessions', undefined))[0]?.framesUp === frames.length, 3000, 'frames read');
          await new Promise((r) => setTimeout(r, 200));
          expect(c.received().length).toBe(0);
        } else {
          await waitFor(() => c.received().length >= want.length, 3000, `${id} answers`);
          await new Promise((r) => setTimeout(r, 100));
          expect(c.received().length).toBe(want.length);
          if (mode === 'delay') expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
          if (mode === 'corrupt') {
            // Same framing and length, different bytes; where the answer has a checksum, it fails.
            expect(toHex(c.received())).not.toBe(toHex(want));
          } else expect(toHex(c.received())).toBe(toHex(want));
        }
        await c.close();
        const sessions = await engine.handle('listSessions', undefined);
        expect(sessions[0]).toMatchObject({ protocol: id, framesUp: frames.length });
        if (mode === 'silent') expect(sessions[0]!.answers).toBe(0);
        else expect(sessions[0]!.answers).toBeGreaterThan(0);
      });
    }
  }
});

describe('responder modes', () => {
  it('silent: no answer at all, the frames are still decoded', async () => {
    const { engine, port } = await startEngine({ responder: { mode: 'silent' } });
    const c = await tcpClient(port);
    await c.write(LOGIN + HEARTBEAT);
    await waitFor(async () => (await engine.handle('countFrames', {})) >= 2, 2000, 'two frames');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.received().length).toBe(0);
    await c.close();
  });

  it('delay: the exact answers arrive after the delay', async () => {
    const { port } = await startEngine({ responder: { mode: 'delay', delayMs: 300 } });
    const c = await tcpClient(port);
    const t0 = Date.now();
    await c.write(LOGIN);
    await waitFor(() => c.received().length >= 10, 3000, 'delayed ACK');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(toHex(c.received())).toBe('787805010001d9dc0d0a');
    await c.close();
  });

  it('corrupt: the answer arrives with a checksum that fails, and is recorded as such', async () => {
    const { engine, port } = await startEngine({ responder: { mode: 'corrupt' } });
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await waitFor(() => c.received().length >= 10, 2000, 'ACK');
    const got = toHex(c.received());
    expect(got).not.toBe('787805010001d9dc0d0a');
    expect(got.slice(0, 12)).toBe('787805010001'); // only the CRC differs
    expect(got.slice(16)).toBe('0d0a');
    const d = getProtocol('gt06')!.decode(c.received(), { transport: 'tcp', direction: 'down' });
    expect(d.issues.map((i) => i.id)).toContain('gt06.checksum_incorrect');
    const down = (await engine.handle('listFrames', { from: 1, count: 10 })).find((f) => f.direction === 'down')!;
    expect(down.severity).toBe('error');
    await c.close();
  });

  it('corrupts the JT808 check code without breaking its 7e framing', () => {
    const p = getProtocol('jt808')!;
    const frames = answeredFrames('jt808');
    const a = p.respond(frames[0]!, p.decode(frames[0]!))!;
    const bad = corruptChecksum('jt808', a, 'tcp');
    expect(bad.length).toBe(a.length);
    expect(bad[0]).toBe(0x7e);
    expect(bad[bad.length - 1]).toBe(0x7e);
    expect(p.decode(bad, { transport: 'tcp', direction: 'down' }).issues.map((i) => i.id)).toContain('jt808.checksum_incorrect');
  });

  it('per session: one device silenced while another is still answered', async () => {
    const { engine, port } = await startEngine();
    const a = await tcpClient(port);
    const b = await tcpClient(port);
    await a.write(LOGIN);
    await b.write(LOGIN);
    await waitFor(() => a.received().length >= 10 && b.received().length >= 10, 2000, 'both ACKs');
    const sessions = await engine.handle('listSessions', undefined);
    const aPort = a.sock.localPort;
    const sa = sessions.find((s) => s.source.endsWith(`:${aPort}`))!;
    expect(await engine.handle('setResponder', { sessionId: sa.id, mode: 'silent' })).toEqual({ mode: 'silent' });
    await a.write(HEARTBEAT);
    await b.write(HEARTBEAT);
    await waitFor(() => b.received().length >= 20, 2000, 'b heartbeat ACK');
    await new Promise((r) => setTimeout(r, 150));
    expect(a.received().length).toBe(10);
    const back = await engine.handle('listSessions', undefined);
    expect(back.find((s) => s.id === sa.id)!.responder).toEqual({ mode: 'silent' });
    await a.close();
    await b.close();
  });
});

describe('sessions and devices', () => {
  it('keeps the device view across reconnects, with counters and the frame filter', async () => {
    const { engine, port } = await startEngine();
    for (let i = 0; i < 2; i++) {
      const c = await tcpClient(port);
      await c.write(LOGIN + LOCATION);
      await waitFor(() => c.received().length >= 20, 2000, 'ACKs');
      await c.close();
      await waitFor(async () => (await engine.handle('listSessions', undefined)).filter((s) => s.state === 'closed').length > i, 2000, 'closed');
    }
    const devices = await engine.handle('listDevices', undefined);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ deviceId: '123456789012345', protocol: 'gt06', online: false, frames: 8 });
    expect(devices[0]!.sessions).toHaveLength(2);
    const sessions = await engine.handle('listSessions', undefined);
    expect(sessions[0]).toMatchObject({ state: 'closed', closeReason: 'device closed the connection', framesUp: 2, framesDown: 2, answers: 2, bytesUp: 18 + 36, bytesDown: 20 });
    expect(await engine.handle('countFrames', { deviceId: '123456789012345' })).toBe(8);
    const second = await engine.handle('listFrames', { from: 1, count: 10, sessionId: devices[0]!.sessions[1]! });
    // Both frames came in one write: both are read, then both answered.
    expect(second.map((f) => f.messageType)).toEqual(['login', 'location', 'login ack', 'location ack']);
  });
});

describe('proxy mode', () => {
  /** A real upstream server in the test: answers GT06 logins and locations, records what it got. */
  async function upstreamServer() {
    const got: Buffer[] = [];
    const sent: Buffer[] = [];
    const server = net.createServer((sock) => {
      sock.on('data', (d) => {
        got.push(d);
        const p = getProtocol('gt06')!;
        const all = new Uint8Array(Buffer.concat(got));
        const frames = p.split(all).frames;
        const n = frames.length - sent.length;
        for (let i = 0; i < n; i++) {
          const f = frames[sent.length]!;
          const bytes = all.subarray(f.start, f.end);
          const out = Buffer.from(ack(bytes[3]!, (bytes[bytes.length - 6]! << 8) | bytes[bytes.length - 5]!));
          sent.push(out);
          sock.write(out);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { server, port: (server.address() as net.AddressInfo).port, got: () => Buffer.concat(got), sent: () => Buffer.concat(sent) };
  }

  it('relays byte-identical traffic both ways and decodes both directions; Trackwire itself stays silent', async () => {
    const up = await upstreamServer();
    const { engine, port } = await startEngine({ upstream: { host: '127.0.0.1', port: up.port } });
    const c = await tcpClient(port);
    await c.write(LOGIN.slice(0, 10));
    await new Promise((r) => setTimeout(r, 30));
    await c.write(LOGIN.slice(10) + LOCATION);
    await waitFor(() => c.received().length >= 20, 3000, 'upstream answers');
    await new Promise((r) => setTimeout(r, 100));
    expect(up.got().toString('hex')).toBe(LOGIN + LOCATION);
    expect(c.received().toString('hex')).toBe(up.sent().toString('hex'));
    const frames = await engine.handle('listFrames', { from: 1, count: 10 });
    const side = (d: string) => frames.filter((f) => f.direction === d).map((f) => `${f.protocol} ${f.messageType}`);
    expect(side('up')).toEqual(['gt06 login', 'gt06 location']);
    expect(side('down')).toEqual(['gt06 login ack', 'gt06 location ack']);
    expect(frames.every((f) => f.severity !== 'error')).toBe(true);
    const [s] = await engine.handle('listSessions', undefined);
    expect(s!.upstream).toEqual({ address: `127.0.0.1:${up.port}`, state: 'connected' });
    expect(s!.answers).toBe(0);
    await c.close();
    up.server.close();
  });

  it('reports an upstream that is down, and closes the device connection when told to', async () => {
    const dead = net.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const deadPort = (dead.address() as net.AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const { engine, port } = await startEngine({ upstream: { host: '127.0.0.1', port: deadPort }, upstreamDown: 'close' });
    const c = await tcpClient(port);
    const closed = new Promise<void>((r) => c.sock.on('close', () => r()));
    await c.write(LOGIN);
    await closed;
    const [s] = await waitFor(async () => {
      const l = await engine.handle('listSessions', undefined);
      return l[0]?.state === 'closed' && l;
    }, 2000, 'closed session');
    expect(s!.upstream).toMatchObject({ state: 'error', error: `upstream 127.0.0.1:${deadPort} refused the connection` });
    expect(s!.closeReason).toMatch(/^upstream down: /);
  });

  it('keeps the device connection by default when the upstream is down, still decoding its frames', async () => {
    const { engine, port } = await startEngine({ upstream: { host: '127.0.0.1', port: 1 } });
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await waitFor(async () => (await engine.handle('listSessions', undefined))[0]?.upstream?.state === 'error', 2000, 'upstream error');
    expect(c.sock.destroyed).toBe(false);
    expect((await engine.handle('listFrames', { from: 1, count: 5 }))[0]!.messageType).toBe('login');
    await c.close();
  });
});

describe('limits', () => {
  it('refuses connections beyond --max-connections and says so', async () => {
    const { engine, port } = await startEngine({ limits: { maxConnections: 2 } });
    const a = await tcpClient(port);
    const b = await tcpClient(port);
    await waitFor(async () => (await engine.handle('getStatus', undefined)).sessionCount === 2, 2000, 'two sessions');
    const c = await tcpClient(port);
    await new Promise<void>((r) => (c.sock.destroyed ? r() : c.sock.on('close', () => r())));
    const st = await engine.handle('getStatus', undefined);
    expect(st.limitEvents.rejectedConnections).toBe(1);
    expect(st.limitEvents.last).toMatch(/refused: 2 connections open \(--max-connections\)/);
    await a.close();
    await b.close();
  });

  it('drops unframed bytes beyond --max-pending with a flag, then resynchronises', async () => {
    const { engine, port } = await startEngine({ protocol: 'gt06', limits: { maxPendingBytes: 1024 } });
    const c = await tcpClient(port);
    // A 7979 header that promises 65535 bytes and never ends, then a real login.
    await c.write('7979ffff' + '55'.repeat(2000));
    await waitFor(async () => (await engine.handle('getStatus', undefined)).limitEvents.droppedBytes > 0, 2000, 'overflow');
    await c.write(LOGIN);
    await waitFor(() => c.received().length >= 10, 2000, 'ACK after resync');
    const frames = await engine.handle('listFrames', { from: 1, count: 10 });
    expect(frames.some((f) => f.protocol === 'gt06' && f.messageType === 'undecoded' && f.severity)).toBe(true);
    expect(frames.at(-2)!.messageType).toBe('login');
    await c.close();
  });

  it('closes sessions idle for --idle-timeout', async () => {
    const { engine, port } = await startEngine({ limits: { idleTimeoutSec: 1 } });
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await new Promise<void>((r) => c.sock.on('close', () => r()));
    await waitFor(async () => (await engine.handle('listSessions', undefined))[0]!.state === 'closed', 2000, 'closed');
    const st = await engine.handle('getStatus', undefined);
    expect(st.limitEvents.idleClosed).toBe(1);
    expect((await engine.handle('listSessions', undefined))[0]!.closeReason).toBe('idle for 1 s (--idle-timeout)');
  }, 10000);

  it('cuts datagrams longer than --max-datagram and reports it', async () => {
    const { engine, port } = await startEngine({ limits: { maxDatagramBytes: 64 } });
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.send(Buffer.alloc(200, 0x41), port, '127.0.0.1', () => r()));
    await waitFor(async () => (await engine.handle('getStatus', undefined)).limitEvents.oversizedDatagrams === 1, 2000, 'oversized');
    const f = (await engine.handle('listFrames', { from: 1, count: 1 }))[0]!;
    expect(f.length).toBe(64);
    s.close();
  });
});

describe('recording problems never stop the listener', () => {
  it('an unwritable recording folder is reported in the status and devices are still answered', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const base = mkdtempSync(path.join(tmpdir(), 'trackwire-rec-'));
    const file = path.join(base, 'not-a-folder');
    writeFileSync(file, 'x');
    const { openRecorder } = await import('../../src-main/engine/recording');
    const { engine, port } = await startEngine({ recorder: (onError) => openRecorder(path.join(file, 'recordings'), onError) });
    const st = await engine.handle('getStatus', undefined);
    expect(st.recorder.state).toBe('stopped');
    expect(st.recorder.message).toMatch(/^Recording not started: .*the listener goes on$/);
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await waitFor(() => c.received().length >= 10, 2000, 'ACK');
    await c.close();
  });

  it('records every session of a run into one pcapng that tshark reads', async () => {
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { execFileSync } = await import('node:child_process');
    const dir = mkdtempSync(path.join(tmpdir(), 'trackwire-rec-'));
    const { openRecorder } = await import('../../src-main/engine/recording');
    const { engine, port } = await startEngine({ recorder: (onError) => openRecorder(dir, onError) });
    const c = await tcpClient(port);
    await c.write(LOGIN);
    await waitFor(() => c.received().length >= 10, 2000, 'ACK');
    const u = dgram.createSocket('udp4');
    await new Promise<void>((r) => u.send(Buffer.from(LOGIN, 'hex'), port, '127.0.0.1', () => r()));
    await waitFor(async () => (await engine.handle('getStatus', undefined)).recorder.packets >= 6, 2000, 'packets');
    await c.close();
    u.close();
    const st = await engine.handle('getStatus', undefined);
    expect(st.recorder).toMatchObject({ state: 'recording', path: path.join(dir, readdirSync(dir)[0]!) });
    const out = execFileSync('tshark', ['-r', st.recorder.path!, '-T', 'fields', '-e', 'frame.protocols', '-e', 'frame.comment'], { encoding: 'utf8' });
    expect(out).toMatch(/tcp.*gt06 login/);
    expect(out).toMatch(/udp.*gt06 login/);
  });
});
