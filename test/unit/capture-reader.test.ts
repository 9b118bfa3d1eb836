import { describe, expect, it } from 'vitest';
import { CaptureReader, MAX_RECORD, readCapture, type CaptureRecord } from '../../src-main/engine/capture/reader';
import { Bytes, cat, hexOf, pcapFile, pcapngSection, type Block } from './capture-fixtures';

const T0 = 1_700_000_000_123_456_789n;
const d1 = Uint8Array.of(1, 2, 3, 4, 5);
const d2 = Uint8Array.of(9, 8, 7);
const brief = (r: CaptureRecord) => ({ index: r.index, fileOffset: r.fileOffset, timeNs: r.timeNs, interfaceId: r.interfaceId, linkType: r.linkType, data: hexOf(r.data), origLen: r.origLen, comment: r.comment });

/** Feed `bytes` in pieces of the given sizes (cycled) and collect everything. */
function readChunked(bytes: Uint8Array, sizes: number[]) {
  const r = new CaptureReader();
  const records: CaptureRecord[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    records.push(...r.push(bytes.subarray(at, at + n)));
    at += n;
  }
  return { records, stop: r.end(), reader: r };
}

describe('pcap', () => {
  const us = (ns: bigint) => (ns / 1000n) * 1000n;
  for (const le of [true, false]) {
    it(`reads ${le ? 'little' : 'big'}-endian microsecond records with offsets, times, lengths`, () => {
      const file = pcapFile([{ timeNs: T0, data: d1, origLen: 60 }, { timeNs: T0 + 1_000_000n, data: d2 }], { le, linkType: 113 });
      const { records, stop, format } = readCapture(file);
      expect(stop).toBeNull();
      expect(format).toBe('pcap');
      expect(records.map(brief)).toEqual([
        { index: 1, fileOffset: 24, timeNs: us(T0), interfaceId: 0, linkType: 113, data: '0102030405', origLen: 60, comment: undefined },
        { index: 2, fileOffset: 24 + 16 + 5, timeNs: us(T0 + 1_000_000n), interfaceId: 0, linkType: 113, data: '090807', origLen: 3, comment: undefined },
      ]);
    });
    it(`reads ${le ? 'little' : 'big'}-endian nanosecond records (magic a1b23c4d) to the nanosecond`, () => {
      const { records, stop } = readCapture(pcapFile([{ timeNs: T0, data: d1 }], { le, nano: true }));
      expect(stop).toBeNull();
      expect(records[0]!.timeNs).toBe(T0);
    });
  }

  it("reads Kuznetzov's modified pcap (24-byte record headers)", () => {
    const { records, stop } = readCapture(pcapFile([{ timeNs: T0, data: d1 }, { timeNs: T0, data: d2 }], { modified: true }));
    expect(stop).toBeNull();
    expect(records.map((r) => [r.fileOffset, hexOf(r.data)])).toEqual([
      [24, '0102030405'],
      [24 + 24 + 5, '090807'],
    ]);
  });

  it('takes the link type from the low 16 bits (the high bits carry FCS information)', () => {
    const file = pcapFile([{ timeNs: T0, data: d1 }], { linkType: 0x14000001 });
    expect(readCapture(file).records[0]!.linkType).toBe(1);
  });
});

describe('pcapng', () => {
  const blocks: Block[] = [
    { kind: 'epb', iface: 0, ts: 1_700_000_000_123_456n, data: d1, origLen: 1514, comments: ['first', 'second'] },
    { kind: 'nrb' },
    { kind: 'epb', iface: 1, ts: 1_700_000_000_123_456_789n, data: d2 },
    { kind: 'isb', iface: 0 },
    { kind: 'custom' },
    { kind: 'spb', data: d2 },
    { kind: 'pb', iface: 1, ts: 5n, data: d1 },
  ];
  const ifaces = [{ linkType: 1, name: 'lo' }, { linkType: 276, tsresol: 9 }];

  for (const le of [true, false]) {
    it(`reads a ${le ? 'little' : 'big'}-endian section: IDB resolution, EPB comments, SPB, PB; NRB, ISB, custom skipped`, () => {
      const { records, stop, format } = readCapture(pcapngSection(ifaces, blocks, le));
      expect(stop).toBeNull();
      expect(format).toBe('pcapng');
      expect(records.map((r) => [r.index, r.interfaceId, r.linkType, r.timeNs, hexOf(r.data), r.origLen, r.comment])).toEqual([
        [1, 0, 1, 1_700_000_000_123_456_000n, '0102030405', 1514, 'first\nsecond'],
        [2, 1, 276, 1_700_000_000_123_456_789n, '090807', 3, undefined],
        // SPB: interface 0, no timestamp of its own (the previous packet's is kept).
        [3, 0, 1, 1_700_000_000_123_456_789n, '090807', 3, undefined],
        // PB: the obsolete packet block, 16-bit interface id.
        [4, 1, 276, 5n, '0102030405', 5, undefined],
      ]);
      // File offsets point at the blocks.
      const file = pcapngSection(ifaces, blocks, le);
      for (const r of records) expect(new DataView(file.buffer).getUint32(r.fileOffset, le)).toBe([6, 6, 3, 2][r.index - 1]);
    });
  }

  it('reads several sections, each with its own byte order and interfaces', () => {
    const a = pcapngSection([{ linkType: 1 }], [{ kind: 'epb', iface: 0, ts: 1n, data: d1 }], true);
    const b = pcapngSection([{ linkType: 101 }, { linkType: 113 }], [{ kind: 'epb', iface: 1, ts: 2n, data: d2 }], false);
    const r = new CaptureReader();
    const recs = r.push(cat(a, b, a));
    expect(r.end()).toBeNull();
    expect(recs.map((x) => [x.index, x.interfaceId, x.linkType, x.timeNs])).toEqual([
      [1, 0, 1, 1000n],
      [2, 1, 113, 2000n],
      [3, 0, 1, 1000n],
    ]);
    expect(r.interfaces.map((i) => i.linkType)).toEqual([1]);
  });

  it('applies if_tsresol in powers of 10 and of 2, and if_tsoffset', () => {
    const file = pcapngSection(
      [
        { linkType: 1, tsresol: 3 },
        { linkType: 1, tsresol: 12 },
        { linkType: 1, tsresol: 0x80 | 10 },
        { linkType: 1, tsresol: 9, tsoffsetSec: 100n },
      ],
      [
        { kind: 'epb', iface: 0, ts: 1500n, data: d1 },
        { kind: 'epb', iface: 1, ts: 1_500_000_000_000n, data: d1 },
        { kind: 'epb', iface: 2, ts: 1536n, data: d1 },
        { kind: 'epb', iface: 3, ts: 7n, data: d1 },
      ],
    );
    expect(readCapture(file).records.map((r) => r.timeNs)).toEqual([1_500_000_000n, 1_500_000_000n, 1_500_000_000n, 100_000_000_007n]);
  });

  it('gives the same records whatever the chunk sizes, holding no more than a chunk and a record', () => {
    const many: Block[] = [];
    for (let i = 0; i < 200; i++) many.push({ kind: 'epb', iface: i % 2, ts: BigInt(i), data: new Uint8Array(i * 7).fill(i) });
    const file = pcapngSection(ifaces, many, false);
    const whole = readCapture(file).records.map(brief);
    expect(whole).toHaveLength(200);
    for (const sizes of [[1], [3, 5, 7], [4096], [file.length]]) {
      const { records, stop } = readChunked(file, sizes);
      expect(stop).toBeNull();
      expect(records.map(brief)).toEqual(whole);
    }
    // The caller may reuse its buffer (a Node Buffer, whose slice() shares memory) for the next chunk.
    const reused = Buffer.alloc(333);
    const rr = new CaptureReader();
    const got: CaptureRecord[] = [];
    for (let at = 0; at < file.length; at += reused.length) {
      const n = Math.min(reused.length, file.length - at);
      reused.set(file.subarray(at, at + n));
      got.push(...rr.push(reused.subarray(0, n)));
      reused.fill(0xee);
    }
    expect(rr.end()).toBeNull();
    expect(got.map(brief)).toEqual(whole);
    const r = new CaptureReader();
    for (let at = 0; at < file.length; at += 1000) {
      r.push(file.subarray(at, at + 1000));
      expect(r.held).toBeLessThan(1000 + 200 * 7 + 64);
    }
  });
});

describe('bad files: a clear stop, everything before it delivered, no exception', () => {
  const png = pcapngSection([{ linkType: 1 }], [1, 2, 3].map((i) => ({ kind: 'epb', iface: 0, ts: BigInt(i), data: new Uint8Array(10 + i).fill(i) })));
  const pcap = pcapFile([1, 2, 3].map((i) => ({ timeNs: BigInt(i) * 1000n, data: new Uint8Array(10 + i).fill(i) })));

  for (const [name, file] of [
    ['pcapng', png],
    ['pcap', pcap],
  ] as const) {
    it(`${name} cut at every byte: the whole records before the cut, stoppedAt the start of the cut one`, () => {
      const whole = readCapture(file).records;
      // Where records (pcap) or blocks (pcapng) begin: a cut there is a shorter, whole file.
      const bounds: number[] = [];
      if (name === 'pcap') bounds.push(24, ...whole.map((r) => r.fileOffset + 16 + r.data.length));
      else for (let at = 0; at < file.length; at += new DataView(file.buffer).getUint32(at + 4, true)) bounds.push(at + new DataView(file.buffer).getUint32(at + 4, true));
      for (let cut = 0; cut < file.length; cut++) {
        const { records, stop } = readCapture(file.subarray(0, cut));
        const complete = whole.filter((r) => bounds.find((b) => b > r.fileOffset)! <= cut);
        expect(records.map(brief)).toEqual(complete.map(brief));
        const last = Math.max(0, ...bounds.filter((b) => b <= cut));
        if (cut === 0) expect(stop).toEqual({ stoppedAt: 0, reason: 'the file is empty' });
        else if (cut < (name === 'pcap' ? 24 : 4)) expect(stop).toEqual({ stoppedAt: 0, reason: `the file ends inside its header (${cut} byte${cut === 1 ? '' : 's'})` });
        else if (bounds.includes(cut)) expect(stop).toBeNull();
        else expect(stop).toEqual({ stoppedAt: last, reason: expect.stringMatching(/^the file ends inside a (packet record|block) \(\d+ of \d+ bytes present\): it was cut short$/) });
      }
    });
  }

  it('an empty file and a file of a few bytes say so', () => {
    expect(readCapture(new Uint8Array(0)).stop).toEqual({ stoppedAt: 0, reason: 'the file is empty' });
    expect(readCapture(Uint8Array.of(0xd4, 0xc3)).stop!.reason).toMatch(/ends inside its header/);
  });

  it('random bytes: not a capture file, with the first bytes shown', () => {
    const junk = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) & 0xff);
    const { records, stop } = readCapture(junk);
    expect(records).toEqual([]);
    const first4 = [...junk.subarray(0, 4)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    expect(stop).toEqual({ stoppedAt: 0, reason: `not a pcap or pcapng file: it starts with ${first4}` });
  });

  it('a gzip-compressed capture is named as such', () => {
    expect(readCapture(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0)).stop!.reason).toMatch(/gzip-compressed.*decompress/);
  });

  it('a block with a bad length, a bad trailer or an unknown interface stops there', () => {
    const firstEnd = readCapture(png).records[1]!.fileOffset;
    const bad = (edit: (b: Uint8Array, dv: DataView) => void) => {
      const b = png.slice();
      edit(b, new DataView(b.buffer));
      return readCapture(b);
    };
    const len = bad((_, dv) => dv.setUint32(firstEnd + 4, 30, true));
    expect(len.records).toHaveLength(1);
    expect(len.stop).toEqual({ stoppedAt: firstEnd, reason: expect.stringMatching(/length 30 .*multiple of 4.*corrupt/) });
    const trailer = bad((_, dv) => dv.setUint32(firstEnd + dv.getUint32(firstEnd + 4, true) - 4, 1000, true));
    expect(trailer.records).toHaveLength(1);
    expect(trailer.stop!.reason).toMatch(/trailing length 1000 differs/);
    const iface = bad((_, dv) => dv.setUint32(firstEnd + 8, 3, true));
    expect(iface.records).toHaveLength(1);
    expect(iface.stop!.reason).toMatch(/interface 3, but its section describes 1/);
    const huge = bad((_, dv) => dv.setUint32(firstEnd + 4, MAX_RECORD + 4, true));
    expect(huge.stop!.reason).toMatch(/corrupt/);
  });

  it('a pcap record claiming more than MAX_RECORD bytes stops at that record', () => {
    const b = pcap.slice();
    const second = readCapture(pcap).records[1]!.fileOffset;
    new DataView(b.buffer).setUint32(second + 8, 0xffffff00, true);
    const { records, stop } = readCapture(b);
    expect(records).toHaveLength(1);
    expect(stop).toEqual({ stoppedAt: second, reason: expect.stringMatching(/record 2 claims 4294967040 captured bytes.*corrupt/) });
  });

  it('an unsupported pcapng version and a bad byte-order magic are named', () => {
    const v2 = png.slice();
    new DataView(v2.buffer).setUint16(12, 2, true);
    expect(readCapture(v2).stop!.reason).toMatch(/unsupported pcapng version 2\.0/);
    const bom = png.slice();
    bom.set([1, 2, 3, 4], 8);
    expect(readCapture(bom).stop!.reason).toMatch(/bad byte-order magic \(01 02 03 04\)/);
  });

  it('mutated files never throw and never deliver a record past the stop', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 2000; n++) {
      const b = (n % 2 ? png : pcap).slice();
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const cut = b.subarray(0, Math.floor(rnd() * (b.length + 1)));
      const { records, stop } = readChunked(cut, [1 + Math.floor(rnd() * 40)]);
      for (const r of records) expect(r.fileOffset).toBeLessThan(stop ? stop.stoppedAt : cut.length);
    }
  });
});

describe('CaptureReader after a stop', () => {
  it('ignores further bytes', () => {
    const r = new CaptureReader();
    r.push(new Bytes().u32(0x12345678).done());
    expect(r.stop).not.toBeNull();
    expect(r.push(pcapFile([{ timeNs: 1n, data: d1 }]))).toEqual([]);
    expect(r.end()!.stoppedAt).toBe(0);
  });
});
