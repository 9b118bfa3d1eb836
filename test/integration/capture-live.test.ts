/**
 * Real captures: tshark and tcpdump record loopback traffic between real sockets while a client
 * sends corpus frames (alone, split across writes, merged in one write, and one write large
 * enough to span several TCP segments); the loader must give back exactly the frames sent, with
 * the right protocol, from pcapng (tshark), pcap in µs and ns (tcpdump on lo) and Linux cooked
 * SLL and SLL2 (tcpdump -i any).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaptureFile, type CaptureFrame, type LoadSummary } from '../../src-main/engine/capture/loader';
import { readCapture } from '../../src-main/engine/capture/reader';
import { PacketDecoder } from '../../src-main/engine/capture/packet';
import { StreamCutter } from '../../src-main/engine/stream';
import { fromHex, toHex } from '../../parsers/core/bytes';
import { loadCorpus, wireHex } from '../helpers/corpus';
import { waitFor } from '../helpers/net';

const LOGIN = '78780d01012345678901234500018cdd0d0a';
const LOGIN_ACK = '787805010001d9dc0d0a';
const TLS_HELLO = '16030100c4010000c00303' + '5a'.repeat(100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Corpus frames of `protocol` that the live cutter splits back exactly, alone and six in a row. */
function corpusFrames(protocol: string, n = 6): string[] {
  const alone = loadCorpus(protocol)
    .filter((f) => f.transport === 'tcp')
    .map(wireHex)
    .filter((h) => {
      const c = new StreamCutter({ transport: 'tcp' });
      const ps = [...c.push(fromHex(h)), ...c.end()];
      return c.protocol === protocol && ps.length === 1 && ps[0]!.kind === 'frame' && toHex(ps[0]!.bytes) === h;
    })
    .slice(0, n);
  const c = new StreamCutter({ transport: 'tcp' });
  const ps = [...c.push(fromHex(alone.join(''))), ...c.end()];
  expect(ps.map((p) => toHex(p.bytes)), `${protocol} corpus frames in a row`).toEqual(alone);
  expect(alone).toHaveLength(n);
  return alone;
}

interface Capture {
  name: string;
  file: string;
  cmd: string;
  args: string[];
  ready: RegExp;
  linkType: number;
  format: 'pcap' | 'pcapng';
  proc?: ChildProcess;
  stderr: string;
}

interface Conn {
  protocol: string;
  client: string;
  sent: string[];
  received: Buffer;
}

describe('loading captures written by tshark and tcpdump on loopback', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trackwire-live-capture-'));
  let server: net.Server;
  let udp: dgram.Socket;
  let port = 0;
  let markerPort = 0;
  let marker: dgram.Socket;
  let markerClient = '';
  let udpClient = '';
  let tlsClient = '';
  const conns: Conn[] = [];
  const captures: Capture[] = [];
  let startMs = 0;
  let endMs = 0;
  let bigWrite = 0;

  async function mark(text: string): Promise<void> {
    const payload = Buffer.from(text);
    await waitFor(
      async () => {
        marker.send(payload, markerPort, '127.0.0.1');
        await sleep(100);
        return captures.every((c) => fs.existsSync(c.file) && fs.readFileSync(c.file).includes(payload));
      },
      15000,
      `every capture file to hold the marker '${text}' (${captures.map((c) => c.name).join(', ')})`,
    );
  }

  /** Connect, send `writes` (with a pause between them), close, and wait for the close. */
  async function session(protocol: string, writes: Array<string | number>, sent: string[], waitAfterFirst?: string): Promise<Conn> {
    const sock = net.connect(port, '127.0.0.1');
    await new Promise<void>((res, rej) => sock.once('connect', res).once('error', rej));
    sock.setNoDelay(true);
    const conn: Conn = { protocol, client: `127.0.0.1:${sock.localPort}`, sent, received: Buffer.alloc(0) };
    sock.on('data', (d) => (conn.received = Buffer.concat([conn.received, d])));
    const closed = new Promise((r) => sock.once('close', r));
    for (const [i, w] of writes.entries()) {
      if (typeof w === 'number') await sleep(w);
      else await new Promise<void>((r) => sock.write(Buffer.from(w, 'hex'), () => r()));
      if (i === 0 && waitAfterFirst) await waitFor(() => conn.received.toString('hex').includes(waitAfterFirst), 3000, 'the answer to the login');
    }
    sock.end();
    await closed;
    conns.push(conn);
    return conn;
  }

  beforeAll(async () => {
    // The server: reads everything; answers a GT06 login on TCP and on UDP.
    server = net.createServer((s) => {
      s.setNoDelay(true);
      let answered = false;
      s.on('data', (d) => {
        if (!answered && d.toString('hex').startsWith(LOGIN)) {
          answered = true;
          s.write(Buffer.from(LOGIN_ACK, 'hex'));
        }
      });
      s.on('end', () => s.end());
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
    udp = dgram.createSocket('udp4');
    udp.on('message', (m, r) => m.toString('hex') === LOGIN && udp.send(Buffer.from(LOGIN_ACK, 'hex'), r.port, r.address));
    await new Promise<void>((r) => udp.bind(port, '127.0.0.1', () => r()));
    marker = dgram.createSocket('udp4');
    await new Promise<void>((r) => marker.bind(0, '127.0.0.1', () => r()));
    markerClient = `127.0.0.1:${marker.address().port}`;
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
    markerPort = probe.address().port;
    probe.close();

    const filter = `host 127.0.0.1 and (port ${port} or port ${markerPort})`;
    const f = (n: string) => path.join(dir, n);
    captures.push(
      { name: 'tshark -i lo (pcapng)', file: f('tshark.pcapng'), cmd: 'tshark', args: ['-i', 'lo', '-f', filter, '-w', f('tshark.pcapng')], ready: /Capturing on/, linkType: 1, format: 'pcapng', stderr: '' },
      { name: 'tcpdump -i lo (pcap, µs)', file: f('lo-us.pcap'), cmd: 'tcpdump', args: ['-i', 'lo', '-U', '-Z', 'root', '-w', f('lo-us.pcap'), filter], ready: /listening on/, linkType: 1, format: 'pcap', stderr: '' },
      { name: 'tcpdump -i lo (pcap, ns)', file: f('lo-ns.pcap'), cmd: 'tcpdump', args: ['-i', 'lo', '-U', '-Z', 'root', '--time-stamp-precision=nano', '-w', f('lo-ns.pcap'), filter], ready: /listening on/, linkType: 1, format: 'pcap', stderr: '' },
      { name: 'tcpdump -i any (Linux cooked v2)', file: f('any-sll2.pcap'), cmd: 'tcpdump', args: ['-i', 'any', '-y', 'LINUX_SLL2', '-U', '-Z', 'root', '-w', f('any-sll2.pcap'), filter], ready: /listening on/, linkType: 276, format: 'pcap', stderr: '' },
      { name: 'tcpdump -i any (Linux cooked v1)', file: f('any-sll.pcap'), cmd: 'tcpdump', args: ['-i', 'any', '-y', 'LINUX_SLL', '-U', '-Z', 'root', '-w', f('any-sll.pcap'), filter], ready: /listening on/, linkType: 113, format: 'pcap', stderr: '' },
    );
    await Promise.all(
      captures.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            const p = spawn(c.cmd, c.args, { stdio: ['ignore', 'ignore', 'pipe'] });
            c.proc = p;
            p.stderr!.on('data', (d) => {
              c.stderr += d;
              if (c.ready.test(c.stderr)) resolve();
            });
            p.once('error', reject);
            p.once('exit', (code) => reject(new Error(`${c.name} exited (${code}) before capturing: ${c.stderr}`)));
          }),
      ),
    );
    await mark('capture-test:start');
    startMs = Date.now();

    // GT06: login (answered), a frame split across two writes, three frames in one write, then
    // one write of ~300 KB of frames, larger than a loopback segment (64 KiB).
    const gt06 = corpusFrames('gt06', 12);
    const big: string[] = [];
    while (big.join('').length / 2 < 300_000) big.push(...gt06);
    bigWrite = big.join('').length / 2;
    const split = gt06[1]!;
    await session('gt06', [LOGIN, split.slice(0, 20), 50, split.slice(20), 50, gt06[2]! + gt06[3]! + gt06[4]!, 50, big.join('')], [LOGIN, split, gt06[2]!, gt06[3]!, gt06[4]!, ...big], LOGIN_ACK);

    // Other protocols: one alone, two merged, one split across writes, two merged.
    for (const p of ['jt808', 'h02', 'teltonika', 'meitrack', 'watch', 'tk103', 'gl200', 'gosafe']) {
      const fr = corpusFrames(p);
      const cut = Math.floor(fr[3]!.length / 4) * 2;
      await session(p, [fr[0]!, 30, fr[1]! + fr[2]!, 30, fr[3]!.slice(0, cut), 60, fr[3]!.slice(cut), 30, fr[4]! + fr[5]!], fr);
    }

    // A GT06 login over UDP, answered.
    const u = dgram.createSocket('udp4');
    await new Promise<void>((r) => u.bind(0, '127.0.0.1', () => r()));
    udpClient = `127.0.0.1:${u.address().port}`;
    const answered = new Promise((r) => u.once('message', r));
    u.send(Buffer.from(LOGIN, 'hex'), port, '127.0.0.1');
    await answered;
    u.close();

    // Something that is no tracker's.
    tlsClient = (await session('none', [TLS_HELLO], [])).client;

    endMs = Date.now();
    await mark('capture-test:end');
    await Promise.all(
      captures.map(async (c) => {
        c.proc!.removeAllListeners('exit');
        const exited = new Promise((r) => c.proc!.once('exit', r));
        c.proc!.kill('SIGINT');
        await Promise.race([exited, sleep(10_000).then(() => Promise.reject(new Error(`${c.name} did not stop on SIGINT: ${c.stderr}`)))]);
      }),
    );
  }, 90_000);

  afterAll(async () => {
    for (const c of captures) if (c.proc && c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    marker?.close();
    udp?.close();
    await new Promise((r) => server?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const loaded = new Map<string, Promise<{ frames: CaptureFrame[]; summary: LoadSummary }>>();
  function load(c: Capture) {
    if (!loaded.has(c.file)) {
      const frames: CaptureFrame[] = [];
      loaded.set(
        c.file,
        loadCaptureFile(c.file, { chunkSize: 64 * 1024, onFrame: (f) => frames.push(f) }).then((summary) => ({ frames, summary })),
      );
    }
    return loaded.get(c.file)!;
  }

  for (const which of [0, 1, 2, 3, 4]) {
    it(`gives back every frame sent, byte for byte, with its protocol: capture ${which + 1} of 5`, async () => {
      const c = captures[which]!;
      const { records, stop, format } = readCapture(fs.readFileSync(c.file));
      expect([c.name, stop, format, records[0]!.linkType]).toEqual([c.name, null, c.format, c.linkType]);
      if (c.name.includes('ns')) expect(records.some((r) => r.timeNs % 1000n !== 0n)).toBe(true);

      const { frames, summary } = await load(c);
      expect(summary, c.name).toMatchObject({ format: c.format, gaps: 0, malformedPackets: 0, incompleteFragments: 0 });
      expect(summary.reason).toBeUndefined();
      expect(summary.problems).toEqual([]);

      for (const conn of conns.filter((x) => x.protocol !== 'none')) {
        const mine = frames.filter((f) => f.transport === 'tcp' && f.client === conn.client);
        const up = mine.filter((f) => f.direction === 'up');
        expect(up.map((f) => toHex(f.bytes)), `${c.name}: ${conn.protocol} frames`).toEqual(conn.sent);
        expect(up.every((f) => f.protocol === conn.protocol && !f.undecodedReason && !f.gap)).toBe(true);
        expect(mine.every((f) => f.flow === `${conn.client} → 127.0.0.1:${port}` && f.time >= startMs - 5 && f.time <= endMs + 5)).toBe(true);
        // The other way: exactly what the client received, nothing lost.
        expect(toHex(Buffer.concat(mine.filter((f) => f.direction === 'down').map((f) => f.bytes)))).toBe(conn.received.toString('hex'));
      }
      const gt06Down = frames.filter((f) => f.direction === 'down' && f.transport === 'tcp');
      expect(gt06Down.map((f) => [f.protocol, toHex(f.bytes)])).toEqual([['gt06', LOGIN_ACK]]);

      const overUdp = frames.filter((f) => f.transport === 'udp');
      expect(overUdp.map((f) => [f.client, f.direction, f.protocol, toHex(f.bytes)])).toEqual([
        [udpClient, 'up', 'gt06', LOGIN],
        [udpClient, 'down', 'gt06', LOGIN_ACK],
      ]);

      // Frames come out in capture order.
      expect(frames.map((f) => f.packet)).toEqual([...frames.map((f) => f.packet)].sort((a, b) => a - b));
      expect(summary.frames).toBe(frames.length);
      expect(summary.flows).toBe(conns.length + 2);
      expect(summary.nonTrackerFlows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ flow: `${tlsClient} → 127.0.0.1:${port}`, transport: 'tcp', bytes: TLS_HELLO.length / 2, firstBytesHex: TLS_HELLO.slice(0, 128) }),
          expect.objectContaining({ flow: `${markerClient} → 127.0.0.1:${markerPort}`, transport: 'udp', firstBytesHex: toHex(Buffer.from('capture-test:start')) }),
        ]),
      );
      expect(summary.nonTrackerFlows).toHaveLength(2);
    });
  }

  it('the large write really spanned several TCP segments', () => {
    const c = captures[0]!;
    const gt06 = conns.find((x) => x.protocol === 'gt06')!;
    const sport = Number(gt06.client.split(':')[1]);
    const d = new PacketDecoder();
    const sizes: number[] = [];
    for (const r of readCapture(fs.readFileSync(c.file)).records) {
      const p = d.decode(r.linkType, r.data);
      if (p.kind === 'packet' && p.packet.proto === 'tcp' && p.packet.sport === sport && p.packet.payload.length) sizes.push(p.packet.payload.length);
    }
    expect(Math.max(...sizes)).toBeLessThan(bigWrite);
    expect(sizes.filter((n) => n > 1000).length).toBeGreaterThanOrEqual(Math.ceil(bigWrite / 65536));
  });

  it('the same capture cut at a random byte: the frames before the cut, then a clear stop', async () => {
    const c = captures[0]!;
    const full = fs.readFileSync(c.file);
    const { frames: all } = await load(c);
    const cutAt = 200 + Math.floor(Math.random() * (full.length - 400));
    const cutFile = path.join(dir, 'cut.pcapng');
    fs.writeFileSync(cutFile, full.subarray(0, cutAt));
    const frames: CaptureFrame[] = [];
    const s = await loadCaptureFile(cutFile, { onFrame: (f) => frames.push(f) });
    expect(s.stoppedAt, `cut at ${cutAt}`).toBeLessThanOrEqual(cutAt);
    expect(s.reason).toMatch(/^the file ends inside a block \(\d+ of \d+ bytes present\): it was cut short$/);
    // What came out is what the whole file gives up to there, except frames the cut left unfinished.
    const whole = new Set(all.map((f) => `${f.client} ${f.direction} ${f.streamOffset} ${toHex(f.bytes)}`));
    for (const f of frames) if (!f.undecodedReason) expect(whole.has(`${f.client} ${f.direction} ${f.streamOffset} ${toHex(f.bytes)}`)).toBe(true);
  });

  it('a file of random bytes: a clear message, no frames', async () => {
    const junk = path.join(dir, 'junk.pcapng');
    const bytes = Buffer.alloc(50_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[0] = 0x00;
    fs.writeFileSync(junk, bytes);
    const s = await loadCaptureFile(junk);
    expect(s).toMatchObject({ frames: 0, packets: 0, stoppedAt: 0 });
    expect(s.reason).toMatch(/^not a pcap or pcapng file: it starts with 00 [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}$/);
  });
});
