import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapturePipeline, loadCaptureFile, type CaptureFrame, type LoadSummary, type PipelineOptions } from '../../src-main/engine/capture/loader';
import { PcapngMemoryWriter } from '../../src-main/engine/pcapng/writer';
import { TcpFlowSynth, udpDatagram, type SynthFrame } from '../../src-main/engine/pcapng/synth';
import { StreamCutter } from '../../src-main/engine/stream';
import { loadCorpus, wireHex } from '../helpers/corpus';
import { cat, fromHexStr, hexOf, pcapFile } from './capture-fixtures';

const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;
const DEVICE = { address: '10.0.0.2', port: 40000 };
const SERVER = { address: '10.0.0.1', port: 5023 };
const LOGIN = '78780d01012345678901234500018cdd0d0a';
const LOGIN_ACK = '787805010001d9dc0d0a';

/** GT06 corpus frames the live cutter splits back one by one: the ground truth to compare with. */
const GT06 = loadCorpus('gt06')
  .filter((f) => f.transport === 'tcp')
  .map(wireHex)
  .filter((h) => {
    const c = new StreamCutter({ transport: 'tcp' });
    const ps = [...c.push(fromHexStr(h)), ...c.end()];
    return c.protocol === 'gt06' && ps.length === 1 && ps[0]!.kind === 'frame' && hexOf(ps[0]!.bytes) === h;
  })
  .slice(0, 12);

/** A pcapng capture (the project's writer) of Ethernet frames, `stepMs` apart unless timed. */
function capture(frames: Array<Uint8Array | { bytes: Uint8Array; atMs: number }>, stepMs = 1): Uint8Array {
  const w = new PcapngMemoryWriter();
  w.addInterface({ name: 'test' });
  w.writePackets(
    frames.map((f, i) => {
      const [bytes, at] = f instanceof Uint8Array ? [f, i * stepMs] : [f.bytes, f.atMs];
      return { interfaceId: 0, timestampNs: T0 + BigInt(Math.round(at * 1000)) * 1000n, data: bytes };
    }),
  );
  return w.take();
}

/** Run a capture through the pipeline in odd-sized chunks. */
function load(file: Uint8Array, opts: PipelineOptions = {}, chunk = 1000): { frames: CaptureFrame[]; summary: LoadSummary } {
  const frames: CaptureFrame[] = [];
  const p = new CapturePipeline({ ...opts, onFrame: (f) => frames.push(f) });
  for (let at = 0; at < file.length; at += chunk) p.push(file.subarray(at, at + chunk));
  return { frames, summary: p.end() };
}

const bytesOf = (frames: SynthFrame[]) => frames.map((f) => f.bytes);
const ups = (fs: CaptureFrame[]) => fs.filter((f) => f.direction === 'up' && !f.gap);

describe('CapturePipeline on synthesised captures', () => {
  it('cuts a GT06 connection into the frames sent, both directions, across segments and merged in one', () => {
    const flow = new TcpFlowSynth(DEVICE, SERVER, { isnUp: 0xfffffff0, maxSegment: 7 });
    const packets = [
      ...flow.open(),
      ...flow.data('up', fromHexStr(LOGIN)),
      ...flow.data('down', fromHexStr(LOGIN_ACK)),
      ...flow.data('up', fromHexStr(GT06.slice(1, 6).join(''))),
      ...flow.close(),
    ];
    const { frames, summary } = load(capture(bytesOf(packets)));
    expect(frames.map((f) => [f.direction, f.protocol, hexOf(f.bytes), f.undecodedReason])).toEqual([
      ['up', 'gt06', LOGIN, undefined],
      ['down', 'gt06', LOGIN_ACK, undefined],
      ...GT06.slice(1, 6).map((h) => ['up', 'gt06', h, undefined]),
    ]);
    const login = frames[0]!;
    expect(login).toMatchObject({ flow: '10.0.0.2:40000 → 10.0.0.1:5023', client: '10.0.0.2:40000', server: '10.0.0.1:5023', transport: 'tcp', streamOffset: 0, flowId: 1 });
    expect(login.candidates[0]!.protocol).toBe('gt06');
    // The login's last byte came in the 3rd data segment (7 bytes each), the 6th packet.
    expect(login.packet).toBe(3 + 3);
    expect(login.time).toBe(Number((T0 + 5n * MS) / 1000n) / 1000);
    expect(frames[3]!.streamOffset).toBe(18 + GT06[1]!.length / 2);
    expect(summary).toMatchObject({ format: 'pcapng', packets: packets.length, frames: 7, flows: 1, gaps: 0, nonTrackerFlows: [], malformedPackets: 0 });
  });

  it('IPv6 connections are named [address]:port', () => {
    const flow = new TcpFlowSynth({ address: '2001:db8::2', port: 40000 }, { address: '2001:db8::1', port: 5023 }, { maxSegment: 5 });
    const { frames } = load(capture(bytesOf([...flow.data('up', fromHexStr(LOGIN)), ...flow.data('down', fromHexStr(LOGIN_ACK)), ...flow.close()])));
    expect(frames.map((f) => [f.flow, f.direction, f.protocol, hexOf(f.bytes)])).toEqual([
      ['[2001:db8::2]:40000 → [2001:db8::1]:5023', 'up', 'gt06', LOGIN],
      ['[2001:db8::2]:40000 → [2001:db8::1]:5023', 'down', 'gt06', LOGIN_ACK],
    ]);
  });

  it('reordered and duplicated segments give back exactly the frames sent', () => {
    const flow = new TcpFlowSynth(DEVICE, SERVER, { maxSegment: 5 });
    const hs = flow.open();
    const data = flow.data('up', fromHexStr(GT06.join('')));
    const fin = flow.close();
    // Swap neighbours, move one segment far back, repeat a few.
    const mixed = [...data];
    for (let i = 0; i + 1 < mixed.length; i += 3) [mixed[i], mixed[i + 1]] = [mixed[i + 1]!, mixed[i]!];
    mixed.push(mixed.splice(4, 1)[0]!);
    mixed.splice(10, 0, data[2]!, data[9]!, data[9]!);
    const { frames, summary } = load(capture(bytesOf([...hs, ...mixed, ...fin])));
    expect(frames.map((f) => hexOf(f.bytes))).toEqual(GT06);
    expect(frames.every((f) => f.protocol === 'gt06' && !f.undecodedReason)).toBe(true);
    expect(summary.gaps).toBe(0);
    expect(summary.retransmissions).toBeGreaterThanOrEqual(3);
  });

  it('a lost segment: the frame it cut is shown cut short, a marker carries the gap, the next frames are whole', () => {
    const flow = new TcpFlowSynth(DEVICE, SERVER, { maxSegment: 16 });
    const stream = fromHexStr(GT06.join(''));
    const hs = flow.open();
    const data = flow.data('up', stream);
    const lost = 6;
    const lostAt = lost * 16;
    const packets = [...hs, ...data.slice(0, lost), ...data.slice(lost + 1), ...flow.close()];
    const { frames, summary } = load(capture(bytesOf(packets)));
    // Which frames the 16 lost bytes touched.
    const starts = GT06.map((_, i) => GT06.slice(0, i).join('').length / 2);
    const hit = GT06.map((h, i) => starts[i]! < lostAt + 16 && starts[i]! + h.length / 2 > lostAt);
    const marker = frames.find((f) => f.gap)!;
    expect(marker).toMatchObject({ bytes: new Uint8Array(0), gap: { missingBytes: 16, atStreamOffset: lostAt }, streamOffset: lostAt, protocol: 'gt06' });
    expect(marker.undecodedReason).toMatch(/^16 bytes missing from the capture here/);
    const whole = frames.filter((f) => !f.undecodedReason).map((f) => hexOf(f.bytes));
    expect(whole).toEqual(GT06.filter((_, i) => !hit[i]));
    const cutShort = frames.find((f) => f.undecodedReason?.startsWith('frame cut short'))!;
    expect(cutShort.streamOffset).toBe(starts[hit.indexOf(true)]);
    expect(cutShort.streamOffset + cutShort.bytes.length).toBe(lostAt);
    // Every byte that was captured is in some frame, at its place in the stream.
    const seen = new Uint8Array(stream.length);
    for (const f of frames) seen.set(f.bytes, f.streamOffset);
    expect(hexOf(seen)).toBe(hexOf(cat(stream.subarray(0, lostAt), new Uint8Array(16), stream.subarray(lostAt + 16))));
    expect(summary).toMatchObject({ gaps: 1, missingBytes: 16 });
  });

  it('lists a flow of no tracker protocol instead of cutting it', () => {
    const tls = fromHexStr('160301020001000200' + '0303' + 'ab'.repeat(120));
    const flow = new TcpFlowSynth({ address: '10.0.0.9', port: 50000 }, { address: '93.184.216.34', port: 443 }, { maxSegment: 100 });
    const packets = [...flow.open(), ...flow.data('up', tls), ...flow.data('down', fromHexStr('1603030040' + '00'.repeat(64))), ...flow.close()];
    const { frames, summary } = load(capture(bytesOf(packets)));
    expect(frames).toEqual([]);
    // Packets are counted until the connection closes (the last ACK after both FINs is not).
    expect(summary.nonTrackerFlows).toEqual([{ flow: '10.0.0.9:50000 → 93.184.216.34:443', transport: 'tcp', packets: packets.length - 1, bytes: tls.length + 69, firstBytesHex: hexOf(tls.subarray(0, 64)) }]);
  });

  it('UDP: each datagram cut with its sender’s cutter; a DNS flow is listed', () => {
    const dns = fromHexStr('abcd01000001000000000000076578616d706c6503636f6d0000010001');
    const packets = [
      udpDatagram(DEVICE, SERVER, fromHexStr(LOGIN), 'up'),
      udpDatagram(SERVER, DEVICE, fromHexStr(LOGIN_ACK), 'down'),
      udpDatagram(DEVICE, SERVER, fromHexStr(GT06[2]! + GT06[3]!), 'up'),
      udpDatagram({ address: '10.0.0.2', port: 53000 }, { address: '10.0.0.53', port: 53 }, dns, 'up'),
    ];
    const { frames, summary } = load(capture(packets));
    expect(frames.map((f) => [f.transport, f.direction, f.protocol, hexOf(f.bytes), f.packet])).toEqual([
      ['udp', 'up', 'gt06', LOGIN, 1],
      ['udp', 'down', 'gt06', LOGIN_ACK, 2],
      ['udp', 'up', 'gt06', GT06[2], 3],
      ['udp', 'up', 'gt06', GT06[3], 3],
    ]);
    expect(frames[0]!.flow).toBe('10.0.0.2:40000 → 10.0.0.1:5023');
    expect(summary.nonTrackerFlows).toEqual([{ flow: '10.0.0.2:53000 → 10.0.0.53:53', transport: 'udp', packets: 1, bytes: dns.length, firstBytesHex: hexOf(dns) }]);
    expect(summary.flows).toBe(2);
  });

  it('a forced protocol cuts every flow as that protocol', () => {
    const flow = new TcpFlowSynth(DEVICE, SERVER);
    const junk = '0102030405';
    const { frames } = load(capture(bytesOf([...flow.data('up', fromHexStr(junk + LOGIN)), ...flow.close()])), { protocol: 'gt06' });
    expect(frames.map((f) => [f.protocol, hexOf(f.bytes), f.undecodedReason ?? null])).toEqual([
      ['gt06', junk, 'bytes between gt06 frames (resynchronised)'],
      ['gt06', LOGIN, null],
    ]);
  });

  it('capture time stands in for the listener’s idle timer: an H02 frame of ambiguous length comes out in file order', () => {
    const h02 = '2441060116601245431311165035313006004318210e000000fffffbffff0024';
    const a = new TcpFlowSynth({ address: '10.0.0.3', port: 41000 }, SERVER);
    const b = new TcpFlowSynth(DEVICE, SERVER);
    const first = a.data('up', fromHexStr(h02)).map((f) => ({ bytes: f.bytes, atMs: 0 }));
    const later = b.data('up', fromHexStr(LOGIN)).map((f) => ({ bytes: f.bytes, atMs: 2000 }));
    const { frames } = load(capture([...first, ...later]));
    expect(frames.map((f) => [f.protocol, hexOf(f.bytes), f.time])).toEqual([
      ['h02', h02, Number(T0 / 1_000_000n)],
      ['gt06', LOGIN, Number(T0 / 1_000_000n) + 2000],
    ]);
  });

  it('live packets (pushRecord) go the same way; advance() stands in for the clock between packets', () => {
    const h02 = '2441060116601245431311165035313006004318210e000000fffffbffff0024';
    const frames: CaptureFrame[] = [];
    const p = new CapturePipeline({ onFrame: (f) => frames.push(f) });
    const flow = new TcpFlowSynth(DEVICE, SERVER);
    // One buffer reused for every packet, as libpcap bindings do.
    const shared = Buffer.alloc(2000);
    bytesOf(flow.data('up', fromHexStr(h02))).forEach((data, i) => {
      shared.set(data);
      p.pushRecord({ index: i + 1, fileOffset: 0, timeNs: T0, interfaceId: 0, linkType: 1, data: shared.subarray(0, data.length), origLen: data.length });
      shared.fill(0xee);
    });
    expect(frames).toEqual([]);
    p.advance(T0 + 100n * MS);
    expect(frames).toEqual([]);
    p.advance(T0 + 400n * MS);
    expect(frames.map((f) => [f.protocol, hexOf(f.bytes), f.packet])).toEqual([['h02', h02, 4]]);
    const s = p.end();
    expect(s).toMatchObject({ packets: 4, frames: 1, flows: 1 });
    expect(s.reason).toBeUndefined();
  });

  it('keeps going past malformed and non-IP packets, and counts them', () => {
    const flow = new TcpFlowSynth(DEVICE, SERVER);
    const login = flow.data('up', fromHexStr(LOGIN));
    const arp = fromHexStr('ffffffffffff0200000000010806' + '00'.repeat(28));
    const broken = login[login.length - 1]!.bytes.slice(0, 20);
    const { frames, summary } = load(capture([arp, broken, ...bytesOf(login)]));
    expect(frames.map((f) => hexOf(f.bytes))).toEqual([LOGIN]);
    expect(summary).toMatchObject({ otherPackets: 1, malformedPackets: 1, problems: [{ packet: 2, reason: 'IPv4 header cut short (6 of 20 bytes)' }] });
  });
});

describe('CapturePipeline on damaged captures', () => {
  it('mutated, cut, shuffled, duplicated and thinned captures never throw; only gap markers are empty', () => {
    let seed = 1234;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const flow = new TcpFlowSynth(DEVICE, SERVER, { maxSegment: 9 });
    const base = bytesOf([...flow.data('up', fromHexStr(LOGIN + GT06.join(''))), ...flow.data('down', fromHexStr(LOGIN_ACK)), ...flow.close()]);
    for (let n = 0; n < 300; n++) {
      const packets = base.map((b) => b.slice());
      for (let k = 0; k < 5; k++) {
        const i = Math.floor(rnd() * packets.length);
        const j = Math.floor(rnd() * packets.length);
        const what = rnd();
        if (what < 0.3) [packets[i], packets[j]] = [packets[j]!, packets[i]!];
        else if (what < 0.5) packets.splice(i, 1);
        else if (what < 0.7) packets.splice(i, 0, packets[j]!);
        else if (packets[i]!.length) packets[i]![Math.floor(rnd() * packets[i]!.length)] = Math.floor(rnd() * 256);
      }
      let file = capture(packets);
      if (n % 3 === 0) file = file.subarray(0, Math.floor(rnd() * file.length));
      const { frames, summary } = load(file, {}, 1 + Math.floor(rnd() * 3000));
      expect(summary.frames).toBe(frames.length);
      for (const f of frames) expect(f.bytes.length > 0 || f.gap !== undefined).toBe(true);
    }
  });
});

describe('loadCaptureFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trackwire-capture-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Many GT06 connections: about 600 KB.
  const big = (() => {
    const packets: Uint8Array[] = [];
    for (let c = 0; c < 300; c++) {
      const flow = new TcpFlowSynth({ address: '10.0.1.' + (c % 250), port: 30000 + c }, SERVER, { maxSegment: 50 });
      packets.push(...bytesOf(flow.data('up', fromHexStr(LOGIN + GT06.join('')))), ...bytesOf(flow.close()));
    }
    return capture(packets);
  })();
  const bigFile = path.join(dir, 'big.pcapng');
  fs.writeFileSync(bigFile, big);

  it('reports progress per chunk and yields every frame', async () => {
    const progress: number[] = [];
    let frames = 0;
    const s = await loadCaptureFile(bigFile, { chunkSize: 64 * 1024, onProgress: (p) => (progress.push(p.bytesRead), expect(p.totalBytes).toBe(big.length)), onFrame: () => frames++ });
    expect(s).toMatchObject({ totalBytes: big.length, bytesRead: big.length, frames: 300 * (GT06.length + 1), flows: 300, gaps: 0 });
    expect(s.reason).toBeUndefined();
    expect(frames).toBe(s.frames);
    expect(progress.length).toBe(Math.ceil(big.length / (64 * 1024)));
    expect(progress.at(-1)).toBe(big.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stops when the signal aborts, with what was read so far', async () => {
    const ac = new AbortController();
    let frames = 0;
    const s = await loadCaptureFile(bigFile, { chunkSize: 64 * 1024, signal: ac.signal, onProgress: (p) => p.bytesRead >= 128 * 1024 && ac.abort(), onFrame: () => frames++ });
    expect(s).toMatchObject({ cancelled: true, reason: 'cancelled', stoppedAt: 128 * 1024, bytesRead: 128 * 1024 });
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(300 * (GT06.length + 1));
  });

  it('a missing file, a file cut at a random byte and a file of random bytes give a reason, never an exception', async () => {
    expect(await loadCaptureFile(path.join(dir, 'nope.pcapng'))).toMatchObject({ frames: 0, stoppedAt: 0, reason: expect.stringMatching(/^cannot open .*nope\.pcapng: ENOENT/) });

    const cutAt = 1000 + Math.floor(Math.random() * (big.length - 2000));
    fs.writeFileSync(path.join(dir, 'cut.pcapng'), big.subarray(0, cutAt));
    const frames: CaptureFrame[] = [];
    const cut = await loadCaptureFile(path.join(dir, 'cut.pcapng'), { onFrame: (f) => frames.push(f) });
    expect(cut.stoppedAt, `cut at ${cutAt}`).toBeLessThanOrEqual(cutAt);
    expect(cut.stoppedAt).toBeGreaterThan(cutAt - 200);
    expect(cut.reason).toMatch(/cut short/);
    // Every frame before the cut is there; the frames all are corpus frames or flagged.
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) if (!f.undecodedReason) expect([LOGIN, ...GT06]).toContain(hexOf(f.bytes));

    const junk = Uint8Array.from({ length: 100_000 }, () => Math.floor(Math.random() * 256));
    junk[0] = 0x42; // not a capture magic
    fs.writeFileSync(path.join(dir, 'junk.bin'), junk);
    const j = await loadCaptureFile(path.join(dir, 'junk.bin'));
    expect(j).toMatchObject({ packets: 0, frames: 0, stoppedAt: 0, reason: expect.stringMatching(/^not a pcap or pcapng file: it starts with 42 /) });
  });

  it('reads pcap as well as pcapng', async () => {
    const flow = new TcpFlowSynth(DEVICE, SERVER);
    const f = path.join(dir, 'one.pcap');
    fs.writeFileSync(f, pcapFile(bytesOf([...flow.data('up', fromHexStr(LOGIN)), ...flow.close()]).map((data, i) => ({ timeNs: T0 + BigInt(i), data }))));
    const frames: CaptureFrame[] = [];
    const s = await loadCaptureFile(f, { onFrame: (x) => frames.push(x) });
    expect(s.format).toBe('pcap');
    expect(frames.map((x) => hexOf(x.bytes))).toEqual([LOGIN]);
  });
});
