/**
 * Framing of the three Queclink wire formats that share one port:
 * - ASCII @Track sentences `+RESP:`/`+BUFF:`/`+ACK:`/`+SACK:`/`+NACK:` … up to `$` (`\0` on
 *   GT300/GL100 firmware);
 * - @Track HEX frames `+RSP`/`+BSP`/`+EVT`/`+BVT`/`+INF`/`+BNF`/`+HBD`/`+CRD`/`+BRD`/`+LGN`/`+CAN`/
 *   `+DAT`/`+ACK` (no `:` after `+ACK`) with a length field at a header-specific offset, ending 0d0a;
 * - Protocol Pro frames `2B|2D 00 <u16 length>` (heartbeat `2B 10 <u8 length>`) ending `$`.
 * Facts: Traccar Gl200FrameDecoder; Queclink GV300CAN @Track protocol §4; GL601 Protocol Pro.
 */
import type { SplitResult } from '../core/types';

export type FrameKind = 'text' | 'binary' | 'pro';

/** Text sentence prefixes (between `+` and `:`). */
export const TEXT_PREFIXES = ['RESP', 'BUFF', 'ACK', 'SACK', 'NACK'] as const;

/** HEX headers: offset and width of the length field. */
export const BINARY_HEADERS: Readonly<Record<string, { at: number; width: 1 | 2 }>> = {
  RSP: { at: 9, width: 2 }, BSP: { at: 9, width: 2 }, EVT: { at: 9, width: 2 }, BVT: { at: 9, width: 2 },
  CAN: { at: 9, width: 2 }, DAT: { at: 9, width: 2 }, INF: { at: 7, width: 2 }, BNF: { at: 7, width: 2 },
  HBD: { at: 5, width: 1 }, CRD: { at: 6, width: 2 }, BRD: { at: 6, width: 2 }, LGN: { at: 6, width: 2 },
  ACK: { at: 6, width: 1 },
};

/** Longest ASCII sentence waited for (GTERI with a CAN block reaches ~1 kB). */
export const MAX_TEXT = 4096;
/** Longest HEX / Protocol Pro frame waited for (compressed +RSP batches reach ~1.5 kB). */
export const MAX_BINARY = 8192;

export interface Head {
  kind: FrameKind;
  /** Three-letter HEX header (`RSP`…) or text prefix (`RESP`…); `pro`/`pro-heartbeat` for Protocol Pro. */
  name: string;
}

const isUpper = (b: number | undefined) => b !== undefined && b >= 0x41 && b <= 0x5a;

/** What starts at `at`: a header, `more` when the bytes so far could still become one, or null. */
export function classify(b: Uint8Array, at: number): Head | 'more' | null {
  const b0 = b[at];
  if (b0 === undefined) return 'more';
  if (b0 !== 0x2b && b0 !== 0x2d) return null;
  const b1 = b[at + 1];
  if (b1 === undefined) return 'more';
  if (b1 === 0x00) return { kind: 'pro', name: 'pro' };
  if (b0 === 0x2b && b1 === 0x10) return { kind: 'pro', name: 'pro-heartbeat' };
  if (b0 !== 0x2b || !isUpper(b1)) return null;
  let word = '';
  for (let i = at + 1; i < b.length && i < at + 6; i++) word += String.fromCharCode(b[i]!);
  let partial = false;
  for (const p of TEXT_PREFIXES) {
    const want = `${p}:`;
    if (word.startsWith(want)) return { kind: 'text', name: p };
    if (want.startsWith(word)) partial = true;
  }
  const w3 = word.slice(0, 3);
  if (w3.length === 3 && BINARY_HEADERS[w3]) {
    if (w3 !== 'ACK') return { kind: 'binary', name: w3 };
    if (word.length >= 4) return word[3] === ':' ? { kind: 'text', name: 'ACK' } : { kind: 'binary', name: 'ACK' };
    return 'more';
  }
  if (w3.length < 3 && Object.keys(BINARY_HEADERS).some((h) => h.startsWith(w3))) partial = true;
  return partial ? 'more' : null;
}

/** Whether a text sentence's end can be placed at `i`: a new header starts there (a sentence missing its `$`). */
function textHeaderAt(b: Uint8Array, i: number): boolean | 'more' {
  if (b[i] !== 0x2b) return false;
  const h = classify(b, i);
  if (h === 'more') return 'more';
  return h !== null && h.kind !== 'pro';
}

/** The length field of a HEX frame at `at`, or `more`. */
function binaryLength(b: Uint8Array, at: number, off: number, width: 1 | 2): number | 'more' {
  if (b.length < at + off + width) return 'more';
  return width === 1 ? b[at + off]! : (b[at + off]! << 8) | b[at + off + 1]!;
}

/** Smallest HEX frame: header, type, length, count, checksum, 0d0a. */
const MIN_BINARY = 16;

/**
 * End (exclusive) of the frame starting at `at` with header `h`: a number, `more` when the buffer
 * ends first, or `bad` when the header leads nowhere (garbage).
 */
export function frameEnd(b: Uint8Array, at: number, h: Head): number | 'more' | 'bad' {
  if (h.kind === 'text') {
    for (let i = at + 1; i < b.length; i++) {
      if (i - at >= MAX_TEXT) return 'bad';
      const c = b[i]!;
      if (c === 0x24 || c === 0x00) return i + 1;
      if (c === 0x2b && i > at + 6) {
        const next = textHeaderAt(b, i);
        if (next === 'more') return 'more';
        if (next) return i;
      }
    }
    return b.length - at >= MAX_TEXT ? 'bad' : 'more';
  }
  if (h.kind === 'pro') {
    const heartbeat = h.name === 'pro-heartbeat';
    const len = heartbeat ? b[at + 2] : b.length >= at + 4 ? (b[at + 2]! << 8) | b[at + 3]! : undefined;
    if (len === undefined) return 'more';
    if (len < (heartbeat ? 20 : 24) || len > MAX_BINARY) return 'bad';
    if (b.length < at + len) return 'more';
    return b[at + len - 1] === 0x24 ? at + len : 'bad';
  }
  const spec = BINARY_HEADERS[h.name]!;
  const offsets = h.name === 'INF' || h.name === 'BNF' ? [spec.at, spec.at + 2] : [spec.at];
  for (const off of offsets) {
    const len = binaryLength(b, at, off, spec.width);
    if (len === 'more') return 'more';
    if (len < MIN_BINARY || len > MAX_BINARY) continue;
    if (b.length < at + len) return 'more';
    if (b[at + len - 2] === 0x0d && b[at + len - 1] === 0x0a) return at + len;
  }
  return 'bad';
}

/** Cut whole frames of any of the three formats; bytes that start none are garbage. */
export function split(buf: Uint8Array): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  let i = 0;
  while (i < buf.length) {
    const h = classify(buf, i);
    if (h === null) {
      i++;
      continue;
    }
    if (h === 'more') break;
    const end = frameEnd(buf, i, h);
    if (end === 'bad') {
      i++;
      continue;
    }
    if (end === 'more') break;
    if (i > pos) garbage.push({ start: pos, end: i });
    frames.push({ start: i, end });
    pos = i = end;
  }
  if (i >= buf.length && i > pos) {
    garbage.push({ start: pos, end: buf.length });
    pos = buf.length;
  } else if (i > pos) {
    garbage.push({ start: pos, end: i });
    pos = i;
  }
  return { frames, garbage, consumed: pos };
}

/** The kind of a cut frame (text when it starts like no binary header). */
export function kindOf(frame: Uint8Array): FrameKind {
  const h = classify(frame, 0);
  return h && h !== 'more' ? h.kind : 'text';
}

/** Text sentences without their `$`/`\0` end mark, as Traccar's frame decoder hands them on. */
export function plain(frame: Uint8Array): Uint8Array {
  if (kindOf(frame) !== 'text' || frame.length === 0) return frame;
  const last = frame[frame.length - 1];
  return last === 0x24 || last === 0x00 ? frame.subarray(0, frame.length - 1) : frame;
}
