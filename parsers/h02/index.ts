/**
 * H02 (CanTrack TK100B, Sinotrack ST-90x and many clones), two framings on one connection:
 * - text `*XX,<id>,<command>,<fields…>#`, XX a two-letter vendor code (HQ on most devices):
 *   `V1,hhmmss,A,ddmm.mmmm,N,dddmm.mmmm,E,<speed kn>,<course>,ddmmyy,<status hex>` and its
 *   variants, `V4,<cmd>,<args>,<cmd time>,…` confirmations, `V0` login, `HTBT` heartbeat, `NBR`/`V3`
 *   cell lists, `LINK`, `VP1`, `SMS` replies;
 * - binary `$` + BCD id(5) + time(3) + date(3) + latitude(4) + battery(1) + longitude(4½) + flags(½)
 *   + speed/course(3) + status(4) + 3 bytes: 32 bytes; 45 with a 13-byte cell block; 42 with an
 *   8-byte IMEI id. Some firmware sends the 32-byte form with an `X` marker.
 * Spec: the vendor's "GPS tracker communication protocol" (*XX,YYYYYYYYYY,V1,HHMMSS,S,latitude,D,
 * longitude,G,speed,direction,DDMMYY,vehicle_status#); layouts, status bits and the server's echo
 * checked against Traccar's H02ProtocolDecoder/H02FrameDecoder and their test frames
 * (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, collectIssues, issue } from '../core/reader';
import { bcdDigits, isBcd, latin1, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, isoTime, round } from '../core/units';
import { BIN, CELL, F, HTBT, LINK, NBR, POS, RESP, SERVER_COMMANDS, SMS, TEXT_TYPES, V3, V3CELL, VP1, statusBits } from './fields';
import { decodeServerCommand } from './downlink';
import { commands } from './commands';

const STAR = 0x2a;
const HASH = 0x23;
const DOLLAR = 0x24;
const X = 0x58;
const COMMA = 0x2c;

/** Longest text sentence the splitter waits for (SMS replies and NBR lists run to a few hundred bytes). */
const MAX_TEXT = 1024;
const SHORT = 32;
const LONG = 45;
const LONG_ID = 42;

// ---------------------------------------------------------------------------------------------
// Framing

type Fit = 'yes' | 'no' | 'partial';

const isAlnum = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/** Whether `*` at `at` opens a sentence: two vendor characters and a comma. */
function textStart(b: Uint8Array, at: number): Fit {
  for (let i = 1; i <= 3; i++) {
    const c = b[at + i];
    if (c === undefined) return 'partial';
    if (i < 3 ? !isAlnum(c) : c !== COMMA) return 'no';
  }
  return 'yes';
}

const bcdByte = (v: number | undefined, max: number, min = 0) => v !== undefined && v >> 4 <= 9 && (v & 15) <= 9 && (v >> 4) * 10 + (v & 15) <= max && (v >> 4) * 10 + (v & 15) >= min;

/** BCD hhmmss ddmmyy at `at` within range (undefined bytes count as plausible when `partial`). */
function timeDateFit(b: Uint8Array, at: number): Fit {
  const limits: Array<[number, number]> = [[23, 0], [59, 0], [59, 0], [31, 1], [12, 1], [99, 0]];
  for (let i = 0; i < 6; i++) {
    const v = b[at + i];
    if (v === undefined) return 'partial';
    if (!bcdByte(v, limits[i]![0], limits[i]![1])) return 'no';
  }
  return 'yes';
}

/** Id length of the binary report at `at`: 5 BCD bytes, or 8 (IMEI) when only that layout has a valid time. */
function binaryLayout(b: Uint8Array, at: number): { idLen: 5 | 8; fit: Fit } {
  const short = timeDateFit(b, at + 6);
  if (short !== 'no' || b[at] === X) return { idLen: 5, fit: short };
  const long = timeDateFit(b, at + 9);
  return long === 'no' ? { idLen: 5, fit: 'no' } : { idLen: 8, fit: long };
}

/** Whether a frame starts at `at` (text or binary), as far as the buffer shows. */
function frameStart(b: Uint8Array, at: number): Fit {
  const c = b[at];
  if (c === undefined) return 'partial';
  if (c === STAR) return textStart(b, at);
  if (c === DOLLAR || c === X) {
    if (b.length - at < 15) {
      for (let i = at + 1; i < Math.min(b.length, at + 6); i++) if (!bcdByte(b[i], 99)) return 'no';
      return 'partial';
    }
    return binaryLayout(b, at).fit;
  }
  return 'no';
}

/**
 * Length of the binary report at `pos`: a number, 'wait' for more bytes, or 0 when it is not one.
 * 32 bytes at the very end of the buffer may be a short report or the start of a long one: only
 * `final` (no more bytes coming for now) settles it as short.
 */
function binaryLength(b: Uint8Array, pos: number, final: boolean): number | 'wait' {
  const avail = b.length - pos;
  for (let i = pos + 1; i < Math.min(b.length, pos + 6); i++) if (!bcdByte(b[i], 99)) return 0;
  if (avail < 15) return 'wait';
  const { idLen, fit } = binaryLayout(b, pos);
  if (fit === 'no') return 0;
  if (b[pos] === X) return avail >= SHORT ? SHORT : 'wait';
  if (idLen === 8) return avail >= LONG_ID ? LONG_ID : 'wait';
  if (avail < SHORT) return 'wait';
  // No length field: the next frame (or the end of what has arrived) tells 32 from 45.
  const after32 = pos + SHORT === b.length ? (final ? 'yes' : 'partial') : frameStart(b, pos + SHORT);
  if (after32 === 'yes') return SHORT;
  if (after32 === 'partial') return 'wait';
  if (avail < LONG) return 'wait';
  const after45 = pos + LONG === b.length ? 'yes' : frameStart(b, pos + LONG);
  if (after45 === 'yes') return LONG;
  if (after45 === 'partial') return 'wait';
  return SHORT;
}

export function split(buf: Uint8Array, final = false): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  const junk = (start: number, end: number) => {
    const last = garbage[garbage.length - 1];
    if (last && last.end === start) last.end = end;
    else garbage.push({ start, end });
  };
  /** Next byte after `from` that may open a frame (or the buffer end). */
  const nextMarker = (from: number) => {
    let i = from;
    while (i < buf.length && buf[i] !== STAR && buf[i] !== DOLLAR && buf[i] !== X) i++;
    return i;
  };
  let pos = 0;
  while (pos < buf.length) {
    const c = buf[pos]!;
    if (c === 0x0d || c === 0x0a) {
      pos++; // line end after a sentence: part of the framing, not garbage
      continue;
    }
    if (c === STAR) {
      const t = textStart(buf, pos);
      if (t === 'partial') break;
      if (t === 'yes') {
        let end = -1;
        for (let i = pos + 4; i < buf.length && i - pos < MAX_TEXT; i++) {
          if (buf[i] === HASH) {
            end = i + 1;
            break;
          }
        }
        if (end > 0) {
          frames.push({ start: pos, end });
          pos = end;
          continue;
        }
        if (buf.length - pos < MAX_TEXT) break;
      }
    } else if (c === DOLLAR || c === X) {
      const len = binaryLength(buf, pos, final);
      if (len === 'wait') break;
      if (len > 0) {
        frames.push({ start: pos, end: pos + len });
        pos += len;
        continue;
      }
    }
    const next = nextMarker(pos + 1);
    junk(pos, next);
    pos = next;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// Detection

/** Commands that identify H02 (weight of the evidence). */
const KNOWN_COMMANDS: Readonly<Record<string, number>> = {
  V0: 1.2, V1: 1.2, V2: 1, V3: 1, V4: 1, V5: 1, V6: 1, V8: 1, V19: 1, VI1: 1, VP1: 1, HTBT: 1.2, NBR: 1.2, LINK: 1, SMS: 0.8, XT: 0.5, BS: 0.5, BASE: 0.5,
};

function detectText(b: Uint8Array): DetectResult {
  if (textStart(b, 0) !== 'yes') return { score: 0, evidence: [] };
  const vendor = latin1(b.subarray(1, 3));
  const ev: Evidence[] = [];
  ev.push(/^(HQ|hq)$/.test(vendor) ? { text: `header *${vendor}, (H02 vendor code)`, weight: 0.6 } : /^[A-Za-z]{2}$/.test(vendor) ? { text: `header *${vendor}, (two-letter vendor code)`, weight: 0.3 } : { text: `header *${vendor}, (vendor code is not two letters)`, weight: 0.05 });
  let hash = -1;
  for (let i = 4; i < b.length && i < MAX_TEXT; i++) if (b[i] === HASH) {
    hash = i;
    break;
  }
  const text = latin1(b.subarray(4, hash >= 0 ? hash : Math.min(b.length, MAX_TEXT)));
  const parts = text.split(',');
  const id = parts[0]!;
  if (/^\d{5,20}$/.test(id)) ev.push(luhnValid(id) && id.length === 15 ? { text: `device id ${id} (IMEI passes Luhn)`, weight: 0.4 } : { text: `device id ${id} is digits`, weight: 0.3 });
  else if (id === '') ev.push({ text: 'empty device id', weight: 0.05 });
  else ev.push({ text: `device id '${id.slice(0, 20)}' is not digits`, weight: -0.3 });
  const cmd = parts[1];
  if (cmd !== undefined && (parts.length > 2 || hash >= 0)) {
    const w = KNOWN_COMMANDS[cmd];
    if (w) ev.push({ text: `known H02 command ${cmd}`, weight: w });
    else if (/^V\d+$/.test(cmd)) ev.push({ text: `V-type command ${cmd}`, weight: 0.6 });
    else if (cmd !== '') ev.push({ text: `unknown command '${cmd.slice(0, 12)}'`, weight: -0.4 });
  }
  if (hash >= 0) ev.push({ text: "ends with '#'", weight: 0.4 });
  const ns = parts.findIndex((p, i) => i >= 3 && (p === 'N' || p === 'S') && (parts[i + 2] === 'E' || parts[i + 2] === 'W'));
  if (ns > 0) ev.push({ text: 'ddmm.mmmm,N/S,dddmm.mmmm,E/W coordinates', weight: 0.4 });
  return scoreEvidence(ev);
}

function detectBinary(b: Uint8Array): DetectResult {
  if (b.length < 12) return { score: 0, evidence: [] };
  const marker = b[0] === X ? 'X' : '$';
  const { idLen, fit } = binaryLayout(b, 0);
  if (fit === 'no' || !isBcd(b.subarray(1, 1 + idLen))) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: `marker '${marker}' + BCD device id (${idLen} bytes)`, weight: marker === 'X' ? 0.15 : 0.3 }];
  if (fit === 'yes') ev.push({ text: 'BCD time and date in range', weight: 0.8 });
  const p = 1 + idLen + 6;
  if (b.length >= p + 9) {
    const lat = b.subarray(p, p + 4);
    const lon = b.subarray(p + 5, p + 9);
    const latOk = isBcd(lat) && bcdDigits(lat.subarray(0, 1)) <= '90' && lat[1]! < 0x60;
    const lonOk = isBcd(lon) && Number(bcdDigits(lon).slice(0, 3)) <= 180 && Number(bcdDigits(lon).slice(3, 5)) < 60;
    ev.push(latOk && lonOk ? { text: 'BCD latitude and longitude in range', weight: 0.5 } : { text: 'coordinates are not BCD degrees and minutes', weight: -0.6 });
  }
  const lengths = marker === 'X' ? [SHORT] : idLen === 8 ? [LONG_ID] : [SHORT, LONG];
  const fits = lengths.find((l) => b.length === l || (b.length > l && frameStart(b, l) === 'yes'));
  if (fits) ev.push({ text: `fixed length ${fits} fits the data`, weight: 0.5 });
  // JT600 binary also starts with '$' + BCD id but carries a length field at offset 7 (or 8).
  for (const at of [7, 8]) {
    if (b.length >= at + 2 && ((b[at]! << 8) | b[at + 1]!) + 10 === b.length) {
      ev.push({ text: `bytes ${at}-${at + 1} read as a JT600 length field match the data`, weight: -1.8 });
      break;
    }
  }
  return scoreEvidence(ev);
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b[0] === STAR) return detectText(b);
  if (b[0] === DOLLAR || b[0] === X) return detectBinary(b);
  return { score: 0, evidence: [] };
}

// ---------------------------------------------------------------------------------------------
// Decoding: text

interface Tok {
  text: string;
  start: number;
  end: number;
}

/** Comma-separated fields of b[from, to). */
function tokenize(b: Uint8Array, from: number, to: number): Tok[] {
  const out: Tok[] = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || b[i] === COMMA) {
      out.push({ text: latin1(b.subarray(s, i)), start: s, end: i });
      s = i + 1;
    }
  }
  return out;
}

/** A leaf over a field's text (nothing for an absent or empty field). */
function leaf(r: FieldReader, def: FieldDef, t: Tok | undefined, value?: FieldValue, display?: string, label?: string): FieldNode | undefined {
  if (!t || t.start === t.end) return undefined;
  const n = r.node(def, t.start, t.end, value === undefined ? t.text : value, display);
  if (label) n.label = label;
  return n;
}

/** A group node over [from, to) whose children `fn` adds. */
function groupOver(r: FieldReader, def: FieldDef, from: number, to: number, fn: () => void, label?: string): FieldNode {
  r.pos = from;
  const { node } = r.group(def, () => {
    fn();
    r.pos = to;
  });
  if (label) node.label = label;
  return node;
}

const span = (ts: Tok[]): [number, number] => [ts[0]!.start, ts[ts.length - 1]!.end];
const isHex8 = (t: Tok | undefined) => !!t && /^[0-9A-Fa-f]{8}$/.test(t.text);
const isDate = (t: Tok | undefined) => !!t && /^\d{6}$/.test(t.text);

/** hh:mm:ss of a `hhmmss` field, or null. */
function clock(text: string): [number, number, number] | null {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (!m) return null;
  const v: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return v[0] < 24 && v[1] < 60 && v[2] < 60 ? v : null;
}

/** [day, month, year] of a `ddmmyy` field, or null. */
function calendar(text: string): [number, number, number] | null {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (!m) return null;
  const v: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return v[0] >= 1 && v[0] <= 31 && v[1] >= 1 && v[1] <= 12 ? v : null;
}

const pad = (v: number) => String(v).padStart(2, '0');

/** A `hhmmss` leaf shown as hh:mm:ss; its [h, m, s], or null (flagged when malformed). */
function timeLeaf(r: FieldReader, def: FieldDef, t: Tok | undefined): [number, number, number] | null {
  if (!t || t.start === t.end) return null;
  const c = clock(t.text);
  const n = leaf(r, def, t, c ? `${pad(c[0])}:${pad(c[1])}:${pad(c[2])}` : t.text)!;
  if (!c) addIssue(n, issue('h02.bad_time', 'malformed', 'warning', `time '${t.text}' is not hhmmss`));
  return c;
}

/** A `ddmmyy` leaf shown as yyyy-mm-dd; its [d, m, yy], or null (flagged when malformed). */
function dateLeaf(r: FieldReader, def: FieldDef, t: Tok | undefined): [number, number, number] | null {
  if (!t || t.start === t.end) return null;
  const d = calendar(t.text);
  const n = leaf(r, def, t, d ? `20${pad(d[2])}-${pad(d[1])}-${pad(d[0])}` : t.text)!;
  if (!d) addIssue(n, issue('h02.bad_date', 'malformed', 'warning', `date '${t.text}' is not ddmmyy`));
  return d;
}

/** Signed degrees of an H02 coordinate (`ddmm.mmmm`, `-dd-mm.mmmm`, `ddmmmmmm`), or null. */
export function coordinate(text: string, hemi: string, max: number): number | null {
  let deg: number;
  let min: number;
  const dash = /^-(\d+)-(\d+(?:\.\d+)?)$/.exec(text);
  const packed = /^(\d+)(\d\d)(\d{4})$/.exec(text);
  if (dash) [deg, min] = [Number(dash[1]), Number(dash[2])];
  else if (/^\d*\d\d\.\d+$/.test(text)) {
    const v = Number(text);
    deg = Math.floor(v / 100);
    min = v - deg * 100;
  } else if (packed) [deg, min] = [Number(packed[1]), Number(`${packed[2]}.${packed[3]}`)];
  else return null;
  if (!(min < 60) || deg > max) return null;
  const v = deg + min / 60;
  return hemi === 'S' || hemi === 'W' ? -v : v;
}

/** Status word → alarm, ignition and status attributes, as Traccar reads the bits. */
function statusAttributes(status: number, out: DecodedFrame): void {
  const bit = (n: number) => Math.floor(status / 2 ** n) % 2 === 1;
  if (!bit(0)) out.attributes.alarm = 'vibration';
  else if (!bit(1) || !bit(18)) out.attributes.alarm = 'sos';
  else if (!bit(2)) out.attributes.alarm = 'overspeed';
  else if (!bit(19)) out.attributes.alarm = 'powerCut';
  out.attributes.ignition = bit(10);
  out.attributes.status = status;
}

/** The 8-hex-digit status word with its bits, and the attributes it gives. */
function statusLeaf(r: FieldReader, def: FieldDef, t: Tok | undefined, out: DecodedFrame): void {
  if (!t || t.start === t.end) return;
  if (!isHex8(t)) {
    const n = leaf(r, def, t)!;
    addIssue(n, issue('h02.bad_status', 'malformed', 'warning', `status '${t.text}' is not 8 hex digits`));
    return;
  }
  const v = parseInt(t.text, 16);
  const n = leaf(r, def, t, v, `0x${t.text.toUpperCase()}`)!;
  addBits(n, v, statusBits(def.id));
  statusAttributes(v, out);
}

/** Remaining fields as numbered extra values (`io1`… attributes, as Traccar names them). */
function extras(r: FieldReader, def: FieldDef, ts: Tok[], out: DecodedFrame, attributes = true): void {
  ts.forEach((t, i) => {
    leaf(r, def, t, t.text, undefined, `${def.label} ${i + 1}`);
    if (attributes) out.attributes[`io${i + 1}`] = t.text.trim();
  });
}

interface PositionParts {
  time: [number, number, number] | null;
  date: [number, number, number] | null;
  hasDate: boolean;
  valid: boolean;
  lat: number | null;
  lon: number | null;
  speed?: number;
  course?: number;
}

/** Push the position the parts describe (none without coordinates); note a missing date. */
function pushPosition(p: PositionParts, group: FieldNode, out: DecodedFrame): void {
  if (p.lat === null || p.lon === null) {
    addIssue(group, issue('h02.no_position', 'protocol', 'info', 'no position: coordinates missing or malformed'));
    return;
  }
  let time: string | null;
  if (p.hasDate) {
    time = p.date ? isoTime(p.date[2], p.date[1], p.date[0], p.time?.[0] ?? 0, p.time?.[1] ?? 0, p.time?.[2] ?? 0) : null;
    if (!time) return;
  } else {
    time = new Date(0).toISOString();
    addIssue(group, issue('h02.no_date', 'protocol', 'warning', 'the sentence carries no date: the position has no time of its own (shown as 1970-01-01; a server uses the time of receipt)'));
  }
  const pos: Position = { time, valid: p.valid, lat: round(p.lat), lon: round(p.lon) };
  if (p.speed !== undefined) pos.speedKnots = p.speed;
  if (p.course !== undefined) pos.course = p.course;
  out.positions.push(pos);
}

/** Coordinates and hemispheres: leaves, and the signed degrees when both are well formed. */
function coordinates(r: FieldReader, t: Array<Tok | undefined>, group: FieldNode): { lat: number | null; lon: number | null } {
  const [latT, nsT, lonT, ewT] = t;
  const res: { lat: number | null; lon: number | null } = { lat: null, lon: null };
  const one = (valT: Tok | undefined, hT: Tok | undefined, def: FieldDef, hdef: FieldDef, hemis: string, max: number): number | null => {
    const h = hT?.text ?? '';
    const v = valT && valT.text ? coordinate(valT.text, h, max) : null;
    const vn = leaf(r, def, valT, v ?? valT?.text, v === null ? undefined : `${v.toFixed(6)}° (${valT!.text})`);
    const hn = leaf(r, hdef, hT);
    if (vn && v === null) addIssue(vn, issue('h02.bad_coordinate', 'malformed', 'warning', `'${valT!.text}' is not a coordinate`));
    if (!hemis.includes(h) || h.length !== 1) {
      addIssue(hn ?? group, issue('h02.bad_hemisphere', 'malformed', 'warning', `hemisphere '${h}' is not ${hemis.split('').join('/')}`));
      return null;
    }
    return v;
  };
  res.lat = one(latT, nsT, POS.latitude, POS.lat_hemisphere, 'NS', 90);
  res.lon = one(lonT, ewT, POS.longitude, POS.lon_hemisphere, 'EW', 180);
  return res;
}

/** `hhmmss,S,lat,N,lon,E,speed,course[,battery],ddmmyy[,sim×3][,status][,…]` (V1 and its kin). */
function decodePosition(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  if (!t.length) return;
  const [from, to] = span(t);
  groupOver(r, F.position, from, to, () => {
    const group = r.last!;
    const time = timeLeaf(r, POS.time, t[0]);
    const vt = t[1];
    leaf(r, POS.validity, vt);
    const { lat, lon } = coordinates(r, [t[2], t[3], t[4], t[5]], group);
    const speedT = t[6];
    const courseT = t[7];
    const speed = speedT ? Number(speedT.text.trim() || '0') : undefined;
    const course = courseT ? Number(courseT.text.trim() || '0') : undefined;
    leaf(r, POS.speed, speedT, Number.isFinite(speed) ? speed : speedT?.text, Number.isFinite(speed) ? `${speed} kn` : undefined);
    leaf(r, POS.course, courseT, Number.isFinite(course) ? course : courseT?.text);
    let i = 8;
    if (t[i] && /^\d{1,3}$/.test(t[i]!.text) && isDate(t[i + 1])) leaf(r, POS.battery, t[i++]);
    const dateT = t[i];
    const date = dateLeaf(r, POS.date, dateT);
    if (dateT) i++;
    if (!isHex8(t[i]) && isHex8(t[i + 3])) {
      for (let k = 0; k < 3; k++) leaf(r, POS.sim_info, t[i + k], undefined, undefined, `${POS.sim_info.label} ${k + 1}`);
      i += 3;
    }
    if (t[i]) statusLeaf(r, POS.status, t[i++], out);
    const rest = t.slice(i);
    const odo = rest.length === 6 && /^\d+$/.test(rest[0]!.text) && /^-?\d+$/.test(rest[1]!.text) && /^\d+\.\d+$/.test(rest[2]!.text) && /^-?\d+$/.test(rest[3]!.text) && /^[0-9A-Fa-f]+$/.test(rest[4]!.text) && /^[0-9A-Fa-f]+$/.test(rest[5]!.text);
    let altitude: number | undefined;
    if (odo) {
      const [o, tp, fu, al, la, ci] = rest as [Tok, Tok, Tok, Tok, Tok, Tok];
      leaf(r, POS.odometer, o, Number(o.text));
      leaf(r, POS.temperature, tp, Number(tp.text));
      leaf(r, POS.fuel, fu, Number(fu.text));
      leaf(r, POS.altitude, al, Number(al.text));
      leaf(r, POS.lac, la, parseInt(la.text, 16), `${parseInt(la.text, 16)} (0x${la.text})`);
      leaf(r, POS.cid, ci, parseInt(ci.text, 16), `${parseInt(ci.text, 16)} (0x${ci.text})`);
      out.attributes.odometer = Number(o.text);
      out.attributes.temp1 = Number(tp.text);
      out.attributes.fuel = Number(fu.text);
      altitude = Number(al.text);
    } else extras(r, POS.extra, rest, out);
    const valid = !!vt && (vt.text === 'A' || /^\d+$/.test(vt.text));
    pushPosition({ time, date, hasDate: !!dateT?.text, valid, lat, lon, speed: Number.isFinite(speed) ? speed : undefined, course: Number.isFinite(course) ? course : undefined }, group, out);
    if (altitude !== undefined && out.positions.length) out.positions[out.positions.length - 1]!.altitude = altitude;
  });
}

/** V4: the confirmed command, its arguments and time, then a position report. */
function decodeV4(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  let j = -1;
  for (let k = 3; k + 2 < t.length; k++) {
    if ((t[k]!.text === 'N' || t[k]!.text === 'S') && (t[k + 2]!.text === 'E' || t[k + 2]!.text === 'W')) {
      j = k;
      break;
    }
  }
  const respEnd = j < 0 ? t.length : j - 3;
  const resp = t.slice(0, respEnd);
  if (resp.length) {
    const [from, to] = span(resp);
    groupOver(r, POS.response, from, to, () => {
      leaf(r, RESP.command, resp[0]);
      const last = resp.length > 1 ? resp[resp.length - 1]! : undefined;
      const hasTime = !!last && clock(last.text) !== null;
      resp.slice(1, hasTime ? -1 : undefined).forEach((a, i) => leaf(r, RESP.argument, a, undefined, undefined, `${RESP.argument.label} ${i + 1}`));
      if (hasTime) timeLeaf(r, RESP.command_time, last);
    });
    out.attributes.result = latin1(r.bytes.subarray(from, to));
  }
  if (j >= 0) decodePosition(r, t.slice(j - 3), out);
}

/** HTBT / V0: an optional battery level. */
function decodeHeartbeat(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  const ts = t.filter((x) => x.start < x.end);
  if (!ts.length) return;
  const [from, to] = span(t);
  groupOver(r, F.heartbeat, from, to, () => {
    const b = t[0];
    if (b && /^\d+$/.test(b.text)) {
      leaf(r, HTBT.battery, b, Number(b.text), `${Number(b.text)} %`);
      out.attributes.batteryLevel = Number(b.text);
      extras(r, HTBT.extra, t.slice(1), out, false);
    } else extras(r, HTBT.extra, t, out, false);
  });
}

/** NBR: `hhmmss,mcc,mnc,delay,count,(lac,cid,rssi)×count,ddmmyy,status[,…]`. */
function decodeNbr(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  if (!t.length) return;
  const [from, to] = span(t);
  groupOver(r, F.nbr, from, to, () => {
    const group = r.last!;
    timeLeaf(r, NBR.time, t[0]);
    leaf(r, NBR.mcc, t[1], Number(t[1]?.text));
    leaf(r, NBR.mnc, t[2], Number(t[2]?.text));
    leaf(r, NBR.delay, t[3], Number(t[3]?.text));
    const count = Number(t[4]?.text ?? 0);
    leaf(r, NBR.count, t[4], count);
    let dateAt = 5 + count * 3;
    if (!(isDate(t[dateAt]) && isHex8(t[dateAt + 1]))) {
      const s = t.findIndex((x, k) => k > 5 && isHex8(x) && isDate(t[k - 1]));
      dateAt = s > 0 ? s - 1 : t.length;
      addIssue(group, issue('h02.count_mismatch', 'malformed', 'warning', `cell count ${t[4]?.text} does not fit the ${Math.max(0, dateAt - 5)} cell fields`));
    }
    cells(r, t.slice(5, dateAt), 3, NBR.cell, [CELL.lac, CELL.cid, CELL.rssi]);
    dateLeaf(r, NBR.date, t[dateAt]);
    statusLeaf(r, NBR.status, t[dateAt + 1], out);
    extras(r, NBR.extra, t.slice(dateAt + 2), out, false);
  });
}

/** Cell groups of `size` fields each. */
function cells(r: FieldReader, ts: Tok[], size: number, def: FieldDef, defs: FieldDef[]): void {
  for (let k = 0; k < ts.length; k += size) {
    const cell = ts.slice(k, k + size);
    const [from, to] = span(cell);
    groupOver(r, def, from, to, () => cell.forEach((c, i) => leaf(r, defs[i]!, c, /^-?\d+$/.test(c.text) ? Number(c.text) : c.text)), `${def.label} ${k / size + 1}`);
  }
}

/** LINK: `hhmmss,rssi,satellites,battery,steps,turnovers,ddmmyy,status`. */
function decodeLink(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  if (!t.length) return;
  const [from, to] = span(t);
  groupOver(r, F.link, from, to, () => {
    timeLeaf(r, LINK.time, t[0]);
    const nums: Array<[FieldDef, string]> = [[LINK.rssi, 'rssi'], [LINK.satellites, 'sat'], [LINK.battery, 'batteryLevel'], [LINK.steps, 'steps'], [LINK.turnovers, 'turnovers']];
    nums.forEach(([def, key], i) => {
      const x = t[i + 1];
      if (x && /^\d+$/.test(x.text)) out.attributes[key] = Number(x.text);
      leaf(r, def, x, x && /^\d+$/.test(x.text) ? Number(x.text) : x?.text);
    });
    dateLeaf(r, LINK.date, t[6]);
    statusLeaf(r, LINK.status, t[7], out);
    extras(r, LINK.extra, t.slice(8), out, false);
  });
}

/** V3: `hhmmss,mcc+mnc,count,(lac,cid,level,dBm)×count,battery hex,reboot,X,ddmmyy,status`. */
function decodeV3(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  if (!t.length) return;
  const [from, to] = span(t);
  groupOver(r, F.v3, from, to, () => {
    const group = r.last!;
    timeLeaf(r, V3.time, t[0]);
    const mm = t[1];
    if (mm && /^\d{4,}$/.test(mm.text)) {
      r.node(V3.mcc, mm.start, mm.start + 3, Number(mm.text.slice(0, 3)));
      r.node(V3.mnc, mm.start + 3, mm.end, Number(mm.text.slice(3)));
    } else leaf(r, V3.mcc, mm);
    const count = Number(t[2]?.text ?? 0);
    leaf(r, V3.count, t[2], count);
    let x = t.findIndex((v, k) => k >= 3 && v.text === 'X');
    if (x < 0) x = t.length;
    const cellEnd = Math.max(3, x - 2);
    if (cellEnd - 3 !== count * 4) addIssue(group, issue('h02.count_mismatch', 'malformed', 'warning', `cell count ${t[2]?.text} does not fit the ${cellEnd - 3} cell fields`));
    cells(r, t.slice(3, cellEnd), 4, V3.cell, [V3CELL.lac, V3CELL.cid, V3CELL.level, V3CELL.dbm]);
    const bat = t[cellEnd];
    if (bat && /^[0-9A-Fa-f]{4}$/.test(bat.text)) {
      leaf(r, V3.battery, bat, parseInt(bat.text, 16), `${parseInt(bat.text, 16)} (0x${bat.text})`);
      out.attributes.battery = parseInt(bat.text, 16);
    } else leaf(r, V3.battery, bat);
    leaf(r, V3.reboot, t[cellEnd + 1]);
    leaf(r, V3.marker, t[x]);
    dateLeaf(r, V3.date, t[x + 1]);
    statusLeaf(r, V3.status, t[x + 2], out);
    extras(r, V3.extra, t.slice(x + 3), out, false);
  });
}

/** VP1: `A,lat,N,lon,E,speed,course,ddmmyy` (no time), or `V,mcc,mnc,<lac,cid,rssi>Y<…>` cells. */
function decodeVp1(r: FieldReader, t: Tok[], out: DecodedFrame): void {
  if (!t.length) return;
  const [from, to] = span(t);
  if (t[0]!.text === 'V') {
    groupOver(r, F.vp1, from, to, () => {
      leaf(r, VP1.validity, t[0]);
      leaf(r, VP1.mcc, t[1], Number(t[1]?.text));
      leaf(r, VP1.mnc, t[2], Number(t[2]?.text));
      const list = t.slice(3);
      if (list.length) {
        const [a, b] = span(list);
        r.node(VP1.list, a, b, latin1(r.bytes.subarray(a, b)));
      }
    });
    return;
  }
  groupOver(r, F.position, from, to, () => {
    const group = r.last!;
    leaf(r, POS.validity, t[0]);
    const { lat, lon } = coordinates(r, [t[1], t[2], t[3], t[4]], group);
    const speed = t[5] ? Number(t[5].text) : undefined;
    const course = t[6] ? Number(t[6].text) : undefined;
    leaf(r, POS.speed, t[5], Number.isFinite(speed) ? speed : t[5]?.text, Number.isFinite(speed) ? `${speed} kn` : undefined);
    leaf(r, POS.course, t[6], Number.isFinite(course) ? course : t[6]?.text);
    const date = dateLeaf(r, POS.date, t[7]);
    extras(r, POS.extra, t.slice(8), out, false);
    const valid = t[0]!.text === 'A' || t[0]!.text === 'B';
    pushPosition({ time: null, date, hasDate: !!t[7]?.text, valid, lat, lon, speed: Number.isFinite(speed) ? speed : undefined, course: Number.isFinite(course) ? course : undefined }, group, out);
  });
}

function decodeText(frame: Uint8Array, ctx: DecodeContext | undefined, out: DecodedFrame): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  const hash = frame.indexOf(HASH);
  const bodyEnd = hash >= 0 ? hash : frame.length;
  groupOver(r, F.sentence, 0, frame.length, () => {
    const sentence = r.last!;
    r.node(F.start, 0, 1, '*');
    const t = tokenize(frame, 1, bodyEnd);
    leaf(r, F.vendor, t[0]);
    const id = t[1];
    leaf(r, F.device_id, id);
    if (id && /^\d+$/.test(id.text)) out.deviceId = id.text;
    const typeT = t[2];
    const type = typeT?.text ?? '';
    leaf(r, F.type, typeT);
    out.messageCode = type;
    out.messageType = TEXT_TYPES[type] ?? SERVER_COMMANDS[type] ?? (/^V/.test(type) ? 'location' : type || 'unknown');
    const rest = t.slice(3);
    if (!typeT || type === '') addIssue(sentence, issue('h02.no_command', 'protocol', 'warning', 'the sentence carries no command'));
    else if (type === 'SMS') {
      if (rest.length) {
        const text = latin1(frame.subarray(rest[0]!.start, bodyEnd));
        r.node(SMS.text, rest[0]!.start, bodyEnd, text, JSON.stringify(text));
        out.attributes.result = text;
      }
    } else if (type === 'V0' || type === 'HTBT') {
      if (rest.length >= 6 && (rest[3]?.text === 'N' || rest[3]?.text === 'S')) decodePosition(r, rest, out);
      else decodeHeartbeat(r, rest, out);
    } else if (type === 'NBR') decodeNbr(r, rest, out);
    else if (type === 'LINK') decodeLink(r, rest, out);
    else if (type === 'V3') decodeV3(r, rest, out);
    else if (type === 'VP1') decodeVp1(r, rest, out);
    else if (type === 'V4') decodeV4(r, rest, out);
    else if (SERVER_COMMANDS[type]) decodeServerCommand(r, type, rest, out);
    else if (/^V/.test(type)) decodePosition(r, rest, out);
    else if (rest.length) {
      const [from] = span(rest);
      const n = r.node(F.body, from, bodyEnd, latin1(frame.subarray(from, bodyEnd)));
      addIssue(n, issue('h02.body_not_decoded', 'undecoded', 'info', `fields of command ${type} are shown raw`));
    }
    if (hash < 0) {
      addIssue(sentence, issue('h02.no_terminator', 'malformed', 'error', "sentence does not end with '#'"));
      return;
    }
    r.node(F.terminator, hash, hash + 1, '#');
    if (hash + 1 < frame.length) {
      const tail = frame.subarray(hash + 1);
      if (tail.every((c) => c === 0x0d || c === 0x0a)) r.node(F.line_end, hash + 1, frame.length, latin1(tail), JSON.stringify(latin1(tail)));
      else {
        const n = r.node(F.trailing, hash + 1, frame.length, latin1(tail));
        addIssue(n, issue('h02.trailing_bytes', 'malformed', 'warning', `${tail.length} byte(s) after '#'`));
      }
    }
  });
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
}

// ---------------------------------------------------------------------------------------------
// Decoding: binary

/** Battery byte → percent, as Traccar maps it (levels 1-6, percent, or 0xF1-0xF6); null if unknown. */
export function batteryPercent(v: number): number | null {
  if (v === 0) return null;
  if (v <= 3) return (v - 1) * 10;
  if (v <= 6) return (v - 1) * 20;
  if (v <= 100) return v;
  if (v >= 0xf1 && v <= 0xf6) return v - 0xf0;
  return null;
}

function decodeBinary(frame: Uint8Array, ctx: DecodeContext | undefined, out: DecodedFrame): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  // Traccar reads an 8-byte id from every 42-byte report; elsewhere the time decides.
  const idLen = frame.length === LONG_ID && timeDateFit(frame, 9) === 'yes' ? 8 : binaryLayout(frame, 0).idLen;
  out.messageCode = frame[0] === X ? 'X' : '$';
  out.messageType = 'location';
  r.group(F.binary, () => {
    const group = r.last!;
    r.u8(BIN.marker, { display: (v) => `'${String.fromCharCode(v)}'` });
    if (frame[0] === X) addIssue(r.last!, issue('h02.x_marker', 'protocol', 'info', "'X' report: read with the '$' layout (Traccar ignores these)"));
    const id = r.bcd(BIN.device_id, idLen);
    if (id !== undefined) {
      out.deviceId = idLen === 8 ? id.slice(0, 15) : id;
      if (id.includes('?')) addIssue(r.last!, issue('h02.bad_bcd', 'malformed', 'warning', 'device id has non-decimal BCD nibbles'));
    }
    const time = r.bcd(BIN.time, 3);
    const c = time === undefined ? null : clock(time);
    if (time !== undefined) bcdValue(r.last!, c ? `${pad(c[0])}:${pad(c[1])}:${pad(c[2])}` : time, c ? null : `time ${time} is not hhmmss`);
    const date = r.bcd(BIN.date, 3);
    const d = date === undefined ? null : calendar(date);
    if (date !== undefined) bcdValue(r.last!, d ? `20${pad(d[2])}-${pad(d[1])}-${pad(d[0])}` : date, d ? null : `date ${date} is not ddmmyy`);
    const latDigits = r.bcd(BIN.latitude, 4);
    let lat: number | null = null;
    if (latDigits !== undefined) {
      lat = /^\d{8}$/.test(latDigits) ? Number(latDigits.slice(0, 2)) + Number(`${latDigits.slice(2, 4)}.${latDigits.slice(4)}`) / 60 : null;
      bcdValue(r.last!, lat ?? latDigits, lat === null ? `latitude ${latDigits} is not BCD` : null, lat === null ? undefined : `${lat.toFixed(6)}° (${latDigits.slice(0, 2)}° ${latDigits.slice(2, 4)}.${latDigits.slice(4)}')`);
    }
    const battery = r.u8(BIN.battery, { display: (v) => (batteryPercent(v) === null ? `0x${v.toString(16).padStart(2, '0')}` : `${batteryPercent(v)} % (0x${v.toString(16).padStart(2, '0')})`) });
    if (battery !== undefined && batteryPercent(battery) !== null) out.attributes.batteryLevel = batteryPercent(battery);
    let lon: number | null = null;
    let flags: number | undefined;
    if (r.remaining >= 5) {
      const at = r.pos;
      const digits = bcdDigits(frame.subarray(at, at + 5)).slice(0, 9);
      lon = /^\d{9}$/.test(digits) ? Number(digits.slice(0, 3)) + Number(`${digits.slice(3, 5)}.${digits.slice(5)}`) / 60 : null;
      const n = r.node(BIN.longitude, at, at + 5, lon ?? digits, lon === null ? undefined : `${lon.toFixed(6)}° (${digits.slice(0, 3)}° ${digits.slice(3, 5)}.${digits.slice(5)}')`);
      if (lon === null) addIssue(n, issue('h02.bad_bcd', 'malformed', 'warning', `longitude ${digits} is not BCD`));
      flags = frame[at + 4]! & 0x0f;
      const fn = r.node(BIN.flags, at + 4, at + 5, flags, `0x${flags.toString(16)}`);
      addBits(fn, flags, [
        { id: 'h02.binary.flags.valid', label: 'GPS fix valid', bit: 1 },
        { id: 'h02.binary.flags.north', label: 'Latitude', bit: 2, names: { 0: 'south', 1: 'north' } },
        { id: 'h02.binary.flags.east', label: 'Longitude', bit: 3, names: { 0: 'west', 1: 'east' } },
      ]);
      r.skip(5);
    } else r.raw(BIN.longitude, 5);
    let speed: number | null = null;
    let course: number | null = null;
    if (r.remaining >= 3) {
      const at = r.pos;
      const sc = bcdDigits(frame.subarray(at, at + 3));
      speed = /^\d{3}$/.test(sc.slice(0, 3)) ? Number(sc.slice(0, 3)) : null;
      course = /^\d{3}$/.test(sc.slice(3)) ? Number(sc.slice(3)) : null;
      const sn = r.node(BIN.speed, at, at + 2, speed ?? sc.slice(0, 3), speed === null ? undefined : `${speed} kn`);
      if (speed === null) addIssue(sn, issue('h02.bad_bcd', 'malformed', 'warning', 'speed is not BCD'));
      const cn = r.node(BIN.course, at + 1, at + 3, course ?? sc.slice(3), course === null ? undefined : `${course}°`);
      if (course === null) addIssue(cn, issue('h02.bad_bcd', 'malformed', 'warning', 'course is not BCD'));
      r.skip(3);
    } else r.raw(BIN.speed, 3);
    const status = r.u32(BIN.status, { display: (v) => `0x${v.toString(16).toUpperCase().padStart(8, '0')}` });
    if (status !== undefined) {
      addBits(r.last!, status, statusBits('h02.binary.status'));
      statusAttributes(status, out);
    }
    if (frame.length === LONG && idLen === 5 && r.remaining === 16) {
      undecoded(r, BIN.tail, 3, 'record tail: not documented');
      r.u8(BIN.satellites);
      undecoded(r, BIN.unknown, 4, 'not documented');
      r.u16(BIN.mcc, { display: (v) => String(v) });
      r.u8(BIN.mnc, { display: (v) => String(v) });
      r.u16(BIN.lac, { display: (v) => `${v} (0x${v.toString(16)})` });
      r.u16(BIN.cid, { display: (v) => `${v} (0x${v.toString(16)})` });
      r.rest(BIN.extra, 'last byte of the cell block: not documented');
    } else if (r.remaining >= 3) {
      undecoded(r, BIN.tail, 3, 'record tail: not documented');
      r.rest(BIN.extra, 'bytes after the 32-byte record: not documented');
    } else r.rest(BIN.tail, 'record tail: not documented');
    if (c && d && lat !== null && lon !== null && flags !== undefined) {
      const iso = isoTime(d[2], d[1], d[0], c[0], c[1], c[2]);
      if (iso) {
        const pos: Position = { time: iso, valid: (flags & 2) !== 0, lat: round(flags & 4 ? lat : -lat), lon: round(flags & 8 ? lon : -lon) };
        if (speed !== null) pos.speedKnots = speed;
        if (course !== null) pos.course = course;
        out.positions.push(pos);
      }
    } else if (!r.truncated) addIssue(group, issue('h02.no_position', 'malformed', 'warning', 'time, date or coordinates unreadable: no position'));
  });
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
}

/** Give a BCD node a decoded value (and display), or flag it. */
function bcdValue(n: FieldNode, value: FieldValue, problem: string | null, display?: string): void {
  n.value = value;
  if (n.display !== undefined) n.display = display ?? String(value);
  if (problem) addIssue(n, issue('h02.bad_bcd', 'malformed', 'warning', problem));
}

/** Raw bytes nobody documents, flagged undecoded. */
function undecoded(r: FieldReader, def: FieldDef, len: number, message: string): void {
  if (!r.raw(def, len)) return;
  addIssue(r.last!, issue('core.undecoded', 'undecoded', 'info', message));
}

// ---------------------------------------------------------------------------------------------

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'h02', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  if (frame[0] === STAR) decodeText(frame, ctx, out);
  else if (frame[0] === DOLLAR || frame[0] === X) decodeBinary(frame, ctx, out);
  else {
    const r = new FieldReader(frame);
    out.tree = r.tree;
    if (frame.length) {
      r.raw(F.trailing, frame.length);
      addIssue(r.last!, issue('h02.bad_header', 'malformed', 'error', "frame does not start with '*', '$' or 'X'"));
    }
    if (ctx?.deviceId) out.deviceId = ctx.deviceId;
  }
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/**
 * The server's answer: V0 (login) and HTBT (heartbeat) are echoed up to the command,
 * `*HQ,<id>,HTBT#`, as Traccar's H02ProtocolDecoder does. Traccar also acknowledges V1 and NBR
 * with `*HQ,<id>,V4,<type>,<yyyyMMddHHmmss>#` built from the server clock; devices run without
 * it, and a reply that depends on the wall clock is left to the engine, so none is given here.
 */
export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  if (frame[0] !== STAR || (decoded.messageCode !== 'V0' && decoded.messageCode !== 'HTBT')) return null;
  const c1 = frame.indexOf(COMMA);
  const c2 = c1 < 0 ? -1 : frame.indexOf(COMMA, c1 + 1);
  if (c2 < 0) return null;
  let end = c2 + 1;
  while (end < frame.length && frame[end] !== COMMA && frame[end] !== HASH) end++;
  const reply = new Uint8Array(end + 1);
  reply.set(frame.subarray(0, end));
  reply[end] = HASH;
  return reply;
}

function summarise(d: DecodedFrame): string {
  const code = d.messageCode ? `${d.messageCode} ` : '';
  const p = d.positions[0];
  if (p) return `${code}${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}`;
  if (typeof d.attributes.result === 'string') return `${code}${d.attributes.result.split('\n')[0]!.slice(0, 60)}`;
  if (d.deviceId && (d.messageCode === 'V0' || d.messageCode === 'HTBT')) return `${d.messageType} ${d.deviceId}`;
  return d.messageType;
}

export const h02: ProtocolDescriptor = {
  id: 'h02',
  name: 'H02',
  transports: ['tcp', 'udp'],
  defaultPort: 5013,
  detect,
  split,
  decode,
  respond,
  commands,
};
