import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../parsers/core/bytes';
import {
  encodeOptions,
  enhancedPacketBlock,
  fsErrorText,
  interfaceDescriptionBlock,
  msToNs,
  PcapngMemoryWriter,
  PcapngWriter,
  sectionHeaderBlock,
} from '../../src-main/engine/pcapng/writer';
import { internetChecksum, parseAddress, TcpFlowSynth, udpDatagram, type SynthFrame } from '../../src-main/engine/pcapng/synth';

const hex = (s: string) => s.replace(/\s+/g, '');

describe('pcapng blocks (draft-ietf-opsawg-pcapng, little-endian)', () => {
  it('Section Header Block: magic, version 1.0, section length -1, shb_userappl "Trackwire"', () => {
    expect(toHex(sectionHeaderBlock())).toBe(
      hex(`0a0d0d0a 30000000  4d3c2b1a 0100 0000 ffffffffffffffff
           0400 0900 547261636b77697265 000000   0000 0000   30000000`),
    );
  });

  it('Interface Description Block: Ethernet, snaplen, if_name, if_tsresol = 9 (ns)', () => {
    expect(toHex(interfaceDescriptionBlock({ name: 'eth0', snapLen: 262144 }))).toBe(
      hex(`01000000 28000000  0100 0000 00000400
           0200 0400 65746830   0900 0100 09000000   0000 0000   28000000`),
    );
  });

  it('Enhanced Packet Block: 64-bit ns timestamp high/low, lengths, padded data, opt_comment', () => {
    const epb = enhancedPacketBlock({ interfaceId: 0, timestampNs: 1700000000123456789n, data: fromHex('68656c6c6f'), comment: 'gt06 login' });
    expect(toHex(epb)).toBe(
      hex(`06000000 3c000000  00000000 fe9c9717 15cd853d 05000000 05000000
           68656c6c6f 000000
           0100 0a00 67743036206c6f67696e 0000   0000 0000   3c000000`),
    );
  });

  it('pads data of every length to 32 bits and omits the options area without options', () => {
    for (let n = 0; n < 9; n++) {
      const b = enhancedPacketBlock({ interfaceId: 2, timestampNs: 1n, data: new Uint8Array(n).fill(0xaa), originalLength: 1000 });
      const total = 32 + Math.ceil(n / 4) * 4;
      expect(b.length).toBe(total);
      const dv = new DataView(b.buffer);
      expect([dv.getUint32(4, true), dv.getUint32(total - 4, true)]).toEqual([total, total]);
      expect([dv.getUint32(8, true), dv.getUint32(20, true), dv.getUint32(24, true)]).toEqual([2, n, 1000]);
      expect([...b.subarray(28 + n, total - 4)].every((x) => x === 0)).toBe(true);
    }
    expect(encodeOptions([]).length).toBe(0);
  });

  it('turns milliseconds (with a fraction) into nanoseconds without float drift', () => {
    expect(msToNs(1700000000123)).toBe(1700000000123000000n);
    expect(msToNs(1700000000123.5)).toBe(1700000000123500000n);
    expect(msToNs(Number.NaN)).toBe(0n);
  });
});

describe('Internet checksum and synthesised frames', () => {
  it('matches RFC 1071 and a textbook IPv4 header', () => {
    // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2, checksum 220d.
    expect(internetChecksum(fromHex('0001f203f4f5f6f7'))).toBe(0x220d);
    // 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7
    expect(internetChecksum(fromHex('450000730000400040110000c0a80001c0a800c7'))).toBe(0xb861);
    // Odd length: the last byte is padded with zero.
    expect(internetChecksum(fromHex('0001f203f4f5f6'))).toBe(internetChecksum(fromHex('0001f203f4f5f600')));
  });

  // Expected frames computed independently (Python struct + the RFC 1071 sum) and checked by tshark.
  it('UDP over IPv4: Ethernet II, IPv4 (TTL 64, DF, header checksum 26c6), UDP checksum 75a4', () => {
    const f = udpDatagram({ address: '10.0.0.5', port: 4000 }, { address: '10.0.0.1', port: 8888 }, new TextEncoder().encode('hello'), 'up', 1);
    expect(toHex(f)).toBe('02545700000202545700000108004500002100014000401126c60a0000050a0000010fa022b8000d75a468656c6c6f');
  });

  it('UDP over IPv6 (server to device): pseudo-header with 32-bit length, checksum 2405', () => {
    const f = udpDatagram({ address: '2001:db8::1', port: 8888 }, { address: '[2001:db8::5]', port: 4000 }, new TextEncoder().encode('world!'), 'down');
    expect(toHex(f)).toBe(
      '02545700000102545700000286dd60000000000e114020010db800000000000000000000000120010db800000000000000000000000522b80fa0000e2405776f726c6421',
    );
  });

  it('TCP SYN over IPv4 with a given ISN: TCP checksum b1ce', () => {
    const flow = new TcpFlowSynth({ address: '::ffff:10.0.0.5', port: 50000 }, { address: '10.0.0.1', port: 8888 }, { isnUp: 0x01020304, isnDown: 0x0a0b0c0d });
    expect(toHex(flow.open()[0]!.bytes)).toBe('02545700000202545700000108004500002800014000400626ca0a0000050a000001c35022b801020304000000005002ffffb1ce0000');
  });

  it('parses IPv4, IPv6 (::, embedded IPv4, zone) and maps ::ffff:a.b.c.d to IPv4', () => {
    expect(toHex(parseAddress('192.168.1.20')!)).toBe('c0a80114');
    expect(toHex(parseAddress('::ffff:192.168.1.20')!)).toBe('c0a80114');
    expect(toHex(parseAddress('::1')!)).toBe('00000000000000000000000000000001');
    expect(toHex(parseAddress('fe80::1:2%eth0')!)).toBe('fe800000000000000000000000010002');
    expect(toHex(parseAddress('64:ff9b::192.0.2.33')!)).toBe('0064ff9b0000000000000000c0000221');
    for (const bad of ['', '1.2.3', '256.1.1.1', '1::2::3', '1:2:3:4:5:6:7:8:9', 'example.com', '12345::']) expect(parseAddress(bad)).toBeNull();
  });

  it('keeps seq/ack consistent: handshake, data both ways, split segments, window ACK, FINs', () => {
    const flow = new TcpFlowSynth({ address: '10.0.0.5', port: 50000 }, { address: '10.0.0.1', port: 8888 }, { isnUp: 1000, isnDown: 0xfffffff8 });
    const tcp = (f: SynthFrame) => {
      const dv = new DataView(f.bytes.buffer, 14 + 20);
      return { sport: dv.getUint16(0), seq: dv.getUint32(4), ack: dv.getUint32(8), flags: dv.getUint8(13), len: f.payload };
    };
    const all = [
      ...flow.open(),
      ...flow.data('up', new Uint8Array(18)),
      ...flow.data('down', new Uint8Array(10)),
      ...flow.data('up', new Uint8Array(100_000)),
      ...flow.close(),
    ].map(tcp);
    const S = 0xfffffff8; // the server's sequence numbers wrap past 2^32 after its first 7 bytes
    const w = (n: number) => n >>> 0;
    expect(all).toEqual([
      { sport: 50000, seq: 1000, ack: 0, flags: 0x02, len: 0 }, // SYN
      { sport: 8888, seq: S, ack: 1001, flags: 0x12, len: 0 }, // SYN-ACK
      { sport: 50000, seq: 1001, ack: w(S + 1), flags: 0x10, len: 0 }, // ACK
      { sport: 50000, seq: 1001, ack: w(S + 1), flags: 0x18, len: 18 },
      { sport: 8888, seq: w(S + 1), ack: 1019, flags: 0x18, len: 10 },
      { sport: 50000, seq: 1019, ack: w(S + 11), flags: 0x10, len: 65000 }, // first of two segments
      { sport: 8888, seq: w(S + 11), ack: 66019, flags: 0x10, len: 0 }, // the window would overflow: ACK first
      { sport: 50000, seq: 66019, ack: w(S + 11), flags: 0x18, len: 35000 },
      { sport: 50000, seq: 101019, ack: w(S + 11), flags: 0x11, len: 0 }, // FIN-ACK
      { sport: 8888, seq: w(S + 11), ack: 101020, flags: 0x11, len: 0 },
      { sport: 50000, seq: 101020, ack: w(S + 12), flags: 0x10, len: 0 },
    ]);
    expect(w(S + 11)).toBe(3);
    expect(flow.data('up', new Uint8Array(0))).toEqual([]);
  });

  it('every TCP and UDP checksum sums to ffff over the pseudo-header (independent check)', () => {
    const sum = (b: Uint8Array) => {
      let s = 0;
      for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | (b[i + 1] ?? 0);
      while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
      return s;
    };
    const flow = new TcpFlowSynth({ address: '2001:db8::5', port: 40000 }, { address: '2001:db8::1', port: 8888 });
    const payload = Uint8Array.from({ length: 70001 }, (_, i) => (i * 31 + 7) & 0xff);
    for (const f of [...flow.open(), ...flow.data('down', payload), ...flow.close('down')]) {
      const seg = f.bytes.subarray(14 + 40);
      const pseudo = new Uint8Array(40);
      pseudo.set(f.bytes.subarray(14 + 8, 14 + 40), 0);
      new DataView(pseudo.buffer).setUint32(32, seg.length);
      pseudo[39] = 6;
      expect(sum(Uint8Array.from([...pseudo, ...seg]))).toBe(0xffff);
    }
  });
});

describe('PcapngWriter (file) and PcapngMemoryWriter', () => {
  let dir = '';
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('writes the same bytes to a file as to memory, each call on disk when it returns', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-pcapng-'));
    const file = path.join(dir, 'x.pcapng');
    const fw = new PcapngWriter(file);
    const mw = new PcapngMemoryWriter();
    const first = mw.take();
    expect(toHex(first)).toBe(toHex(sectionHeaderBlock()));
    for (const w of [fw, mw]) {
      expect(w.addInterface({ name: 'trackwire' })).toBe(0);
      expect(w.writePacket({ interfaceId: 0, timestampNs: 5n, data: fromHex('0102'), comment: 'c' })).toBe(true);
    }
    const rest = mw.take();
    expect(fs.statSync(file).size).toBe(first.length + rest.length); // already on disk, before close
    expect(fw.bytes).toBe(first.length + rest.length);
    expect(mw.take().length).toBe(0);
    fw.close();
    expect(toHex(fs.readFileSync(file))).toBe(toHex(first) + toHex(rest));
    expect([fw.state, fw.packets, mw.packets]).toEqual(['closed', 1, 1]);
  });

  it('refuses a packet for an interface never described, without stopping', () => {
    const mw = new PcapngMemoryWriter();
    expect(mw.writePacket({ interfaceId: 0, timestampNs: 0n, data: new Uint8Array(1) })).toBe(false);
    expect(mw.state).toBe('open');
  });

  it('cuts packets to the snapshot length and keeps the original length', () => {
    const mw = new PcapngMemoryWriter();
    mw.addInterface({ snapLen: 4 });
    mw.take();
    mw.writePacket({ interfaceId: 0, timestampNs: 0n, data: fromHex('0102030405060708') });
    const dv = new DataView(mw.take().buffer);
    expect([dv.getUint32(20, true), dv.getUint32(24, true)]).toEqual([4, 8]);
  });

  it('a full disk (/dev/full: ENOSPC) is reported once with the path, never thrown', () => {
    const errors: string[] = [];
    const w = new PcapngWriter('/dev/full', { onError: (m) => errors.push(m) });
    expect(w.state).toBe('stopped');
    expect(w.addInterface()).toBe(-1);
    expect(w.writePacket({ interfaceId: 0, timestampNs: 0n, data: new Uint8Array(4) })).toBe(false);
    expect(errors).toEqual(['the disk is full (/dev/full)']);
    expect(w.code).toBe('ENOSPC');
    w.close();
  });

  it('a missing folder is reported, not thrown', () => {
    const errors: string[] = [];
    const w = new PcapngWriter('/nonexistent-trackwire-dir/x.pcapng', { onError: (m) => errors.push(m) });
    expect([w.state, w.message]).toEqual(['stopped', 'the folder does not exist (/nonexistent-trackwire-dir/x.pcapng)']);
    expect(errors.length).toBe(1);
  });

  it('names other errors in words', () => {
    const e = (code: string) => Object.assign(new Error('x'), { code });
    expect(fsErrorText(e('EROFS'), '/r/f')).toBe('the file system is read-only (/r/f)');
    expect(fsErrorText(e('EACCES'), '/r/f')).toBe('no permission to write there (/r/f)');
    expect(fsErrorText(e('EWEIRD'), '/r/f')).toBe('cannot write: x (/r/f)');
  });
});
