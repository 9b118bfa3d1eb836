/**
 * JT600 (Jointech JT600/JT701/JT707 and compatibles), TCP.
 * Binary `$` frames: `$` + terminal id (5 bytes BCD) + [protocol version] + data type + length(2)
 * + records (BCD time/lat/lon, flags, speed, course, …) + index; frame length = length + 10, the
 * long form (JT701) has byte 8 = 0 (see binary.ts). Text `(` frames: `(<id>,<command>,…)` with
 * W01, U01…U09, P45, @JT, WLNET (see text.ts); `(`, `)`, `,`, `=` escaped as `3d 15/14/11/00`.
 * What a real server answers (Traccar's Jt600ProtocolDecoder):
 * - binary long form with status bit 5 ("answer wanted") in a record: `(P35)` when the protocol
 *   version is below 0x19, else `(P69,0,<index>)` with the frame's last byte in decimal; other
 *   binary frames get nothing;
 * - `U01`, `U02`, `U03` → `(S39)`; `U06` → `(S20)`; `P45` → `(P69,0,<index field>)`;
 * - `W01`, `WLNET`, `@JT`, `U04`, `U09` → nothing.
 * Spec: Jointech "JT701 protocol" message names; byte layouts and answers checked against Traccar's
 * Jt600ProtocolDecoder, Jt600FrameDecoder and their tests (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, ProtocolDescriptor, SplitResult } from '../core/types';
import { collectIssues, findNode } from '../core/reader';
import { isBcd, latin1, unescapeBytes } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, isoTime, pairs } from '../core/units';
import { xor8 } from '../core/checksum';
import { P45 } from './fields';
import { SHORT_RECORD, LONG_RECORD, bcdTime, binaryAnswer, binaryLayout, decodeBinary } from './binary';
import { ESC, UNESCAPE, decodeText } from './text';
import { commands } from './commands';

const DOLLAR = 0x24;
const OPEN = 0x28;
const CLOSE = 0x29;
/** Longest text message the splitter waits for before it gives up on a `(`. */
const MAX_TEXT = 1024;
/** Longest binary frame accepted (a batch of 150 short records). */
const MAX_BINARY = 4096;

// ---------------------------------------------------------------------------------------------
// Splitting

const isStart = (b: number | undefined) => b === DOLLAR || b === OPEN;

/** Next `$` or `(` at or after `from`, or -1. */
function nextStart(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (isStart(b[i])) return i;
  return -1;
}

/** Whether the bytes after a `$` at `at` that are present can be a BCD terminal id. */
function idSoFarBcd(b: Uint8Array, at: number): boolean {
  return isBcd(b.subarray(at + 1, Math.min(b.length, at + 6)));
}

export function split(buf: Uint8Array): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  const junk = (start: number, end: number) => {
    const last = garbage[garbage.length - 1];
    if (last && last.end === start) last.end = end;
    else garbage.push({ start, end });
  };
  /** Drop bytes from `pos` up to the next frame start after it; returns the new position. */
  const skip = (pos: number) => {
    const n = nextStart(buf, pos + 1);
    const stop = n < 0 ? buf.length : n;
    junk(pos, stop);
    return stop;
  };
  let pos = 0;
  while (pos < buf.length) {
    const c = buf[pos];
    if (!isStart(c)) {
      pos = skip(pos);
      continue;
    }
    if (c === DOLLAR) {
      if (!idSoFarBcd(buf, pos)) {
        pos = skip(pos);
        continue;
      }
      const l = binaryLayout(buf, pos);
      if (!l) break; // header not complete yet
      if (l.total > MAX_BINARY || l.total < l.headLen + 1) {
        pos = skip(pos);
        continue;
      }
      if (pos + l.total > buf.length) break;
      frames.push({ start: pos, end: pos + l.total });
      pos += l.total;
      continue;
    }
    // Text: up to the first ')'; a new '(' + digit before it means this one lost its end.
    let end = -1;
    let restart = -1;
    for (let i = pos + 1; i < buf.length && i - pos < MAX_TEXT; i++) {
      if (buf[i] === CLOSE) {
        end = i;
        break;
      }
      if (buf[i] === OPEN && i + 1 < buf.length && buf[i + 1]! >= 0x30 && buf[i + 1]! <= 0x39) {
        restart = i;
        break;
      }
    }
    if (end >= 0) {
      frames.push({ start: pos, end: end + 1 });
      pos = end + 1;
    } else if (restart >= 0) {
      junk(pos, restart);
      pos = restart;
    } else if (buf.length - pos >= MAX_TEXT) {
      pos = skip(pos);
    } else break;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// Detection

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b[0] === DOLLAR) return detectBinary(b);
  if (b[0] === OPEN) return detectText(b);
  return { score: 0, evidence: [] };
}

function detectBinary(b: Uint8Array): DetectResult {
  if (b.length < 10 || !isBcd(b.subarray(1, 6))) return { score: 0, evidence: [] };
  const l = binaryLayout(b)!;
  const ev: Evidence[] = [{ text: '"$" + 5-byte BCD terminal id', weight: 0.3 }];
  const form = l.long ? `long form (byte 8 = 0), protocol version 0x${b[6]!.toString(16).padStart(2, '0')}` : 'short form';
  if (l.total === b.length) ev.push({ text: `length ${l.length} + 10 = frame length (${form})`, weight: 1.2 });
  else if (l.total < b.length && isStart(b[l.total])) ev.push({ text: `length ${l.length} ends where the next frame starts (${form})`, weight: 1 });
  else if (l.total > b.length && l.total <= MAX_BINARY) ev.push({ text: `length ${l.length}: frame not complete in the first bytes`, weight: 0 });
  else return scoreEvidence([...ev, { text: `length field ${l.length} does not fit the bytes (h02 "$" frames have none)`, weight: -1 }]);
  if (l.long) {
    ev.push(l.length >= LONG_RECORD + 1 ? { text: `data length ${l.length} holds a ${LONG_RECORD}-byte record`, weight: 0.2 } : { text: `data length ${l.length} too short for a record`, weight: -0.6 });
  } else {
    const layout = b[6]! >> 4;
    ev.push(l.length > 0 && l.length % SHORT_RECORD === 0 ? { text: `data length ${l.length} = ${l.length / SHORT_RECORD} × ${SHORT_RECORD}-byte records`, weight: 0.4 } : { text: `data length ${l.length} is no multiple of ${SHORT_RECORD}`, weight: -0.4 });
    ev.push(layout >= 1 && layout <= 3 ? { text: `record layout ${layout}`, weight: 0.2 } : { text: `unknown record layout ${layout}`, weight: -0.3 });
  }
  if (b.length >= l.headLen + 6) {
    const t = bcdTime(b.subarray(l.headLen, l.headLen + 6));
    ev.push(t ? { text: `first record time ${t} (BCD ddmmyy hhmmss)`, weight: 0.5 } : { text: 'first record time is no BCD date', weight: -0.8 });
  }
  if (b.length >= l.headLen + 15) {
    ev.push(isBcd(b.subarray(l.headLen + 6, l.headLen + 14)) ? { text: 'latitude and longitude are BCD', weight: 0.2 } : { text: 'latitude/longitude not BCD', weight: -0.4 });
  }
  return scoreEvidence(ev);
}

/** Known text commands, and the prefix shapes they come with. */
const TEXT_COMMAND = /^\((\d+),(?:(\d+,){0,3})(W01|U\d\d|P\d\d|@JT|WLNET)[,)]/;

function detectText(b: Uint8Array): DetectResult {
  const s = latin1(b.subarray(0, Math.min(b.length, MAX_TEXT)));
  const id = /^\((\d*)/.exec(s)![1]!;
  const after = s[1 + id.length];
  if (!id || (after !== undefined && after !== ',')) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: '"(" + digits + ","', weight: 0.2 }];
  if (id.length === 10) ev.push({ text: '10-digit terminal id', weight: 0.5 });
  else ev.push({ text: `${id.length}-digit id (JT600 ids have 10; tk103 uses 12 or 15)`, weight: -0.6 });
  const m = TEXT_COMMAND.exec(s);
  if (m) ev.push({ text: `command ${m[3]}`, weight: 1.2 });
  else {
    const cmd = /^\(\d+,([^,)]*)/.exec(s)?.[1] ?? '';
    ev.push({ text: `"${cmd}" is no JT600 command`, weight: /^[A-Z]{2}[0-9A-Z]{2}$/.test(cmd) ? -1 : -0.3 });
  }
  const close = s.indexOf(')');
  if (close >= 0) ev.push({ text: 'ends with ")"', weight: 0.2 });
  const dt = /^\(\d+,(?:W01,[^)]*?,[AV],|U0\d,(?:\d+,)?)(\d{6}),(\d{6}),/.exec(s) ?? /^\(\d+,P45,(\d{6}),(\d{6}),/.exec(s);
  if (dt) {
    const d = pairs(dt[1]!)!;
    const t = pairs(dt[2]!)!;
    if (isoTime(d[2]!, d[1]!, d[0]!, t[0]!, t[1]!, t[2]!)) ev.push({ text: `date ${dt[1]} time ${dt[2]} plausible`, weight: 0.3 });
  }
  const cs = close >= 0 ? /,([0-9A-F]{2})\)$/.exec(s.slice(0, close + 1)) : null;
  if (cs && m && m[3]!.startsWith('U') && xor8(b, 1, close - 2) === parseInt(cs[1]!, 16)) ev.push({ text: 'XOR check code ok', weight: 0.5 });
  return scoreEvidence(ev);
}

// ---------------------------------------------------------------------------------------------
// Decoding

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'jt600', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  if (frame[0] === DOLLAR) decodeBinary(frame, out);
  else decodeText(frame, out);
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** The frame as other tools' frame decoders hand it on: text escapes undone; binary as is. */
export function plain(frame: Uint8Array): Uint8Array {
  if (frame[0] !== OPEN) return frame;
  return unescapeBytes(frame, ESC, UNESCAPE).bytes;
}

// ---------------------------------------------------------------------------------------------
// Answers

const ascii = (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0));

export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  if (decoded.issues.some((i) => i.group === 'malformed' && i.severity === 'error')) return null;
  if (frame[0] === DOLLAR) {
    const a = binaryAnswer(decoded.tree);
    if (!a) return null;
    return ascii(a.pv < 0x19 ? '(P35)' : `(P69,0,${a.index})`);
  }
  if (!decoded.positions.length) return null;
  switch (decoded.messageCode) {
    case 'U01':
    case 'U02':
    case 'U03':
      return ascii('(S39)');
    case 'U06':
      return ascii('(S20)');
    case 'P45': {
      const index = findNode(decoded.tree, P45.index.id)?.value;
      return typeof index === 'number' ? ascii(`(P69,0,${index})`) : null;
    }
  }
  return null;
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[d.positions.length - 1];
  if (p) {
    const head = d.positions.length > 1 ? `${d.positions.length} positions, last ` : '';
    return `${head}${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}`;
  }
  if (typeof d.attributes.temp1 === 'number') return `sensor ${d.attributes.temp1} °C`;
  if (d.messageType === 'command' && typeof d.attributes.command === 'string') return `server: ${d.attributes.command}`;
  return d.deviceId ? `${d.messageType} ${d.deviceId}` : d.messageType;
}

export const jt600: ProtocolDescriptor = {
  id: 'jt600',
  name: 'JT600 (Jointech)',
  transports: ['tcp'],
  defaultPort: 5014,
  detect,
  split,
  decode,
  respond,
  plain,
  commands,
};

