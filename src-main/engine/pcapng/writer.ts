/**
 * pcapng writer: block encoders and two writers (a file written synchronously, and memory).
 *
 * Reference: IETF draft-ietf-opsawg-pcapng ("PCAP Now Generic (PCAPNG) Capture File Format"),
 * sections 3 (general block and option layout), 4.1 Section Header Block, 4.2 Interface
 * Description Block, 4.3 Enhanced Packet Block. Link types: draft-ietf-opsawg-pcaplinktype.
 * Everything is written little-endian (the byte-order magic tells readers so); every block and
 * every option value is padded to 32 bits; a block's total length is repeated at its end.
 */
import fs from 'node:fs';

/** LINKTYPE_ETHERNET: IEEE 802.3 Ethernet frames (no FCS). */
export const LINKTYPE_ETHERNET = 1;
/** The snapshot length tcpdump and Wireshark use by default: whole packets are kept. */
export const DEFAULT_SNAPLEN = 262144;

export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 0x00000001;
export const BLOCK_EPB = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const SHB_HARDWARE = 2;
export const SHB_OS = 3;
export const SHB_USERAPPL = 4;
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;

/** One option: its code and raw value (padding is added when encoded). */
export interface PcapngOption {
  code: number;
  value: Uint8Array;
}

const utf8 = new TextEncoder();

/** An option whose value is UTF-8 text (not NUL-terminated, as the spec asks). */
export function textOption(code: number, text: string): PcapngOption {
  return { code, value: utf8.encode(text) };
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** The options area: each option padded to 32 bits, then opt_endofopt; empty when there are none. */
export function encodeOptions(options: readonly PcapngOption[]): Uint8Array {
  // An option's length field is 16 bits: longer values are cut rather than corrupting the block.
  const opts = options.map((o) => (o.value.length > 0xffff ? { code: o.code, value: o.value.subarray(0, 0xffff) } : o));
  if (!opts.length) return new Uint8Array(0);
  const size = opts.reduce((n, o) => n + 4 + pad4(o.value.length), 0) + 4;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let at = 0;
  for (const o of opts) {
    dv.setUint16(at, o.code, true);
    dv.setUint16(at + 2, o.value.length, true);
    out.set(o.value, at + 4);
    at += 4 + pad4(o.value.length);
  }
  // opt_endofopt: code 0, length 0 (the last 4 bytes are already zero).
  return out;
}

/** A whole block: type, total length, body padded to 32 bits, total length again. */
export function encodeBlock(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + pad4(body.length);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, type >>> 0, true);
  dv.setUint32(4, total, true);
  out.set(body, 8);
  dv.setUint32(total - 4, total, true);
  return out;
}

export interface SectionHeaderSpec {
  /** shb_userappl; "Trackwire" unless given. */
  userAppl?: string;
  hardware?: string;
  os?: string;
  comment?: string;
}

/** Section Header Block, version 1.0, section length unknown (-1). */
export function sectionHeaderBlock(spec: SectionHeaderSpec = {}): Uint8Array {
  const opts: PcapngOption[] = [];
  if (spec.comment) opts.push(textOption(OPT_COMMENT, spec.comment));
  if (spec.hardware) opts.push(textOption(SHB_HARDWARE, spec.hardware));
  if (spec.os) opts.push(textOption(SHB_OS, spec.os));
  opts.push(textOption(SHB_USERAPPL, spec.userAppl ?? 'Trackwire'));
  const options = encodeOptions(opts);
  const body = new Uint8Array(16 + options.length);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, BYTE_ORDER_MAGIC, true);
  dv.setUint16(4, 1, true); // major version
  dv.setUint16(6, 0, true); // minor version
  dv.setBigInt64(8, -1n, true); // section length: not given
  body.set(options, 16);
  return encodeBlock(BLOCK_SHB, body);
}

export interface InterfaceSpec {
  /** LINKTYPE_*; Ethernet unless given. */
  linkType?: number;
  /** Longest packet kept; DEFAULT_SNAPLEN unless given (0 means no limit). */
  snapLen?: number;
  name?: string;
  description?: string;
}

/** Interface Description Block with if_tsresol = 9: timestamps count nanoseconds. */
export function interfaceDescriptionBlock(spec: InterfaceSpec = {}): Uint8Array {
  const opts: PcapngOption[] = [];
  if (spec.name) opts.push(textOption(IF_NAME, spec.name));
  if (spec.description) opts.push(textOption(IF_DESCRIPTION, spec.description));
  opts.push({ code: IF_TSRESOL, value: Uint8Array.of(9) });
  const options = encodeOptions(opts);
  const body = new Uint8Array(8 + options.length);
  const dv = new DataView(body.buffer);
  dv.setUint16(0, spec.linkType ?? LINKTYPE_ETHERNET, true);
  dv.setUint16(2, 0, true); // reserved
  dv.setUint32(4, spec.snapLen ?? DEFAULT_SNAPLEN, true);
  body.set(options, 8);
  return encodeBlock(BLOCK_IDB, body);
}

export interface PacketSpec {
  interfaceId: number;
  /** Nanoseconds since the epoch (the interface's if_tsresol is 9). */
  timestampNs: bigint;
  /** The bytes captured (already cut to the snapshot length). */
  data: Uint8Array;
  /** Length on the wire; the captured length unless given. */
  originalLength?: number;
  /** opt_comment: shown by Wireshark as the packet comment. */
  comment?: string;
}

/** Enhanced Packet Block: interface id, 64-bit timestamp split high/low, lengths, padded data, options. */
export function enhancedPacketBlock(p: PacketSpec): Uint8Array {
  const options = encodeOptions(p.comment ? [textOption(OPT_COMMENT, p.comment)] : []);
  const dataLen = pad4(p.data.length);
  const body = new Uint8Array(20 + dataLen + options.length);
  const dv = new DataView(body.buffer);
  const ts = BigInt.asUintN(64, p.timestampNs < 0n ? 0n : p.timestampNs);
  dv.setUint32(0, p.interfaceId >>> 0, true);
  dv.setUint32(4, Number(ts >> 32n), true);
  dv.setUint32(8, Number(ts & 0xffffffffn), true);
  dv.setUint32(12, p.data.length, true);
  dv.setUint32(16, Math.max(p.originalLength ?? p.data.length, p.data.length) >>> 0, true);
  body.set(p.data, 20);
  body.set(options, 20 + dataLen);
  return encodeBlock(BLOCK_EPB, body);
}

/** Milliseconds since the epoch (fraction allowed, e.g. performance.timeOrigin + now()) as ns. */
export function msToNs(ms: number): bigint {
  if (!Number.isFinite(ms) || ms <= 0) return 0n;
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/** A file-system error in words a user can act on, naming the file: "the disk is full (/x.pcapng)". */
export function fsErrorText(e: unknown, path: string): string {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = err?.code;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'no permission to write there',
    EPERM: 'no permission to write there',
    EROFS: 'the file system is read-only',
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the folder path is a file, not a folder',
    EISDIR: 'that name is a folder, not a file',
    EEXIST: 'the file already exists',
    EFBIG: 'the file has reached the largest size allowed',
    EIO: 'the disk reported an input/output error',
    EMFILE: 'too many files are open',
    ENFILE: 'too many files are open',
    ENAMETOOLONG: 'the file name is too long',
    EBADF: 'the file was closed underneath the writer',
  };
  const text = (code && why[code]) || (err?.message ? `cannot write: ${err.message}` : 'cannot write');
  return `${text} (${path})`;
}

export type WriterState = 'open' | 'stopped' | 'closed';

export interface WriterOptions {
  /** Called once when a write fails; the writer then stops (later calls do nothing). */
  onError?: (message: string) => void;
  /** Options of the Section Header Block written first. */
  section?: SectionHeaderSpec;
}

/** One packet handed to a writer: which interface, when (ns), the bytes and an optional comment. */
export type PacketRecord = PacketSpec;

/**
 * What both writers share: the section header first, interfaces, packets; counts; one
 * failure stops the writer and is reported once, never thrown.
 */
export abstract class BlockWriter {
  /** 'open' while writing; 'stopped' after a failure (see `message`); 'closed' after close(). */
  state: WriterState = 'open';
  /** Why the writer stopped (undefined while open or after a normal close). */
  message: string | undefined;
  /** Bytes successfully written (the file's size). */
  bytes = 0;
  packets = 0;
  interfaces = 0;
  private snapLens: number[] = [];
  protected readonly onError?: (message: string) => void;

  protected constructor(opts: WriterOptions) {
    this.onError = opts.onError;
  }

  /** Write the section header; subclasses call it once they can write. */
  protected start(section?: SectionHeaderSpec): void {
    this.put([sectionHeaderBlock(section)]);
  }

  /** Write an Interface Description Block; returns its interface id, or -1 when stopped. */
  addInterface(spec: InterfaceSpec = {}): number {
    if (!this.put([interfaceDescriptionBlock(spec)])) return -1;
    this.snapLens.push(spec.snapLen ?? DEFAULT_SNAPLEN);
    return this.interfaces++;
  }

  /**
   * Write packets (one write for all of them), each cut to its interface's snapshot length;
   * false when stopped or an interface id is unknown (then nothing is written).
   */
  writePackets(packets: readonly PacketRecord[]): boolean {
    if (this.state !== 'open') return false;
    if (packets.some((p) => !(p.interfaceId >= 0 && p.interfaceId < this.interfaces))) return false;
    if (!packets.length) return true;
    if (!this.put(packets.map((p) => enhancedPacketBlock(this.cut(p))))) return false;
    this.packets += packets.length;
    return true;
  }

  private cut(p: PacketRecord): PacketRecord {
    const snap = this.snapLens[p.interfaceId] ?? 0;
    if (snap <= 0 || p.data.length <= snap) return p;
    return { ...p, data: p.data.subarray(0, snap), originalLength: Math.max(p.originalLength ?? 0, p.data.length) };
  }

  /** Write one packet; false when stopped or its interface id is unknown. */
  writePacket(packet: PacketRecord): boolean {
    return this.writePackets([packet]);
  }

  /** Write whole blocks; on failure stop and report once. */
  protected put(blocks: Uint8Array[]): boolean {
    if (this.state !== 'open') return false;
    const joined = blocks.length === 1 ? blocks[0]! : concat(blocks);
    try {
      this.emit(joined);
    } catch (e) {
      this.fail(e);
      return false;
    }
    this.bytes += joined.length;
    return true;
  }

  /** Stop after an error, report it once. */
  protected fail(e: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'stopped';
    this.message = this.describe(e);
    try {
      this.onError?.(this.message);
    } catch {
      // a failing callback must not turn a reported error into a thrown one
    }
  }

  protected describe(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
  }

  /** Hand the bytes on; throws on failure (caught by put). */
  protected abstract emit(bytes: Uint8Array): void;
}

export interface FileWriterOptions extends WriterOptions {
  /** Fail with EEXIST instead of replacing an existing file. */
  exclusive?: boolean;
}

/**
 * pcapng written straight to a file: every call ends with the bytes handed to the kernel
 * (fs.writeSync, no buffering), so a process killed with SIGKILL loses nothing already written.
 * A failed write is cut back to the last whole block, so the file stays readable.
 */
export class PcapngWriter extends BlockWriter {
  readonly path: string;
  /** The error code of the failure that stopped the writer (e.g. 'ENOSPC', 'EEXIST'). */
  code: string | undefined;
  private fd: number | null = null;

  /** Create (or replace, unless exclusive) `path` and write the section header; never throws. */
  constructor(path: string, opts: FileWriterOptions = {}) {
    super(opts);
    this.path = path;
    try {
      this.fd = fs.openSync(path, opts.exclusive ? 'wx' : 'w', 0o644);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.start(opts.section);
  }

  protected override describe(e: unknown): string {
    this.code = (e as NodeJS.ErrnoException | undefined)?.code;
    return fsErrorText(e, this.path);
  }

  protected emit(bytes: Uint8Array): void {
    if (this.fd === null) throw Object.assign(new Error('not open'), { code: 'EBADF' });
    let done = 0;
    try {
      while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (e) {
      // Part of a block may be on disk: cut it off so readers see only whole blocks.
      if (done > 0) {
        try {
          fs.ftruncateSync(this.fd, this.bytes);
        } catch {
          // a reader still stops cleanly at a cut-short block
        }
      }
      throw e;
    }
  }

  /** Flush to the disk and close; a failure here is reported like a write failure. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      if (this.state === 'open') fs.fsyncSync(fd);
    } catch (e) {
      this.fail(e);
    }
    try {
      fs.closeSync(fd);
    } catch (e) {
      this.fail(e);
    }
    if (this.state === 'open') this.state = 'closed';
  }
}

/**
 * pcapng built in memory, for exports streamed out: `take()` returns what was written since
 * the last take (the section header first), so a caller can forward it chunk by chunk.
 */
export class PcapngMemoryWriter extends BlockWriter {
  private pending: Uint8Array[] = [];

  constructor(opts: WriterOptions = {}) {
    super(opts);
    this.start(opts.section);
  }

  protected emit(bytes: Uint8Array): void {
    this.pending.push(bytes);
  }

  /** The bytes written since the last take, as one array (empty when nothing is new). */
  take(): Uint8Array {
    const out = concat(this.pending);
    this.pending = [];
    return out;
  }

  close(): void {
    if (this.state === 'open') this.state = 'closed';
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
