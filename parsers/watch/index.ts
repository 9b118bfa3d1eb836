/**
 * 3G watch protocol (SeTracker and compatible children's/elderly watches):
 * `[<vendor>*<id>*[<index>*]<length>*<content>]`. `vendor` is two characters (3G, SG, CS, ZJ …),
 * `length` four hex digits counting the content bytes; the content is `<type>[,<fields>]`, text
 * for most types, binary for TK/JXTK audio and img pictures. Inside the brackets the bytes
 * `} [ ] , *` travel escaped as `}` followed by 01..05.
 * Spec: "3G watch communication protocol" (SeTracker family, types LK, UD, UD2, AL, TKQ, TK, …);
 * layouts checked against Traccar's WatchProtocolDecoderTest/WatchFrameDecoderTest frames
 * (shared/corpus/frames.jsonl).
 */
import { splitFrames, type Cut } from '../core/split';
import { fieldRanges } from '../core/text';
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, collectIssues, issue } from '../core/reader';
import { latin1, unescapeBytes } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { isoTime, kmhToKnots, KMH_PER_KNOT, pairs, round, validLatLon } from '../core/units';
import { BINARY_TYPES, F, HEALTH, LINK, LOC, MEDIA, STATUS_ALARMS, TYPES } from './fields';
import { commands } from './commands';

const OPEN = 0x5b;
const CLOSE = 0x5d;
const STAR = 0x2a;
const COMMA = 0x2c;
const ESC = 0x7d;
/** Escape codes after `}`: 01 `}`, 02 `[`, 03 `]`, 04 `,`, 05 `*`. */
const ESCAPES: Readonly<Record<number, number>> = { 0x01: 0x7d, 0x02: 0x5b, 0x03: 0x5d, 0x04: 0x2c, 0x05: 0x2a };

/** Longest text frame the splitter waits for before it resynchronises. */
const MAX_TEXT = 4096;
/** Longest binary frame: a 0xFFFF-byte content, every byte escaped, plus the header. */
const MAX_BINARY = 2 * 0xffff + 64;

const isAlnum = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
const isHex = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
const hex4At = (b: Uint8Array, at: number) => at + 4 <= b.length && isHex(b[at]) && isHex(b[at + 1]) && isHex(b[at + 2]) && isHex(b[at + 3]);

/** Offsets of the header fields of a frame. */
interface Header {
  vendor: string;
  idStart: number;
  idEnd: number;
  /** Offset of the optional 4-hex-digit message index, or -1. */
  indexAt: number;
  lengthAt: number;
  declared: number;
  contentStart: number;
}

/** Parse `[XX*id*[index*]len*` at `at`: the header, 'short' (need more bytes) or null (not this protocol). */
function parseHeader(b: Uint8Array, at = 0): Header | 'short' | null {
  if (at >= b.length) return 'short';
  if (b[at] !== OPEN) return null;
  for (let i = at + 1; i < at + 3; i++) {
    if (i >= b.length) return 'short';
    if (!isAlnum(b[i])) return null;
  }
  if (at + 3 >= b.length) return 'short';
  if (b[at + 3] !== STAR) return null;
  const idStart = at + 4;
  let i = idStart;
  while (i < b.length && i - idStart <= 24 && isAlnum(b[i])) i++;
  if (i >= b.length) return 'short';
  if (i === idStart || b[i] !== STAR) return null;
  const idEnd = i;
  const first = idEnd + 1;
  if (first + 5 > b.length) return hexPrefix(b, first) ? 'short' : null;
  if (!hex4At(b, first) || b[first + 4] !== STAR) return null;
  const second = first + 5;
  let indexAt = -1;
  let lengthAt = first;
  if (second + 5 <= b.length) {
    if (hex4At(b, second) && b[second + 4] === STAR) {
      indexAt = first;
      lengthAt = second;
    }
  } else if (hexPrefix(b, second) && !b.subarray(second).includes(CLOSE)) return 'short';
  const declared = parseInt(latin1(b.subarray(lengthAt, lengthAt + 4)), 16);
  return { vendor: latin1(b.subarray(at + 1, at + 3)), idStart, idEnd, indexAt, lengthAt, declared, contentStart: lengthAt + 5 };
}

/** Whether b[from..] could still become `hhhh*`. */
function hexPrefix(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length && i < from + 5; i++) if (i - from < 4 ? !isHex(b[i]) : b[i] !== STAR) return false;
  return true;
}

/** The message type: content bytes up to the first `,` or `]` (null when the bytes end first). */
function typeAt(b: Uint8Array, from: number): string | null {
  for (let i = from; i < b.length && i - from <= 16; i++) if (b[i] === COMMA || b[i] === CLOSE) return latin1(b.subarray(from, i));
  return b.length - from > 16 ? latin1(b.subarray(from, from + 16)) : null;
}

/** Where the frame at `pos` ends: after `length` content bytes (escapes undone) when a `]` is there, else at a plausible `]`. */
function cutAt(b: Uint8Array, pos: number): Cut {
  const h = parseHeader(b, pos);
  if (h === 'short') return b.length - pos < 64 ? 'wait' : 'bad';
  if (!h) return 'bad';
  let i = h.contentStart;
  let n = 0;
  while (n < h.declared && i < b.length) {
    if (b[i] === ESC && i + 1 < b.length && ESCAPES[b[i + 1]!] !== undefined) i += 2;
    else if (b[i] === ESC && i + 1 >= b.length) break;
    else i++;
    n++;
  }
  if (n === h.declared && i < b.length && b[i] === CLOSE) return { end: i + 1 };
  const type = typeAt(b, h.contentStart);
  if (type === null) return 'wait';
  const binary = BINARY_TYPES.has(type);
  // Binary content whose length counts the escaped bytes (server voice messages): `]` right there.
  const wireEnd = h.contentStart + h.declared;
  if (binary && n < h.declared && b[wireEnd] === CLOSE) return { end: wireEnd + 1 };
  if (binary && n < h.declared && i - pos < MAX_BINARY) return 'wait';
  // The length field disagrees (hand-edited or buggy firmware): the first `]` that a new frame,
  // a line end or the end of the bytes follows.
  for (let j = h.contentStart; j < b.length && j - pos < (binary ? MAX_BINARY : MAX_TEXT); j++) {
    if (b[j] !== CLOSE) continue;
    const next = b[j + 1];
    if (next === undefined || next === OPEN || next === 0x0d || next === 0x0a) return { end: j + 1 };
  }
  return b.length - pos < (binary ? MAX_BINARY : MAX_TEXT) ? 'wait' : 'bad';
}

/** Next `[` at or after `from`, or -1. */
function nextOpen(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === OPEN) return i;
  return -1;
}

export function split(buf: Uint8Array): SplitResult {
  return splitFrames(buf, nextOpen, cutAt);
}

/** Whether the content between `from` and `to` travels escaped: escape pairs are there and the length counts them once. */
function isEscaped(b: Uint8Array, from: number, to: number, declared: number): boolean {
  let pairs_ = 0;
  for (let i = from; i + 1 < to; i++) {
    if (b[i] === ESC && ESCAPES[b[i + 1]!] !== undefined) {
      pairs_++;
      i++;
    }
  }
  return pairs_ > 0 && to - from !== declared;
}

/** The frame with the `}` escapes undone, when it travels escaped (the form other tools hand on). */
export function plain(frame: Uint8Array): Uint8Array {
  const h = parseHeader(frame);
  if (!h || h === 'short') return frame;
  const end = frame[frame.length - 1] === CLOSE ? frame.length - 1 : frame.length;
  if (!isEscaped(frame, h.contentStart, end, h.declared)) return frame;
  return unescapeBytes(frame, ESC, ESCAPES).bytes;
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const h = parseHeader(b);
  if (!h) return { score: 0, evidence: [] };
  if (h === 'short') return scoreEvidence([{ text: 'header [XX* (incomplete)', weight: 0.3 }]);
  const ev: Evidence[] = [{ text: `header [${h.vendor}*<id>*<length>*`, weight: 1 }];
  const id = latin1(b.subarray(h.idStart, h.idEnd));
  if (/^\d{10,15}$/.test(id)) ev.push({ text: `device id ${id} is decimal`, weight: 0.3 });
  if (h.indexAt >= 0) ev.push({ text: 'message index field', weight: 0.1 });
  const type = typeAt(b, h.contentStart);
  if (type !== null) ev.push(TYPES[type] || /^(UD|AL)/.test(type) ? { text: `known message type ${type}`, weight: 0.5 } : { text: `message type ${type}`, weight: 0 });
  const c = cutAt(b, 0);
  if (typeof c === 'object') {
    const p = plain(b.subarray(0, c.end));
    const contentLen = p.length - 1 - h.contentStart;
    ev.push(contentLen === h.declared ? { text: `length 0x${latin1(b.subarray(h.lengthAt, h.lengthAt + 4))} matches the closing ]`, weight: 1 } : { text: 'length field disagrees with the closing ]', weight: 0.3 });
  } else if (c === 'wait') ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
  else ev.push({ text: 'no closing ]', weight: -0.5 });
  return scoreEvidence(ev);
}

/** Fields of a text content after its type, and the helpers to turn them into leaves. */
class Fields {
  constructor(
    readonly r: FieldReader,
    readonly b: Uint8Array,
    readonly ranges: Array<[number, number]>,
  ) {}
  get length(): number {
    return this.ranges.length;
  }
  text(i: number): string | undefined {
    const f = this.ranges[i];
    return f ? latin1(this.b.subarray(f[0], f[1])) : undefined;
  }
  num(i: number): number | undefined {
    const t = this.text(i)?.trim();
    return t !== undefined && /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
  }
  /** A leaf over field i (its text unless `value` is given). */
  leaf(i: number, def: FieldDef, value?: FieldValue, display?: string) {
    const f = this.ranges[i];
    if (!f) return undefined;
    return this.r.node(def, f[0], f[1], value ?? this.text(i)!, display);
  }
  /** A group over fields [from, to) whose children `fn` adds. */
  group(def: FieldDef, from: number, to: number, fn: () => void): void {
    const a = this.ranges[from];
    const z = this.ranges[Math.min(to, this.ranges.length) - 1];
    if (!a || !z || to <= from) return;
    this.r.pos = a[0];
    this.r.group(def, () => {
      fn();
      this.r.pos = z[1];
    });
  }
  /** Leaves for the fields from `from` on. */
  rest(from: number, def: FieldDef): void {
    for (let i = from; i < this.ranges.length; i++) this.leaf(i, def);
  }
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'watch', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  const h = parseHeader(frame);
  const closed = frame.length > 1 && frame[frame.length - 1] === CLOSE;
  let b = frame;
  let r = new FieldReader(frame);
  if (h && h !== 'short' && isEscaped(frame, h.contentStart, closed ? frame.length - 1 : frame.length, h.declared)) {
    const u = unescapeBytes(frame, ESC, ESCAPES);
    b = u.bytes;
    r = FieldReader.mapped(u.bytes, u.map);
  }
  out.tree = r.tree;
  const start = r.ascii(F.start, 1);
  if (start !== '[' && r.last) addIssue(r.last, issue('watch.bad_header', 'malformed', 'error', 'frame does not start with ['));
  if (!h || h === 'short') {
    r.rest(F.data, 'bytes after [ do not form a 3G watch header');
    const n = r.last ?? r.tree[0];
    if (n) addIssue(n, issue('watch.bad_header', 'malformed', 'error', 'header is not XX*<id>*<length>*'));
    return finish(out, ctx, '');
  }
  const end = closed ? b.length - 1 : b.length;
  r.group(F.header, () => {
    r.ascii(F.vendor, 2);
    r.node(F.id, h.idStart, h.idEnd, latin1(b.subarray(h.idStart, h.idEnd)));
    if (h.indexAt >= 0) r.node(F.index, h.indexAt, h.indexAt + 4, latin1(b.subarray(h.indexAt, h.indexAt + 4)));
    const len = r.node(F.length, h.lengthAt, h.lengthAt + 4, h.declared, `0x${latin1(b.subarray(h.lengthAt, h.lengthAt + 4))} = ${h.declared} bytes`);
    if (end - h.contentStart !== h.declared) addIssue(len, issue('watch.length_mismatch', 'malformed', 'warning', `length field says ${h.declared}, the content has ${end - h.contentStart} byte(s)`));
    r.pos = h.contentStart;
  });
  out.deviceId = latin1(b.subarray(h.idStart, h.idEnd));
  let type = '';
  r.pos = h.contentStart;
  r.group(F.content, () => {
    const typeEnd = indexIn(b, COMMA, h.contentStart, end);
    type = latin1(b.subarray(h.contentStart, typeEnd));
    const typeNode = r.node(F.type, h.contentStart, typeEnd, type, `${type} (${typeName(type) ?? 'unknown type'})`);
    if (!typeName(type)) addIssue(typeNode, issue('watch.unknown_type', 'protocol', 'info', `message type ${type} is not known; fields shown as text`));
    if (typeEnd < end) decodeContent(r, b, type, typeEnd + 1, end, out);
    r.pos = end;
  });
  if (closed) r.ascii(F.end, 1);
  else {
    const n = r.tree[r.tree.length - 1]!;
    addIssue(n, issue('watch.no_end', 'malformed', 'error', 'frame does not end with ]'));
  }
  out.messageCode = type;
  out.messageType = typeName(type) ?? type;
  return finish(out, ctx, type);
}

function finish(out: DecodedFrame, ctx: DecodeContext | undefined, type: string): DecodedFrame {
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out, type);
  return out;
}

/** Name of a message type; location and alarm variants (UD_xxx, ALxxx) by their prefix. */
function typeName(type: string): string | undefined {
  return TYPES[type] ?? (type.startsWith('UD') ? 'location' : type.startsWith('AL') ? 'alarm' : type.startsWith('WT') ? 'location (WT)' : undefined);
}

/** Index of `byte` in b[from, to), or `to`. */
function indexIn(b: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === byte) return i;
  return to;
}

/** The content after `<type>,` (b[from, to)), by type. */
function decodeContent(r: FieldReader, b: Uint8Array, type: string, from: number, to: number, out: DecodedFrame): void {
  const a = out.attributes;
  if (type === 'TK' || type === 'img' || type === 'JXTK') return decodeMedia(r, b, type, from, to);
  const f = new Fields(r, b, fieldRanges(b, from, to, COMMA));
  if (type.startsWith('UD') || type.startsWith('AL') || type.startsWith('WT')) {
    decodeLocation(f, out);
    if (type.startsWith('AL') && out.positions.length && a.alarm === undefined) a.alarm = 'general';
    return;
  }
  switch (type.toUpperCase()) {
    case 'LK':
      if (f.length >= 3) {
        f.leaf(0, LINK.steps);
        f.leaf(1, LINK.tumbles);
        f.leaf(2, LINK.battery);
        setNum(a, 'steps', f.num(0));
        setNum(a, 'batteryLevel', f.num(2));
        f.rest(3, F.field);
      } else f.rest(0, F.field);
      return;
    case 'PULSE':
    case 'HEART':
      f.leaf(0, HEALTH.heart_rate);
      setNum(a, 'heartRate', f.num(0));
      f.rest(1, F.field);
      return;
    case 'BLOOD':
    case 'BPHRT':
      f.leaf(0, HEALTH.pressure_high);
      f.leaf(1, HEALTH.pressure_low);
      f.leaf(2, HEALTH.heart_rate);
      setNum(a, 'pressureHigh', f.num(0));
      setNum(a, 'pressureLow', f.num(1));
      setNum(a, 'heartRate', f.num(2));
      f.rest(3, F.field);
      return;
    case 'OXYGEN':
      f.leaf(0, HEALTH.value);
      f.leaf(1, HEALTH.oxygen);
      setNum(a, 'bloodOxygen', f.num(1));
      f.rest(2, F.field);
      return;
    case 'BTEMP2':
      f.leaf(0, HEALTH.temp_valid);
      f.leaf(1, HEALTH.temperature);
      if ((f.num(0) ?? 0) > 0) setNum(a, 'temp1', f.num(1));
      f.rest(2, F.field);
      return;
    case 'TEMP':
      f.leaf(0, HEALTH.temperature);
      setNum(a, 'temp1', f.num(0));
      f.rest(1, F.field);
      return;
  }
  f.rest(0, F.field);
}

function setNum(a: DecodedFrame['attributes'], key: string, v: number | undefined): void {
  if (v !== undefined) a[key] = v;
}

/** TK audio (`TK,<amr>`), JXTK audio parts (`JXTK,a,b,<current>,<total>,<amr>`), img pictures (`img,x,<time>,<jpeg>`). */
function decodeMedia(r: FieldReader, b: Uint8Array, type: string, from: number, to: number): void {
  r.pos = from;
  if (type === 'TK') {
    if (to - from === 1) r.node(F.field, from, to, latin1(b.subarray(from, to)), `${latin1(b.subarray(from, to))} (answer to a voice message)`);
    else r.raw(MEDIA.audio, to - from);
    return;
  }
  const heads = type === 'JXTK' ? 4 : 2;
  let at = from;
  const defs = type === 'JXTK' ? [MEDIA.field, MEDIA.field, MEDIA.current, MEDIA.total] : [MEDIA.field, MEDIA.time];
  for (let k = 0; k < heads; k++) {
    const c = indexIn(b, COMMA, at, to);
    if (c >= to) break;
    r.node(defs[k]!, at, c, latin1(b.subarray(at, c)));
    at = c + 1;
  }
  r.pos = at;
  if (to > at) r.raw(type === 'img' ? MEDIA.image : MEDIA.audio, to - at);
}

/** UD/UD2/UD_LTE/AL/WT: date, time, fix, coordinates, motion, counters, status, cells, Wi-Fi. */
function decodeLocation(f: Fields, out: DecodedFrame): void {
  const a = out.attributes;
  const d = pairs(f.text(0) ?? '');
  const t = pairs(f.text(1) ?? '');
  const time = d && t && d.length === 3 && t.length === 3 ? isoTime(d[2]!, d[1]!, d[0]!, t[0]!, t[1]!, t[2]!) : null;
  f.leaf(0, LOC.date, f.text(0), time ? time.slice(0, 10) : undefined);
  const timeNode = f.leaf(1, LOC.time, f.text(1), time ? time.slice(11, 19) : undefined);
  if (!time && timeNode) addIssue(timeNode, issue('watch.bad_time', 'protocol', 'warning', 'date/time fields out of range'));
  const fix = f.text(2);
  f.leaf(2, LOC.fix, fix, fix === 'A' ? 'A (valid)' : fix === 'V' ? 'V (invalid)' : undefined);
  const lat = coordinate(f.num(3), f.text(4));
  const lon = coordinate(f.num(5), f.text(6));
  f.leaf(3, LOC.latitude, lat ?? f.text(3), lat !== undefined ? `${lat}°` : undefined);
  f.leaf(4, LOC.lat_hemisphere);
  f.leaf(5, LOC.longitude, lon ?? f.text(5), lon !== undefined ? `${lon}°` : undefined);
  f.leaf(6, LOC.lon_hemisphere);
  const defs = [LOC.speed, LOC.course, LOC.altitude, LOC.satellites, LOC.rssi, LOC.battery, LOC.steps, LOC.tumbles];
  defs.forEach((def, k) => f.leaf(7 + k, def, f.num(7 + k) ?? f.text(7 + k)));
  const speed = f.num(7);
  const course = f.num(8);
  const alt = f.num(9);
  const sats = f.num(10);
  setNum(a, 'sat', sats);
  setNum(a, 'rssi', f.num(11));
  setNum(a, 'batteryLevel', f.num(12));
  setNum(a, 'steps', f.num(13));
  if (time && lat !== undefined && lon !== undefined && validLatLon(lat, lon)) {
    const p: Position = { time, valid: fix === 'A', lat: round(lat), lon: round(lon) };
    if (speed !== undefined) p.speedKnots = round(kmhToKnots(speed));
    if (course !== undefined) p.course = course;
    if (alt !== undefined) p.altitude = alt;
    if (sats !== undefined) p.satellites = sats;
    out.positions.push(p);
  }
  const statusText = f.text(15);
  if (statusText !== undefined && /^[0-9A-Fa-f]{1,8}$/.test(statusText)) {
    const status = parseInt(statusText, 16);
    const node = f.leaf(15, LOC.status, status, `0x${statusText}`)!;
    addBits(node, status, STATUS_BITS);
    const alarm = STATUS_ALARMS.find(([bit]) => Math.floor(status / 2 ** bit) % 2 === 1);
    if (alarm) a.alarm = alarm[1];
    if (status & 0x10) a.motion = true;
  } else f.leaf(15, LOC.status);
  let i = decodeCells(f, 16);
  i = decodeWifi(f, i);
  f.rest(i, LOC.extra);
}

/** Bits of the status word (low half: state, high half: alarms). */
const STATUS_BITS = [
  { id: 'watch.location.low_battery', label: 'Low battery', bit: 0 },
  { id: 'watch.location.out_of_fence', label: 'Out of geo-fence', bit: 1 },
  { id: 'watch.location.into_fence', label: 'Into geo-fence', bit: 2 },
  { id: 'watch.location.motion', label: 'Moving', bit: 4 },
  { id: 'watch.location.sos_alarm', label: 'SOS alarm', bit: 16 },
  { id: 'watch.location.low_battery_alarm', label: 'Low battery alarm', bit: 17 },
  { id: 'watch.location.out_fence_alarm', label: 'Out of geo-fence alarm', bit: 18 },
  { id: 'watch.location.into_fence_alarm', label: 'Into geo-fence alarm', bit: 19 },
  { id: 'watch.location.removal_alarm', label: 'Watch removed alarm', bit: 20 },
  { id: 'watch.location.fall_alarm', label: 'Fall-down alarm', bit: 21 },
] as const;

/** Signed degrees from a number and an optional N/S/E/W (S and W make it negative). */
function coordinate(v: number | undefined, hemi: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return hemi === 'S' || hemi === 'W' ? -Math.abs(v) : v;
}

/** Base stations from field i: count, then (when > 0) timing advance, MCC, MNC and count × (LAC, CID, signal). Returns the next field. */
function decodeCells(f: Fields, i: number): number {
  const count = f.num(i);
  if (count === undefined || !Number.isInteger(count) || count < 0) return i;
  const last = count > 0 ? i + 3 + count * 3 : i;
  if (last >= f.length) {
    f.leaf(i, LOC.cell_count);
    return i + 1;
  }
  f.group(LOC.cells, i, last + 1, () => {
    f.leaf(i, LOC.cell_count);
    if (count === 0) return;
    f.leaf(i + 1, LOC.timing_advance);
    f.leaf(i + 2, LOC.mcc);
    f.leaf(i + 3, LOC.mnc);
    for (let k = 0; k < count; k++) {
      const c = i + 4 + k * 3;
      f.group(LOC.cell, c, c + 3, () => {
        f.leaf(c, LOC.lac);
        f.leaf(c + 1, LOC.cid);
        f.leaf(c + 2, LOC.cell_rssi);
      });
    }
  });
  return last + 1;
}

/** Wi-Fi hotspots from field i: count, then count × (SSID, MAC, signal). Returns the next field. */
function decodeWifi(f: Fields, i: number): number {
  const count = f.num(i);
  if (count === undefined || !Number.isInteger(count) || count < 0 || i + count * 3 >= f.length) return i;
  f.group(LOC.wifi, i, i + 1 + count * 3, () => {
    f.leaf(i, LOC.wifi_count);
    for (let k = 0; k < count; k++) {
      const w = i + 1 + k * 3;
      f.group(LOC.hotspot, w, w + 3, () => {
        f.leaf(w, LOC.wifi_name);
        f.leaf(w + 1, LOC.wifi_mac);
        f.leaf(w + 2, LOC.wifi_rssi);
      });
    }
  });
  return i + 1 + count * 3;
}

/**
 * What a Traccar-compatible server answers, in the frame's own vendor, id and index:
 * LK → `LK`, AL… → `AL`, TKQ/TKQ2 → themselves, INIT → `INIT,1`, JXTK → `JXTKR,1`.
 */
export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  const h = parseHeader(frame);
  if (!h || h === 'short') return null;
  const type = decoded.messageCode ?? '';
  let content: string | null = null;
  if (type === 'LK') content = 'LK';
  else if (type.startsWith('AL')) content = 'AL';
  else if (type === 'TKQ' || type === 'TKQ2') content = type;
  else if (type === 'INIT') content = 'INIT,1';
  else if (type === 'JXTK') content = 'JXTKR,1';
  if (content === null) return null;
  const id = latin1(frame.subarray(h.idStart, h.idEnd));
  const index = h.indexAt >= 0 ? `${latin1(frame.subarray(h.indexAt, h.indexAt + 4))}*` : '';
  return answer(h.vendor, id, index, content);
}

/** `[<vendor>*<id>*[<index>*]<length, 4 lowercase hex>*<content>]`. */
export function answer(vendor: string, id: string, index: string, content: string): Uint8Array {
  const text = `[${vendor}*${id}*${index}${content.length.toString(16).padStart(4, '0')}*${content}]`;
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function summarise(d: DecodedFrame, type: string): string {
  const p = d.positions[0];
  if (p) {
    const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
    return `${type} ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${alarm}`;
  }
  const a = d.attributes;
  const parts = ['batteryLevel', 'steps', 'heartRate', 'pressureHigh', 'pressureLow', 'bloodOxygen', 'temp1'].filter((k) => a[k] !== undefined).map((k) => `${k} ${a[k]}`);
  return [type || d.messageType, ...parts].join(' ');
}

export const watch: ProtocolDescriptor = {
  id: 'watch',
  name: '3G watch',
  transports: ['tcp'],
  defaultPort: 5093,
  detect,
  split,
  decode,
  respond,
  plain,
  commands,
};
