/**
 * Teltonika (FM/FMB/FMC/FMM/FMT trackers, GH3000): TCP opens with an IMEI handshake `00 0f` + 15
 * ASCII digits (answered `01`), then AVL packets `00000000` + data length(4) + codec id + count +
 * records + count again + CRC-16/IBM over codec..count2 in 4 bytes (answered with the record count
 * in 4 bytes). UDP packets carry length(2), packet id(2), packet type(1), AVL packet id(1) and the
 * IMEI before the codec data, without preamble or CRC (answered `00 05 <packet id> 01 <AVL packet
 * id> <count>`). A lone 0xff is a keep-alive.
 * Spec: Teltonika wiki "Teltonika Data Sending Protocols", "Codec" (8, 8 Extended, 16, 12, 13, 14),
 * GH3000 protocol (codec 7); layouts checked against the frames of Traccar's
 * TeltonikaProtocolDecoderTest (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue, leanDecode } from '../core/reader';
import { crc16Ibm } from '../core/checksum';
import { latin1, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { type Cut, splitFrames } from '../core/split';
import { KMH_PER_KNOT } from '../core/units';
import { AVL_CODECS, CODECS, COMMAND_CODECS, COMMAND_TYPES, F, UDP } from './fields';
import { readAvlRecords, readMessages, type RecordOut } from './records';
import { commands } from './commands';

/** Longest frame the splitter waits for (photo chunks are ~2 KiB, AVL packets rarely above 1.3 KiB). */
const MAX_FRAME = 16384;
/** Plausible first-record times for detection: 2000-01-01 .. 2100-01-01, in ms. */
const MIN_TIME = 946684800000;
const MAX_TIME = 4102444800000;

type Probe = number | 'need' | 'no';

const isDigit = (x: number) => x >= 0x30 && x <= 0x39;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const hex8 = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

/** IMEI handshake at `at`: `00 <n>` + n ASCII digits (n 1..32, or exactly 15 when `strict`). */
function handshakeAt(b: Uint8Array, at: number, strict = false): Probe {
  if (at >= b.length) return 'need';
  if (b[at] !== 0) return 'no';
  if (at + 1 >= b.length) return 'need';
  const n = b[at + 1]!;
  if (strict ? n !== 15 : n < 1 || n > 32) return 'no';
  const end = at + 2 + n;
  for (let i = at + 2; i < Math.min(end, b.length); i++) if (!isDigit(b[i]!)) return 'no';
  return end <= b.length ? end : 'need';
}

/** UDP packet header at `at` (as far as the bytes go): the IMEI length must be 15, the IMEI digits. */
function udpAt(b: Uint8Array, at: number): Probe {
  const avail = b.length - at;
  if (avail < 2) return 'need';
  const n = u16(b, at);
  if (n < 6 + 15 + 3 || n + 2 > MAX_FRAME) return 'no';
  if (avail >= 8 && u16(b, at + 6) !== 15) return 'no';
  for (let i = at + 8; i < Math.min(at + 23, b.length); i++) if (!isDigit(b[i]!)) return 'no';
  if (avail >= 24 && !CODECS[b[at + 23]!]) return 'no';
  return avail >= n + 2 ? at + n + 2 : 'need';
}

/** The UDP header of a whole datagram, or null when it does not fit. */
function udpLayout(b: Uint8Array): { imeiLen: number; head: number } | null {
  if (b.length < 10) return null;
  const n = u16(b, 0);
  const imeiLen = u16(b, 6);
  if (n !== b.length - 2 || imeiLen < 1 || imeiLen > 32 || 8 + imeiLen + 3 > b.length) return null;
  for (let i = 8; i < 8 + imeiLen; i++) if (!isDigit(b[i]!)) return null;
  return { imeiLen, head: 8 + imeiLen };
}

/**
 * Where the AVL records starting at pos+10 end, found by reading them: the end of the frame (after
 * count2 and CRC), 'need' while the records run past the bytes held, or 'no'. Without the 16-byte
 * IO group first; that layout must fail before the extended one is tried, so the answer depends
 * only on the bytes, never on how many have arrived.
 */
function structuralEnd(b: Uint8Array, pos: number, hardEnd: number, canGrow: boolean): Probe {
  const codec = b[pos + 8]!;
  const count = b[pos + 9]!;
  if (!AVL_CODECS.has(codec) || count === 0) return 'no';
  for (const ext of codec === 0x07 ? [false] : [false, true]) {
    const t = new FieldReader(b, 0, hardEnd);
    t.pos = pos + 10;
    const recs = leanDecode(() => readAvlRecords(t, codec, count, ext));
    if (t.truncated || recs.length < count || t.pos + 5 > hardEnd) {
      if (canGrow) return 'need';
      continue;
    }
    if (b[t.pos] === count) return t.pos + 5;
  }
  return 'no';
}

/** A TCP data packet at `pos`: its end, 'need' or 'no'. Trusts the length when count2 sits where it says. */
function dataAt(b: Uint8Array, pos: number): Probe {
  const avail = b.length - pos;
  for (let i = 0; i < Math.min(4, avail); i++) if (b[pos + i] !== 0) return 'no';
  if (avail < 10) return 'need';
  if (!CODECS[b[pos + 8]!]) return 'no';
  const len = u32(b, pos + 4);
  if (len >= 3 && len <= MAX_FRAME - 12) {
    const end = pos + 12 + len;
    if (end > b.length) return 'need';
    if (b[end - 5] === b[pos + 9]) return end;
    return structuralEnd(b, pos, end, false);
  }
  return structuralEnd(b, pos, Math.min(b.length, pos + MAX_FRAME), b.length < pos + MAX_FRAME);
}

/** A frame of any kind at a frame boundary: keep-alive, handshake, TCP data, UDP packet. */
function frameAt(b: Uint8Array, pos: number): Probe {
  if (b[pos] === 0xff) return pos + 1;
  const h = handshakeAt(b, pos);
  if (h !== 'no') return h;
  const d = dataAt(b, pos);
  if (d !== 'no') return d;
  return udpAt(b, pos);
}

/** Whether a frame plausibly starts at `i` after garbage: a 15-digit handshake or a data header. */
function resyncAt(b: Uint8Array, i: number): 'yes' | 'no' | 'need' {
  const h = handshakeAt(b, i, true);
  if (typeof h === 'number') return 'yes';
  if (h === 'need') return 'need';
  const avail = b.length - i;
  const at = (k: number) => (k < avail ? b[i + k]! : undefined);
  for (let k = 0; k < 5; k++) if (at(k) !== undefined && at(k) !== 0) return 'no';
  const l1 = at(5);
  if (l1 !== undefined && l1 >= 0x40) return 'no';
  const codec = at(8);
  if (codec !== undefined && !CODECS[codec]) return 'no';
  if (at(9) === 0) return 'no';
  if (avail < 10) return 'need';
  const len = u32(b, i + 4);
  if (len < 3 || len > MAX_FRAME - 12) return 'no';
  if (codec === 0x08 || codec === 0x8e || codec === 0x10) {
    if (avail < 18) return 'need';
    const t = u32(b, i + 10) * 2 ** 32 + u32(b, i + 14);
    if (t < MIN_TIME || t > MAX_TIME) return 'no';
  }
  return 'yes';
}

/** Next byte at or after `from` that can start a server frame (`00` or `01`), or -1. */
function nextDownStart(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === 0x00 || b[i] === 0x01) return i;
  return -1;
}

/**
 * The server frame at `pos`: `01`/`00` accepting or refusing the IMEI, the 4-byte record count
 * acknowledging an AVL packet (`00 00 00 NN`), or a Codec 12/13/14 command in the data framing.
 */
function cutDown(b: Uint8Array, pos: number, final: boolean): Cut {
  if (b[pos] === 0x01) return { end: pos + 1 };
  let zeros = 0;
  while (zeros < 4 && pos + zeros < b.length && b[pos + zeros] === 0) zeros++;
  // Only zeros so far: a refusal, an acknowledgement or a command, which the next bytes tell;
  // with no more bytes coming, a `00` refusing the IMEI (the last a server sends before closing).
  if (zeros < 4 && pos + zeros === b.length) return final ? { end: pos + 1 } : 'wait';
  if (zeros === 4) {
    // A command (preamble 00000000) or, rarely, an acknowledgement of zero records.
    const d = dataAt(b, pos);
    if (d === 'need' && !final) return 'wait';
    return { end: typeof d === 'number' ? d : pos + 4 };
  }
  return { end: pos + (zeros === 3 ? 4 : 1) };
}

export function split(buf: Uint8Array, final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  if (direction === 'down') return splitFrames(buf, nextDownStart, (b, pos) => cutDown(b, pos, final));
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const f = frameAt(buf, pos);
    if (f === 'need') break;
    if (typeof f === 'number') {
      frames.push({ start: pos, end: f });
      pos = f;
      continue;
    }
    // Not a frame: skip to the next plausible start. Garbage is reported only once that start is
    // certain (or MAX_FRAME bytes had none), so the spans do not depend on how TCP chunked them.
    const limit = pos + MAX_FRAME;
    let found = -1;
    let need = false;
    for (let i = pos + 1; i < Math.min(buf.length, limit); i++) {
      const c = resyncAt(buf, i);
      if (c === 'need') {
        need = true;
        break;
      }
      if (c === 'yes') {
        found = i;
        break;
      }
    }
    if (found >= 0) {
      garbage.push({ start: pos, end: found });
      pos = found;
      continue;
    }
    if (need || buf.length < limit) break;
    garbage.push({ start: pos, end: limit });
    pos = limit;
  }
  return { frames, garbage, consumed: pos };
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b.length === 1 && b[0] === 0xff) return scoreEvidence([{ text: 'lone 0xff: Teltonika keep-alive', weight: 0.3 }]);
  if (typeof handshakeAt(b, 0) === 'number' || (handshakeAt(b, 0) === 'need' && b.length >= 6)) return detectHandshake(b);
  if (b.length >= 10 && u32(b, 0) === 0) return detectData(b);
  if (b.length >= 24 && udpAt(b, 0) !== 'no') return detectUdp(b);
  return { score: 0, evidence: [] };
}

function detectHandshake(b: Uint8Array): DetectResult {
  const n = b[1]!;
  const ev: Evidence[] = [{ text: `IMEI handshake header 00${hex2(n)}`, weight: n === 15 ? 0.5 : 0.1 }];
  if (b.length < n + 2) {
    ev.push({ text: 'handshake incomplete in the first bytes', weight: 0 });
    return scoreEvidence(ev);
  }
  const imei = latin1(b.subarray(2, n + 2));
  ev.push({ text: `${n} ASCII digits`, weight: 1 });
  if (n === 15) ev.push(luhnValid(imei) ? { text: `IMEI ${imei} passes Luhn`, weight: 0.8 } : { text: `IMEI ${imei} fails Luhn`, weight: -0.2 });
  if (b.length === n + 2) ev.push({ text: 'nothing after the handshake', weight: 0.2 });
  else if (b.length >= n + 6 && u32(b, n + 2) === 0) ev.push({ text: 'AVL preamble 00000000 follows', weight: 0.4 });
  else ev.push({ text: 'other bytes follow the handshake', weight: -0.3 });
  return scoreEvidence(ev);
}

function detectData(b: Uint8Array): DetectResult {
  const ev: Evidence[] = [{ text: 'preamble 00000000', weight: 0.3 }];
  const codec = b[8]!;
  const count = b[9]!;
  if (!CODECS[codec]) return scoreEvidence([...ev, { text: `unknown codec 0x${hex2(codec)}`, weight: -1 }]);
  ev.push({ text: `codec 0x${hex2(codec)} (${CODECS[codec]})`, weight: 0.6 });
  ev.push(count > 0 ? { text: `${count} record(s)`, weight: 0.1 } : { text: 'zero records', weight: -0.3 });
  const len = u32(b, 4);
  const end = 12 + len;
  const plausible = len >= 3 && len <= MAX_FRAME - 12;
  ev.push(plausible ? { text: `data length ${len}`, weight: 0.3 } : { text: `implausible data length ${len}`, weight: -0.2 });
  if (codec === 0x08 || codec === 0x8e || codec === 0x10) {
    if (b.length >= 18) {
      const t = u32(b, 10) * 2 ** 32 + u32(b, 14);
      ev.push(t >= MIN_TIME && t <= MAX_TIME ? { text: `first record at ${new Date(t).toISOString()}`, weight: 0.5 } : { text: 'first record time implausible', weight: -0.3 });
    }
  } else if (COMMAND_CODECS.has(codec) && b.length >= 15) {
    const type = b[10]!;
    const size = u32(b, 11);
    ev.push(COMMAND_TYPES[type] ? { text: `message type 0x${hex2(type)} (${COMMAND_TYPES[type]})`, weight: 0.3 } : { text: `unknown message type 0x${hex2(type)}`, weight: -0.2 });
    if (count === 1 && size + 8 === len) ev.push({ text: 'message size matches the data length', weight: 0.4 });
  }
  let frameEnd = -1;
  if (plausible && end === b.length) {
    ev.push({ text: 'data length matches the frame', weight: 0.5 });
    frameEnd = end;
  } else if (plausible && end < b.length && b[end - 5] === count) {
    ev.push({ text: 'data length ends a frame inside the bytes', weight: 0.2 });
    frameEnd = end;
  } else {
    const s = structuralEnd(b, 0, b.length, false);
    if (typeof s === 'number') {
      ev.push({ text: 'records read up to a matching count2', weight: 0.8 });
      frameEnd = s;
    } else if (plausible && end > b.length) ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
    else ev.push({ text: 'data length and records disagree', weight: -0.3 });
  }
  if (frameEnd >= 15) {
    if (b[frameEnd - 5] === count) ev.push({ text: 'count2 equals count1', weight: 0.5 });
    const crc = u32(b, frameEnd - 4);
    ev.push(crc === crc16Ibm(b, 8, frameEnd - 4) ? { text: 'CRC-16/IBM ok', weight: 1.5 } : { text: 'CRC-16/IBM mismatch', weight: -0.2 });
  }
  return scoreEvidence(ev);
}

function detectUdp(b: Uint8Array): DetectResult {
  const n = u16(b, 0);
  const ev: Evidence[] = [{ text: 'UDP header with a 15-digit IMEI', weight: 1 }];
  const imei = latin1(b.subarray(8, 23));
  ev.push(luhnValid(imei) ? { text: `IMEI ${imei} passes Luhn`, weight: 0.5 } : { text: `IMEI ${imei} fails Luhn`, weight: -0.2 });
  ev.push({ text: `codec 0x${hex2(b[23]!)} (${CODECS[b[23]!]})`, weight: 0.4 });
  if (n === b.length - 2) {
    ev.push({ text: 'packet length matches the datagram', weight: 0.5 });
    if (b[b.length - 1] === b[24]) ev.push({ text: 'count2 equals count1', weight: 0.4 });
  } else ev.push({ text: `packet length ${n}, datagram holds ${b.length - 2}`, weight: -0.2 });
  return scoreEvidence(ev);
}

/** The record area chosen for a packet: the records' nodes, what they yield, where they stopped. */
interface Body {
  tree: FieldNode[];
  records: RecordOut[];
  end: number;
  ok: boolean;
}

/** Read the records of `codec` over [start, end); `ok` when exactly `count` fill the range. */
function readBody(frame: Uint8Array, start: number, end: number, codec: number, count: number, ext16: boolean): Body {
  const t = new FieldReader(frame, 0, end);
  t.pos = start;
  const records = AVL_CODECS.has(codec) ? readAvlRecords(t, codec, count, ext16) : readMessages(t, codec, count);
  return { tree: t.tree, records, end: t.pos, ok: !t.truncated && t.pos === end && records.length === count };
}

/**
 * The record area that fits: for each candidate end (where count2 sits), without and then with
 * the 16-byte IO group; the first layout that reads exactly `count` records wins. When none does,
 * the records are read up to `fallback` and the reader marks where they break.
 */
function chooseBody(frame: Uint8Array, start: number, ends: number[], fallback: number, codec: number, count: number): Body {
  const layouts = AVL_CODECS.has(codec) && codec !== 0x07 ? [false, true] : [false];
  for (const end of ends) {
    for (const ext of layouts) {
      const b = readBody(frame, start, end, codec, count, ext);
      if (b.ok) return b;
    }
  }
  return readBody(frame, start, fallback, codec, count, false);
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'teltonika', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const hs = handshakeAt(frame, 0);
  if (ctx?.direction === 'down' && isServerAck(frame)) {
    decodeServerAck(frame, r, out);
  } else if (frame.length === 1 && frame[0] === 0xff) {
    r.u8(F.ping);
    out.messageType = 'ping';
    out.messageCode = '0xff';
  } else if (hs === frame.length) {
    decodeHandshake(r, out);
  } else if (frame.length >= 4 && u32(frame, 0) === 0) {
    decodeTcp(frame, r, out);
  } else if (udpLayout(frame) || (ctx?.transport === 'udp' && frame.length >= 8)) {
    decodeUdp(frame, r, out);
  } else if (frame.length >= 2 && frame[0] === 0 && frame[1]! >= 1 && frame[1]! <= 32 && frame.length <= 34) {
    decodeHandshake(r, out);
  } else {
    decodeTcp(frame, r, out);
  }
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

function decodeHandshake(r: FieldReader, out: DecodedFrame): void {
  out.messageType = 'login';
  r.group(F.login, () => {
    const n = r.u16(F.imei_length);
    if (n === undefined) return;
    const imei = r.ascii(F.imei, n);
    if (imei === undefined) return;
    const node = r.last!;
    if (!/^\d+$/.test(imei)) addIssue(node, issue('teltonika.imei_not_digits', 'protocol', 'warning', 'the IMEI is not all ASCII digits'));
    else if (imei.length === 15 && !luhnValid(imei)) addIssue(node, issue('teltonika.imei_luhn', 'protocol', 'info', `IMEI ${imei} fails the Luhn check`));
    out.deviceId = imei;
    r.rest(F.extra, 'bytes after the IMEI');
  });
}

/** Whether a server → device frame is an acknowledgement rather than a Codec 12 command. */
const isServerAck = (b: Uint8Array) => (b.length === 1 && b[0]! <= 1) || b.length === 4 || (b.length === 7 && u16(b, 0) === 5);

/** Server → device: `01`/`00` to a handshake, the record count (4 bytes), or the UDP acknowledgement. */
function decodeServerAck(frame: Uint8Array, r: FieldReader, out: DecodedFrame): void {
  if (frame.length === 1) {
    r.group(F.ack, () => r.u8(F.accept));
    out.messageType = 'login ack';
    out.attributes.result = frame[0] === 1 ? 'accepted' : 'rejected';
    return;
  }
  if (frame.length === 4) {
    r.group(F.ack, () => r.u32(F.accepted));
    out.messageType = 'ack';
    out.attributes.count = u32(frame, 0);
    return;
  }
  r.group(F.ack, () => {
    r.u16(UDP.length);
    r.u16(UDP.packet_id);
    r.u8(UDP.packet_type);
    r.u8(UDP.avl_packet_id);
    r.u8(UDP.accepted);
  });
  out.messageType = 'ack';
  out.attributes.count = frame[6]!;
}

/** Codec id → message type and code. */
function setCodec(out: DecodedFrame, codec: number, r: FieldReader): void {
  out.messageCode = `0x${hex2(codec)}`;
  if (AVL_CODECS.has(codec)) out.messageType = 'location';
  else if (COMMAND_CODECS.has(codec)) out.messageType = 'command';
  else {
    out.messageType = `codec 0x${hex2(codec)}`;
    addIssue(r.last!, issue('teltonika.unknown_codec', 'protocol', 'warning', `unknown codec 0x${hex2(codec)}`));
  }
}

function decodeTcp(frame: Uint8Array, r: FieldReader, out: DecodedFrame): void {
  const pre = r.u32(F.preamble, { display: hex8 });
  if (pre !== undefined && pre !== 0) addIssue(r.last!, issue('teltonika.bad_preamble', 'malformed', 'error', 'preamble is not 00000000'));
  const len = r.u32(F.length);
  const lenNode = r.last;
  const codec = r.u8(F.codec);
  if (codec === undefined) return;
  setCodec(out, codec, r);
  const count = r.u8(F.count);
  if (count === undefined || len === undefined) return;
  // count2 sits at 8 + length - 1 when the length is right; devices send wrong lengths, so the
  // frame's own end (count2 and CRC in the last 5 bytes) is tried too.
  const size = frame.length;
  const declared = 8 + len;
  const ends: number[] = [];
  if (declared + 4 === size) ends.push(declared - 1);
  if (size - 5 >= 10) ends.push(size - 5);
  if (declared - 1 >= 10 && declared <= size) ends.push(declared - 1);
  const fallback = declared + 4 > size || size - 5 < 10 ? size : (ends[0] ?? size);
  const recEnd = readRecordArea(frame, r, out, codec, count, [...new Set(ends)], fallback);
  if (recEnd >= size) {
    addIssue(lenNode!, issue('teltonika.truncated', 'malformed', 'error', `frame ends before number of data 2 and the CRC (length field says ${len})`));
    return;
  }
  if (declared !== recEnd + 1) addIssue(lenNode!, issue('teltonika.length_mismatch', 'malformed', 'warning', `data length field says ${len}, the records give ${recEnd + 1 - 8}`));
  readCount2(r, count);
  const crcAt = r.pos;
  const crc = r.u32(F.crc, { display: hex8 });
  if (crc !== undefined) {
    const computed = crc16Ibm(frame, 8, crcAt);
    const node = r.last!;
    r.add({ id: F.crc_computed.id, label: F.crc_computed.label, start: node.start, end: node.end, value: computed, display: hex8(computed), generated: true });
    if (computed !== crc) addIssue(node, issue('teltonika.checksum_incorrect', 'checksum', 'error', `CRC-16/IBM on the wire ${hex8(crc)}, computed ${hex8(computed)}`));
  }
  r.rest(F.extra, 'bytes after the CRC');
}

function decodeUdp(frame: Uint8Array, r: FieldReader, out: DecodedFrame): void {
  let imei: string | undefined;
  r.group(UDP.header, () => {
    const n = r.u16(UDP.length);
    if (n !== undefined && n !== frame.length - 2) addIssue(r.last!, issue('teltonika.length_mismatch', 'malformed', 'warning', `packet length says ${n}, the datagram holds ${frame.length - 2}`));
    r.u16(UDP.packet_id);
    r.u8(UDP.packet_type);
    r.u8(UDP.avl_packet_id);
    const il = r.u16(UDP.imei_length);
    if (il !== undefined) imei = r.ascii(UDP.imei, il);
  });
  if (imei !== undefined && /^\d+$/.test(imei)) out.deviceId = imei;
  const codec = r.u8(F.codec);
  if (codec === undefined) return;
  setCodec(out, codec, r);
  const count = r.u8(F.count);
  if (count === undefined) return;
  const ends = frame.length - 1 > r.pos ? [frame.length - 1] : [];
  const recEnd = readRecordArea(frame, r, out, codec, count, ends, ends[0] ?? frame.length);
  if (recEnd >= frame.length) return;
  readCount2(r, count);
  r.rest(F.extra, 'bytes after number of data 2');
}

/** Read the records (or messages) into the tree; returns where count2 is expected. */
function readRecordArea(frame: Uint8Array, r: FieldReader, out: DecodedFrame, codec: number, count: number, ends: number[], fallback: number): number {
  const start = r.pos;
  if (!AVL_CODECS.has(codec) && !COMMAND_CODECS.has(codec)) {
    r.sub(fallback - start).rest(F.body, `data of codec 0x${hex2(codec)} not decoded`);
    return fallback;
  }
  const body = chooseBody(frame, start, ends, fallback, codec, count);
  const end = body.ok ? body.end : fallback;
  r.group(AVL_CODECS.has(codec) ? F.records : F.messages, () => {
    for (const n of body.tree) r.add(n);
    r.pos = body.end;
  });
  if (end > r.pos) r.sub(end - r.pos).rest(F.extra, 'bytes after the last record');
  r.pos = end;
  applyRecords(out, codec, body.records);
  return end;
}

/** Positions of every record; attributes of the first (what a list of records reports first). */
function applyRecords(out: DecodedFrame, codec: number, records: RecordOut[]): void {
  for (const rec of records) if (rec.position) out.positions.push(rec.position);
  const first = records[0];
  if (!first) return;
  Object.assign(out.attributes, first.attributes);
  if (COMMAND_CODECS.has(codec)) {
    if (first.type !== undefined) out.messageType = COMMAND_TYPES[first.type] ?? `type 0x${hex2(first.type)}`;
    if (first.type === 0x0d) out.messageType = 'photo';
    if (codec === 0x0e && typeof first.attributes.imei === 'string') out.deviceId = first.attributes.imei;
  }
}

function readCount2(r: FieldReader, count: number): void {
  const c2 = r.u8(F.count2);
  if (c2 !== undefined && c2 !== count) addIssue(r.last!, issue('teltonika.count_mismatch', 'malformed', 'warning', `number of data 2 is ${c2}, number of data 1 is ${count}`));
}

export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  if (decoded.messageType === 'login') return Uint8Array.of(0x01);
  if (decoded.messageType !== 'location') return null;
  if (decoded.issues.some((i) => i.group === 'malformed' && i.severity === 'error')) return null;
  if (frame.length >= 10 && u32(frame, 0) === 0) return Uint8Array.of(0, 0, 0, frame[9]!);
  // UDP: the header as far as it goes (a wrong packet length is flagged, the packet still answered).
  if (frame.length < 8) return null;
  const countAt = 8 + u16(frame, 6) + 1;
  if (countAt >= frame.length) return null;
  return Uint8Array.of(0x00, 0x05, frame[2]!, frame[3]!, 0x01, frame[5]!, frame[countAt]!);
}

function summarise(d: DecodedFrame): string {
  if (d.messageType === 'login') return `IMEI ${d.deviceId ?? '?'}`;
  if (d.messageType === 'ping') return 'keep-alive';
  const p = d.positions[0];
  if (p) {
    const more = d.positions.length > 1 ? ` (+${d.positions.length - 1} more)` : '';
    return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${more}`;
  }
  const text = d.attributes.result ?? d.attributes.command ?? d.attributes.driverUniqueId;
  if (typeof text === 'string') return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  if (typeof d.attributes.count === 'number') return `${d.attributes.count} record(s) accepted`;
  return d.messageType;
}

export const teltonika: ProtocolDescriptor = {
  id: 'teltonika',
  name: 'Teltonika',
  transports: ['tcp', 'udp'],
  defaultPort: 5027,
  detect,
  split,
  decode,
  respond,
  commands,
};
