/**
 * Streaming reader for capture files, fed in chunks: pcap (draft-ietf-opsawg-pcap: both byte
 * orders, microsecond and nanosecond magic, Kuznetzov's modified records) and pcapng
 * (draft-ietf-opsawg-pcapng: SHB in either byte order, several sections, IDB with if_tsresol and
 * if_tsoffset, EPB, SPB, the obsolete PB, opt_comment; NRB, ISB and other blocks skipped).
 *
 * Memory: only the bytes of the record being read are held (a record is at most MAX_RECORD bytes),
 * so a file of any size streams through in chunks. A truncated or corrupt file stops the reader
 * with `{ stoppedAt, reason }`; every record before that point has been delivered; nothing throws.
 */

export interface CaptureRecord {
  /** 1-based packet number, counting packet records only (Wireshark's frame number). */
  index: number;
  /** Byte offset in the file of the packet's record (pcap) or block (pcapng). */
  fileOffset: number;
  /** Capture time, nanoseconds since the epoch (SPB carries none: the previous packet's time). */
  timeNs: bigint;
  /** pcapng interface id within its section; 0 for pcap. */
  interfaceId: number;
  /** LINKTYPE_* of the interface (tcpdump.org link-layer header types). */
  linkType: number;
  /** The captured bytes (a copy: holding it holds nothing else). */
  data: Uint8Array;
  /** Length of the packet on the wire (data may be shorter: snaplen). */
  origLen: number;
  /** opt_comment of the packet (several are joined with newlines). */
  comment?: string;
}

export interface ReaderStop {
  /** File offset of the first byte that could not be used; everything before it was delivered. */
  stoppedAt: number;
  reason: string;
}

export interface CaptureInterface {
  linkType: number;
  snapLen: number;
  /** if_tsresol as written (default 6: microseconds). */
  tsresol: number;
  name?: string;
}

/** Largest record or block accepted; a larger length field means a corrupt file. */
export const MAX_RECORD = 16 * 1024 * 1024;

const PCAPNG_SHB = 0x0a0d0d0a;
const BOM = 0x1a2b3c4d;
const BT_IDB = 1;
const BT_PB = 2;
const BT_SPB = 3;
const BT_EPB = 6;

interface Iface extends CaptureInterface {
  mul: bigint;
  div: bigint;
  offsetNs: bigint;
}

type Step = { need: number } | { used: number; record?: CaptureRecord } | { stop: string };

/** A few file kinds people open by mistake, by their first bytes. */
const OTHER_FORMATS: Array<[number[], string]> = [
  [[0x1f, 0x8b], 'a gzip-compressed file; decompress it first (e.g. gunzip)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file; decompress it first (e.g. unzstd)'],
  [[0x73, 0x6e, 0x6f, 0x6f, 0x70, 0x00], 'a Solaris snoop capture; convert it with editcap -F pcapng'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive; extract the capture first'],
];

/** pcap magic numbers (as read big-endian) → [little-endian, nanoseconds, record header length]. */
const PCAP_MAGICS: Record<number, [boolean, boolean, number]> = {
  0xa1b2c3d4: [false, false, 16],
  0xd4c3b2a1: [true, false, 16],
  0xa1b23c4d: [false, true, 16],
  0x4d3cb2a1: [true, true, 16],
  0xa1b2cd34: [false, false, 24],
  0x34cdb2a1: [true, false, 24],
};

function notCaptureReason(head: Uint8Array): string {
  const known = OTHER_FORMATS.find(([sig]) => sig.every((b, i) => head[i] === b));
  return `not a pcap or pcapng file: it starts with ${hexBytes(head.subarray(0, 4))}${known ? ` (${known[1]})` : ''}`;
}

/**
 * The format a file's first bytes (4 are enough, 8 name more mistakes) announce, or why it is
 * not a capture; null when fewer than 4 bytes are given (the reader reports short files).
 */
export function sniffCapture(head: Uint8Array): { format: 'pcap' | 'pcapng' } | { error: string } | null {
  if (head.length < 4) return null;
  const m = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  if (m === PCAPNG_SHB) return { format: 'pcapng' };
  if (PCAP_MAGICS[m]) return { format: 'pcap' };
  return { error: notCaptureReason(head) };
}

function hexBytes(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

export class CaptureReader {
  /** Known once the first bytes are read. */
  format: 'pcap' | 'pcapng' | null = null;
  /** Set when the reader stopped early (truncated or corrupt file); no more records come. */
  stop: ReaderStop | null = null;
  /** Packets delivered so far. */
  count = 0;

  private buf: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(this.buf.buffer);
  private pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private parts: Uint8Array[] = [];
  private partsLen = 0;
  /** Bytes needed from `pos` before the next step can complete. */
  private need = 4;
  private le = true;
  private headerDone = false;
  // pcap
  private pcapRecordLen = 16;
  private pcapNs = false;
  private pcapLink = 0;
  private pcapSnap = 0;
  // pcapng
  private ifaces: Iface[] = [];
  private lastNs = 0n;

  /** Interfaces of the current pcapng section (one for pcap). */
  get interfaces(): CaptureInterface[] {
    if (this.format === 'pcap') return [{ linkType: this.pcapLink, snapLen: this.pcapSnap, tsresol: this.pcapNs ? 9 : 6 }];
    return this.ifaces.map(({ linkType, snapLen, tsresol, name }) => ({ linkType, snapLen, tsresol, name }));
  }

  /** Bytes held, waiting for the rest of a record (at most a chunk plus one record). */
  get held(): number {
    return this.buf.length - this.pos + this.partsLen;
  }

  /** File offset up to which bytes have been used. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * Add the next bytes of the file; returns the packets now whole (none once stopped). Nothing
   * of `chunk` is referenced once this returns: the caller may reuse its buffer.
   */
  push(chunk: Uint8Array): CaptureRecord[] {
    if (this.stop || chunk.length === 0) return [];
    if (this.buf.length - this.pos + this.partsLen + chunk.length < this.need) {
      this.parts.push(new Uint8Array(chunk));
      this.partsLen += chunk.length;
      return [];
    }
    this.parts.push(chunk);
    this.partsLen += chunk.length;
    this.gather();
    const out: CaptureRecord[] = [];
    for (;;) {
      const s = this.step();
      if ('need' in s) {
        this.need = s.need;
        break;
      }
      if ('stop' in s) {
        this.stop = { stoppedAt: this.offset, reason: s.stop };
        this.release();
        break;
      }
      this.pos += s.used;
      if (s.record) out.push(s.record);
    }
    // Keep a copy of the unread tail (less than a record), not the caller's buffer.
    if (!this.stop) {
      this.base += this.pos;
      this.buf = this.buf.slice(this.pos);
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
      this.pos = 0;
    }
    return out;
  }

  /** The file ended: returns why reading stopped early, or null when the file was whole. */
  end(): ReaderStop | null {
    if (this.stop) return this.stop;
    this.gather();
    const left = this.buf.length - this.pos;
    if (!this.headerDone) {
      this.stop = { stoppedAt: this.offset, reason: this.offset === 0 && left === 0 ? 'the file is empty' : `the file ends inside its header (${byteCount(left)})` };
    } else if (left > 0) {
      this.stop = { stoppedAt: this.offset, reason: `the file ends inside a ${this.format === 'pcap' ? 'packet record' : 'block'} (${left} of ${this.need} bytes present): it was cut short` };
    }
    this.release();
    return this.stop;
  }

  private release(): void {
    this.buf = new Uint8Array(0);
    this.view = new DataView(this.buf.buffer);
    this.base += this.pos;
    this.pos = 0;
    this.parts = [];
    this.partsLen = 0;
  }

  /** Make the unread bytes one contiguous buffer. */
  private gather(): void {
    if (!this.parts.length) return;
    const rest = this.buf.subarray(this.pos);
    let next: Uint8Array;
    if (rest.length === 0 && this.parts.length === 1) {
      // A plain Uint8Array view: on a Node Buffer, slice() would share memory instead of copying.
      const p = this.parts[0]!;
      next = new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
    } else {
      next = new Uint8Array(rest.length + this.partsLen);
      next.set(rest, 0);
      let o = rest.length;
      for (const p of this.parts) {
        next.set(p, o);
        o += p.length;
      }
    }
    this.base += this.pos;
    this.pos = 0;
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.parts = [];
    this.partsLen = 0;
  }

  private u16(at: number): number {
    return this.view.getUint16(this.pos + at, this.le);
  }
  private u32(at: number): number {
    return this.view.getUint32(this.pos + at, this.le);
  }

  private step(): Step {
    const avail = this.buf.length - this.pos;
    if (!this.headerDone) return this.header(avail);
    return this.format === 'pcap' ? this.pcapRecord(avail) : this.pcapngBlock(avail);
  }

  private header(avail: number): Step {
    if (avail < 4) return { need: 4 };
    const m = this.view.getUint32(this.pos, false);
    if (m === PCAPNG_SHB) {
      this.format = 'pcapng';
      this.headerDone = true;
      return { used: 0 };
    }
    const kind = PCAP_MAGICS[m];
    if (!kind) return { stop: notCaptureReason(this.buf.subarray(this.pos, this.pos + 8)) };
    if (avail < 24) return { need: 24 };
    [this.le, this.pcapNs, this.pcapRecordLen] = kind;
    const major = this.u16(4);
    if (major !== 2) return { stop: `unsupported pcap version ${major}.${this.u16(6)} (only 2.x exists)` };
    this.pcapSnap = this.u32(16);
    // The low 16 bits are the link type; the high bits may carry FCS information.
    this.pcapLink = this.u32(20) & 0xffff;
    this.format = 'pcap';
    this.headerDone = true;
    return { used: 24 };
  }

  private pcapRecord(avail: number): Step {
    const hl = this.pcapRecordLen;
    if (avail < hl) return { need: hl };
    const incl = this.u32(8);
    if (incl > MAX_RECORD) return { stop: `packet record ${this.count + 1} claims ${incl} captured bytes (more than ${MAX_RECORD}): the file is corrupt` };
    if (avail < hl + incl) return { need: hl + incl };
    const sec = BigInt(this.u32(0));
    const frac = this.u32(4);
    const timeNs = sec * 1_000_000_000n + BigInt(this.pcapNs ? frac : frac * 1000);
    this.lastNs = timeNs;
    const rec: CaptureRecord = {
      index: ++this.count,
      fileOffset: this.offset,
      timeNs,
      interfaceId: 0,
      linkType: this.pcapLink,
      data: this.buf.slice(this.pos + hl, this.pos + hl + incl),
      origLen: this.u32(12),
    };
    return { used: hl + incl, record: rec };
  }

  private pcapngBlock(avail: number): Step {
    if (avail < 12) return { need: avail < 8 ? 8 : 12 };
    const at = this.offset;
    const typeBE = this.view.getUint32(this.pos, false);
    if (typeBE === PCAPNG_SHB) {
      // The section's byte order comes from its byte-order magic, before any length is read.
      const bom = this.view.getUint32(this.pos + 8, true);
      if (bom === BOM) this.le = true;
      else if (bom === 0x4d3c2b1a) this.le = false;
      else return { stop: `section header at byte ${at} has a bad byte-order magic (${hexBytes(this.buf.subarray(this.pos + 8, this.pos + 12))}): the file is corrupt` };
    }
    const type = this.u32(0);
    const len = this.u32(4);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
      return { stop: `block at byte ${at} has length ${len} (it must be a multiple of 4, from 12 to ${MAX_RECORD}): the file is corrupt` };
    }
    if (avail < len) return { need: len };
    const trailer = this.u32(len - 4);
    if (trailer !== len) return { stop: `block at byte ${at}: its trailing length ${trailer} differs from its leading length ${len}: the file is corrupt` };
    switch (type) {
      case PCAPNG_SHB:
        return this.shb(len, at);
      case BT_IDB:
        return this.idb(len, at);
      case BT_EPB:
      case BT_PB:
        return this.packetBlock(type, len, at);
      case BT_SPB:
        return this.spb(len, at);
      default:
        // NRB, ISB, DSB, custom and unknown blocks carry no packets.
        return { used: len };
    }
  }

  private shb(len: number, at: number): Step {
    if (len < 28) return { stop: `section header at byte ${at} is too short (${len} bytes): the file is corrupt` };
    const major = this.u16(12);
    if (major !== 1) return { stop: `section header at byte ${at}: unsupported pcapng version ${major}.${this.u16(14)}` };
    this.ifaces = [];
    return { used: len };
  }

  private idb(len: number, at: number): Step {
    if (len < 20) return { stop: `interface description at byte ${at} is too short (${len} bytes): the file is corrupt` };
    const iface: Iface = { linkType: this.u16(8), snapLen: this.u32(12), tsresol: 6, mul: 1000n, div: 1n, offsetNs: 0n };
    this.options(16, len - 4, (code, o, n) => {
      if (code === 9 && n >= 1) iface.tsresol = this.buf[this.pos + o]!;
      else if (code === 14 && n >= 8) iface.offsetNs = this.view.getBigInt64(this.pos + o, this.le) * 1_000_000_000n;
      else if (code === 2) iface.name = utf8(this.buf.subarray(this.pos + o, this.pos + o + n));
    });
    const r = iface.tsresol;
    const v = BigInt(r & 0x7f);
    if (r & 0x80) {
      if (v > 64n) return { stop: `interface description at byte ${at}: time resolution 2^-${v} is out of range` };
      [iface.mul, iface.div] = [1_000_000_000n, 1n << v];
    } else {
      if (v > 19n) return { stop: `interface description at byte ${at}: time resolution 10^-${v} is out of range` };
      [iface.mul, iface.div] = v <= 9n ? [10n ** (9n - v), 1n] : [1n, 10n ** (v - 9n)];
    }
    this.ifaces.push(iface);
    return { used: len };
  }

  /** EPB, or the obsolete PB (16-bit interface id and drop count where EPB has its 32-bit id). */
  private packetBlock(type: number, len: number, at: number): Step {
    const name = type === BT_EPB ? 'enhanced packet block' : 'packet block';
    if (len < 32) return { stop: `${name} at byte ${at} is too short (${len} bytes): the file is corrupt` };
    const ifId = type === BT_EPB ? this.u32(8) : this.u16(8);
    const iface = this.ifaces[ifId];
    if (!iface) return { stop: `${name} at byte ${at} refers to interface ${ifId}, but its section describes ${this.ifaces.length}: the file is corrupt` };
    const caplen = this.u32(20);
    if (caplen > len - 32) return { stop: `${name} at byte ${at} claims ${caplen} captured bytes in a ${len}-byte block: the file is corrupt` };
    const ts = (BigInt(this.u32(12)) << 32n) | BigInt(this.u32(16));
    const timeNs = (ts * iface.mul) / iface.div + iface.offsetNs;
    this.lastNs = timeNs;
    const rec: CaptureRecord = {
      index: ++this.count,
      fileOffset: at,
      timeNs,
      interfaceId: ifId,
      linkType: iface.linkType,
      data: this.buf.slice(this.pos + 28, this.pos + 28 + caplen),
      origLen: this.u32(24),
    };
    const comment = this.comments(28 + pad4(caplen), len - 4);
    if (comment !== undefined) rec.comment = comment;
    return { used: len, record: rec };
  }

  /** SPB: interface 0, no timestamp, captured length = what the block holds (up to snaplen). */
  private spb(len: number, at: number): Step {
    if (len < 16) return { stop: `simple packet block at byte ${at} is too short (${len} bytes): the file is corrupt` };
    const iface = this.ifaces[0];
    if (!iface) return { stop: `simple packet block at byte ${at} comes before any interface description: the file is corrupt` };
    const origLen = this.u32(8);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snapLen) caplen = Math.min(caplen, iface.snapLen);
    const rec: CaptureRecord = {
      index: ++this.count,
      fileOffset: at,
      timeNs: this.lastNs,
      interfaceId: 0,
      linkType: iface.linkType,
      data: this.buf.slice(this.pos + 12, this.pos + 12 + caplen),
      origLen,
    };
    return { used: len, record: rec };
  }

  /** Walk the options in [from, to) of the current block; a malformed list just ends the walk. */
  private options(from: number, to: number, fn: (code: number, start: number, length: number) => void): void {
    let o = from;
    while (o + 4 <= to) {
      const code = this.u16(o);
      const n = this.u16(o + 2);
      if (code === 0) return;
      if (o + 4 + n > to) return;
      fn(code, o + 4, n);
      o += 4 + pad4(n);
    }
  }

  private comments(from: number, to: number): string | undefined {
    let out: string | undefined;
    this.options(from, to, (code, o, n) => {
      if (code !== 1) return;
      const text = utf8(this.buf.subarray(this.pos + o, this.pos + o + n));
      out = out === undefined ? text : `${out}\n${text}`;
    });
    return out;
  }
}

const decoder = new TextDecoder('utf-8');
function utf8(b: Uint8Array): string {
  return decoder.decode(b).replace(/\0+$/, '');
}

/** `1 byte`, `12 bytes`. */
function byteCount(n: number): string {
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Read a whole in-memory capture: every packet plus the stop, if any (tests and small files). */
export function readCapture(bytes: Uint8Array): { records: CaptureRecord[]; stop: ReaderStop | null; format: CaptureReader['format'] } {
  const r = new CaptureReader();
  const records = r.push(bytes);
  const stop = r.end();
  return { records, stop, format: r.format };
}
