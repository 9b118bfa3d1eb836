/**
 * GoSafe (GoSafe G79W/G6S/G3C/G737…, SkyPatrol SP7600): the "G79W" product protocol.
 * Text: `*GS<version>,<imei>,<record>[$<record>…]#`, a record being
 * `<hhmmssddmmyy>,<event hex>,<TAG>:<v>;<v>…,<TAG>:…` (sections SYS GPS GSM COT ADC DTT IWD ETD OBD
 * TAG FUL; version 02 has the older `GPS:<hhmmss>;…;<ddmmyy>` layout and STT/MGR/GFS/CLL).
 * Binary: `f8 <version> <type> <imei u56> <time u32, s since 2000> [<event id>] <mask u16>
 * <length-prefixed blocks> <CRC-16/XMODEM> f8`, stuffed with `1b 00` → `1b` and `1b e3` → `f8`.
 * The server answers ASCII `1234` to every message, text or binary, TCP or UDP.
 * Spec: GoSafe "G79W Protocol" V1.5 (block order and sub-data ids as cited by public decoders);
 * facts checked against Traccar's GoSafeProtocolDecoder, GoSafeFrameDecoder and their tests
 * (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, collectIssues, issue, type BitDef } from '../core/reader';
import { latin1, luhnValid, unescapeBytes } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, isoTime, kmhToKnots, pairs, round } from '../core/units';
import { crc16Xmodem } from '../core/checksum';
import { decodeDownlink } from './downlink';
import { splitUnframed } from '../core/split';
import { commands } from './commands';
import { ADC, BLOCKS, CELL, CLL, COT, DTT, ETD, EVENT_BLOCKS, F, FUL, GFS, GPS, GSM, IWD, MGR, OBD, REC, SECTION, SECTIONS, STT, SYS, TAG } from './fields';

const FLAG = 0xf8;
const ESC = 0x1b;
/** Byte stuffing of the binary form: `1b 00` stands for `1b`, `1b e3` for `f8`. */
export const UNSTUFF: Readonly<Record<number, number>> = { 0x00: 0x1b, 0xe3: 0xf8 };
/** Seconds from the Unix epoch to 2000-01-01 00:00 UTC, the binary time base. */
const EPOCH_2000 = 946684800;
/** Longest frames the splitter waits for (a text frame may join many records). */
const MAX_TEXT = 8192;
const MAX_BINARY = 2048;
/** Answer of a real server to every GoSafe message. */
const ACK = Uint8Array.from([0x31, 0x32, 0x33, 0x34]);

type Span = [number, number];
type Attrs = Record<string, FieldValue>;

/** What one record (text) or packet (binary) yields. */
interface Rec {
  time?: string | null;
  /** Old layout: time of day and date from the GPS section. */
  clock?: string;
  date?: string;
  fix?: { valid: boolean; lat?: number; lon?: number; speedKnots?: number; course?: number; altitude?: number; satellites?: number };
  attrs: Attrs;
}

// ---------------------------------------------------------------------------------------------
// Splitting

const isTextHead = (b: Uint8Array, i: number) => b[i] === 0x2a && b[i + 1] === 0x47 && b[i + 2] === 0x53;

/** Next frame start (`*GS` or `f8`) at or after `from`, or -1. */
function nextStart(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === FLAG || isTextHead(b, i)) return i;
  return -1;
}

/** Length of a trailing `*` or `*G` that may be the start of a header still to come. */
function partialHead(b: Uint8Array, from: number): number {
  const n = b.length;
  if (n - 1 >= from && b[n - 1] === 0x2a) return 1;
  if (n - 2 >= from && b[n - 2] === 0x2a && b[n - 1] === 0x47) return 2;
  return 0;
}

/**
 * Server → device: the `1234` acknowledgement, and command text, which has no published framing:
 * it is cut once no more bytes are coming (the link went quiet, the stream ended).
 */
export function split(buf: Uint8Array, final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  if (direction === 'down') return splitUnframed(buf, final, MAX_TEXT, [ACK]);
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const s = nextStart(buf, pos);
    if (s < 0) {
      const keep = partialHead(buf, pos);
      if (buf.length - keep > pos) garbage.push({ start: pos, end: buf.length - keep });
      pos = buf.length - keep;
      break;
    }
    if (s > pos) garbage.push({ start: pos, end: s });
    pos = s;
    if (buf[pos] === FLAG) {
      let end = -1;
      for (let i = pos + 1; i < buf.length && i - pos < MAX_BINARY; i++) {
        if (buf[i] === FLAG) {
          end = i;
          break;
        }
      }
      if (end === pos + 1) {
        // `f8 f8`: the first is the tail of a packet whose head was missed.
        garbage.push({ start: pos, end: pos + 1 });
        pos += 1;
        continue;
      }
      if (end > 0) {
        frames.push({ start: pos, end: end + 1 });
        pos = end + 1;
        continue;
      }
      if (buf.length - pos < MAX_BINARY) break;
      garbage.push({ start: pos, end: pos + 1 });
      pos += 1;
      continue;
    }
    // Text: up to '#'; a new `*GS` before it means this frame lost its end.
    let end = -1;
    let next = -1;
    for (let i = pos + 3; i < buf.length && i - pos < MAX_TEXT; i++) {
      if (buf[i] === 0x23) {
        end = i;
        break;
      }
      if (isTextHead(buf, i) || buf[i] === FLAG) {
        next = i;
        break;
      }
    }
    if (end >= 0) {
      frames.push({ start: pos, end: end + 1 });
      pos = end + 1;
      continue;
    }
    if (next >= 0) {
      garbage.push({ start: pos, end: next });
      pos = next;
      continue;
    }
    if (buf.length - pos < MAX_TEXT) break;
    garbage.push({ start: pos, end: pos + 3 });
    pos += 3;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// Detection

const SECTION_TAG = /[,$](SYS|GPS|GSM|COT|ADC|DTT|IWD|ETD|OBD|TAG|FUL|STT|MGR|GFS|CLL):/;

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b.length >= 3 && isTextHead(b, 0)) return detectText(b);
  if (b.length >= 1 && b[0] === FLAG) return detectBinary(b);
  return { score: 0, evidence: [] };
}

function detectText(b: Uint8Array): DetectResult {
  const s = latin1(b.subarray(0, Math.min(b.length, 1024)));
  const ev: Evidence[] = [{ text: 'header *GS', weight: 0.5 }];
  const m = /^\*GS(\d+)(,|$)/.exec(s);
  if (!m) {
    ev.push({ text: 'no version digits and comma after *GS', weight: -0.6 });
    return scoreEvidence(ev);
  }
  ev.push({ text: `protocol version ${m[1]}`, weight: 0.4 });
  const rest = s.slice(m[0].length);
  const id = /^(\d*)/.exec(rest)![1]!;
  const after = rest[id.length];
  if (id.length === 15 && (after === undefined || after === ',' || after === '#')) {
    ev.push({ text: 'IMEI of 15 digits', weight: 0.5 });
    ev.push(luhnValid(id) ? { text: `IMEI ${id} passes Luhn`, weight: 0.6 } : { text: `IMEI ${id} fails Luhn`, weight: -0.2 });
  } else if (rest.length >= 15 || after !== undefined) {
    ev.push({ text: 'no 15-digit IMEI after the version', weight: -0.4 });
  }
  const t = /^\d{15},(\d{12}),/.exec(rest);
  if (t) {
    const p = pairs(t[1]!)!;
    if (isoTime(p[5]!, p[4]!, p[3]!, p[0]!, p[1]!, p[2]!)) ev.push({ text: `record time ${t[1]} (hhmmssddmmyy) plausible`, weight: 0.4 });
  }
  const tag = SECTION_TAG.exec(s);
  if (tag) ev.push({ text: `section ${tag[1]}: present`, weight: 0.5 });
  if (s.includes('#')) ev.push({ text: 'terminated by #', weight: 0.2 });
  return scoreEvidence(ev);
}

function detectBinary(b: Uint8Array): DetectResult {
  const ev: Evidence[] = [{ text: 'packet head f8', weight: 0.3 }];
  let close = -1;
  for (let i = 1; i < b.length; i++) {
    if (b[i] === FLAG) {
      close = i;
      break;
    }
  }
  if (close === 1) return scoreEvidence([...ev, { text: 'f8 f8: a packet tail, not a head', weight: -1 }]);
  const u = unescapeBytes(b, ESC, UNSTUFF, 0, close > 0 ? close + 1 : b.length);
  const p = u.bytes;
  if (u.bad.length) ev.push({ text: `${u.bad.length} 1b byte(s) not followed by 00 or e3`, weight: -0.4 });
  let imeiOk = false;
  if (p.length >= 10) {
    const imei = String(uintAt(p, 3, 7));
    if (imei.length === 15 && luhnValid(imei)) {
      imeiOk = true;
      ev.push({ text: `7-byte IMEI ${imei} passes Luhn`, weight: 0.8 });
    } else ev.push({ text: `bytes 3-9 are no 15-digit IMEI (${imei})`, weight: -0.5 });
  }
  if (p.length >= 11 && p[3]! >> 4 === 0) {
    // Ulbotech puts an 8-byte BCD IMEI (leading 0 nibble) where GoSafe has a 7-byte integer.
    let bcd = '';
    for (let i = 3; i < 11; i++) bcd += (p[i]! >> 4).toString(16) + (p[i]! & 15).toString(16);
    const digits = bcd.slice(1);
    if (/^\d{15}$/.test(digits) && luhnValid(digits)) ev.push({ text: `bytes 3-10 read as a BCD IMEI ${digits} (ulbotech layout)`, weight: imeiOk ? -0.3 : -2.5 });
  }
  if (close < 0) {
    ev.push({ text: 'no closing f8 in the first bytes', weight: 0 });
    return scoreEvidence(ev);
  }
  if (p.length < 16) return scoreEvidence([...ev, { text: 'too short for a GoSafe packet', weight: -0.5 }]);
  const crcAt = p.length - 3;
  const onWire = (p[crcAt]! << 8) | p[crcAt + 1]!;
  ev.push(crc16Xmodem(p, 1, crcAt) === onWire ? { text: 'CRC-16/XMODEM ok (ulbotech uses it too)', weight: 1 } : { text: 'CRC-16/XMODEM mismatch', weight: -0.2 });
  const secs = uintAt(p, 10, 4);
  const year = new Date((secs + EPOCH_2000) * 1000).getUTCFullYear();
  if (year >= 2005 && year <= 2100) ev.push({ text: `time ${year} plausible`, weight: 0.3 });
  if (walkBlocks(p, crcAt)) ev.push({ text: 'masked blocks end exactly at the CRC', weight: 0.8 });
  return scoreEvidence(ev);
}

/** Whether the data mask and block lengths of a plain packet lead exactly to `crcAt`. */
function walkBlocks(p: Uint8Array, crcAt: number): boolean {
  const maskAt = p[2]! & 0x40 ? 15 : 14;
  if (maskAt + 2 > crcAt) return false;
  const mask = (p[maskAt]! << 8) | p[maskAt + 1]!;
  let i = maskAt + 2;
  for (let bit = 0; bit < 16; bit++) {
    if (!(mask & (1 << bit))) continue;
    if (i >= crcAt) return false;
    i += 1 + p[i]!;
  }
  return i === crcAt;
}

/** Unsigned big-endian integer of `len` bytes at `at`. */
function uintAt(b: Uint8Array, at: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + (b[at + i] ?? 0);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Decoding

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'gosafe', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  if (frame.length > 0 && frame[0] === FLAG) decodeBinary(frame, out);
  else if (ctx?.direction === 'down') decodeDownlink(frame, out);
  else decodeText(frame, out);
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** The wire frame with binary stuffing undone (delimiters kept); text frames as they are. */
export function plain(frame: Uint8Array): Uint8Array {
  if (frame.length === 0 || frame[0] !== FLAG) return frame;
  return unescapeBytes(frame, ESC, UNSTUFF).bytes;
}

// --- text -------------------------------------------------------------------------------------

/** [start, end) spans of the pieces of s[from, to) cut at `sep` (empty pieces included). */
function pieces(s: string, from: number, to: number, sep: string): Span[] {
  const out: Span[] = [];
  let a = from;
  for (let i = from; i < to; i++) {
    if (s[i] === sep) {
      out.push([a, i]);
      a = i + 1;
    }
  }
  out.push([a, to]);
  return out;
}

/** A group node over frame offsets [from, to) whose children `fn` adds. */
function span(r: FieldReader, def: FieldDef, from: number, to: number, fn: () => void, label?: string): FieldNode {
  r.pos = from;
  const { node } = r.group(def, () => {
    fn();
    r.pos = to;
  });
  if (label) node.label = label;
  return node;
}

const DEC = (t: string) => (/^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined);
const INT = (t: string) => (/^[-+]?\d+$/.test(t) ? Number(t) : undefined);
const HEX = (t: string) => (/^[0-9A-Fa-f]{1,12}$/.test(t) ? parseInt(t, 16) : undefined);

/** Text of span `sp` ('' when absent). */
const at = (s: string, sp: Span | undefined) => (sp ? s.slice(sp[0], sp[1]) : '');

/**
 * A leaf over the text of `sp` parsed by `parse`; nothing for an empty field; text that does not
 * parse is kept as a string with a `gosafe.bad_value` issue.
 */
function val(r: FieldReader, def: FieldDef, s: string, sp: Span | undefined, parse: (t: string) => number | undefined, show?: (v: number, t: string) => string): number | undefined {
  const t = at(s, sp);
  if (!sp || !t) return undefined;
  const v = parse(t);
  if (v === undefined) {
    const n = r.node(def, sp[0], sp[1], t);
    addIssue(n, issue('gosafe.bad_value', 'malformed', 'warning', `${def.label}: "${t}" is not a valid value`));
    return undefined;
  }
  r.node(def, sp[0], sp[1], v, show ? show(v, t) : def.unit ? `${t} ${def.unit}` : t);
  return v;
}

/** A string leaf over `sp`; nothing for an empty field. */
function str(r: FieldReader, def: FieldDef, s: string, sp: Span | undefined, display?: string): string | undefined {
  const t = at(s, sp);
  if (!sp || !t) return undefined;
  r.node(def, sp[0], sp[1], t, display);
  return t;
}

/** Leaves for values past the documented ones. */
function extras(r: FieldReader, def: FieldDef, s: string, vals: Span[], from: number): void {
  for (let k = from; k < vals.length; k++) str(r, def, s, vals[k]);
}

function decodeText(frame: Uint8Array, out: DecodedFrame): void {
  const s = latin1(frame);
  const r = new FieldReader(frame);
  out.tree = r.tree;
  const hash = s.indexOf('#');
  const bodyEnd = hash >= 0 ? hash : s.length;
  const recs: Rec[] = [];
  r.group(F.report, () => {
    const headEnd = Math.min(3, bodyEnd);
    const head = r.node(F.header, 0, headEnd, s.slice(0, headEnd));
    if (!s.startsWith('*GS')) addIssue(head, issue('gosafe.bad_header', 'malformed', 'error', 'text frame does not start with *GS'));
    const c1 = s.indexOf(',', headEnd);
    const verEnd = c1 >= 0 && c1 < bodyEnd ? c1 : bodyEnd;
    const version = s.slice(headEnd, verEnd);
    if (version) {
      const n = r.node(F.version, headEnd, verEnd, version);
      if (!/^\d+$/.test(version)) addIssue(n, issue('gosafe.bad_value', 'malformed', 'warning', `protocol version "${version}" is not numeric`));
      out.messageCode = `GS${version}`;
    }
    if (verEnd < bodyEnd) {
      const c2 = s.indexOf(',', verEnd + 1);
      const idEnd = c2 >= 0 && c2 < bodyEnd ? c2 : bodyEnd;
      const imei = str(r, F.imei, s, [verEnd + 1, idEnd]);
      if (imei) {
        out.deviceId = imei;
        const n = r.last!;
        if (!/^\d{15}$/.test(imei)) addIssue(n, issue('gosafe.bad_imei', 'malformed', 'warning', `IMEI "${imei}" is not 15 digits`));
        else if (!luhnValid(imei)) addIssue(n, issue('gosafe.imei_luhn', 'protocol', 'info', `IMEI ${imei} fails the Luhn check`));
      }
      if (idEnd < bodyEnd) {
        const spans = pieces(s, idEnd + 1, bodyEnd, '$');
        spans.forEach(([a, b], i) => {
          const rec: Rec = { attrs: {} };
          recs.push(rec);
          span(r, F.record, a, b, () => decodeRecord(r, s, a, b, version, rec), spans.length > 1 ? `Record ${i + 1} of ${spans.length}` : undefined);
        });
      }
    }
    if (hash >= 0) r.node(F.terminator, hash, hash + 1, '#');
    r.pos = hash >= 0 ? hash + 1 : frame.length;
    r.rest(F.trailing, 'bytes after the # end mark');
    r.pos = frame.length;
  });
  for (const rec of recs) {
    const p = position(rec);
    if (p) out.positions.push(p);
  }
  out.attributes = recs[0]?.attrs ?? {};
  out.messageType = recs.length === 0 ? 'heartbeat' : recs[0]!.attrs.result !== undefined ? 'command result' : 'report';
}

/** The fix of a record, when it carries coordinates and a usable time. */
function position(rec: Rec): Position | undefined {
  const f = rec.fix;
  if (!f || f.lat === undefined || f.lon === undefined) return undefined;
  let time = rec.time ?? null;
  if (rec.time === undefined && rec.clock && rec.date) {
    const c = pairs(rec.clock)!;
    const d = pairs(rec.date)!;
    time = isoTime(d[2]!, d[1]!, d[0]!, c[0]!, c[1]!, c[2]!);
  }
  if (!time) return undefined;
  const p: Position = { time, valid: f.valid, lat: f.lat, lon: f.lon };
  if (f.speedKnots !== undefined) p.speedKnots = f.speedKnots;
  if (f.course !== undefined) p.course = f.course;
  if (f.altitude !== undefined) p.altitude = f.altitude;
  if (f.satellites !== undefined) p.satellites = f.satellites;
  return p;
}

function decodeRecord(r: FieldReader, s: string, a: number, b: number, version: string, rec: Rec): void {
  const frags = pieces(s, a, b, ',');
  let i = 0;
  const first = at(s, frags[0]);
  if (/^\d{12}$/.test(first)) {
    const p = pairs(first)!;
    const iso = isoTime(p[5]!, p[4]!, p[3]!, p[0]!, p[1]!, p[2]!);
    const n = r.node(REC.time, frags[0]![0], frags[0]![1], iso ?? first, iso ? iso.replace('T', ' ').replace('.000Z', ' UTC') : `invalid time ${first}`);
    if (!iso) addIssue(n, issue('gosafe.bad_time', 'protocol', 'warning', `record time ${first} is not a date (hhmmssddmmyy)`));
    rec.time = iso;
    i = 1;
  } else if (!first.includes(':')) {
    const res = str(r, REC.result, s, frags[0]);
    if (res !== undefined) rec.attrs.result = res;
    i = 1;
  }
  for (; i < frags.length; i++) {
    const sp = frags[i]!;
    const t = at(s, sp);
    if (!t) continue;
    if (/^[0-9A-Fa-f]+$/.test(t)) {
      const v = parseInt(t, 16);
      r.node(REC.event, sp[0], sp[1], v, `${t} (${v})`);
      rec.attrs.event = v;
      continue;
    }
    const colon = t.indexOf(':');
    if (colon < 0) {
      const n = r.node(REC.unknown, sp[0], sp[1], t);
      addIssue(n, issue('gosafe.unknown_fragment', 'protocol', 'info', `fragment "${t}" is neither a section nor an event code`));
      continue;
    }
    decodeSection(r, s, sp[0], sp[0] + colon, sp[1], version, rec);
  }
}

type SectionDecoder = (r: FieldReader, s: string, v: Span[], rec: Rec, version: string) => void;

const TEXT_SECTIONS: Record<string, { group: FieldDef; name: FieldDef; decode: SectionDecoder }> = {
  SYS: { group: SECTIONS.sys, name: SYS.name, decode: sysText },
  GPS: { group: SECTIONS.gps, name: GPS.name, decode: gpsText },
  GSM: { group: SECTIONS.gsm, name: GSM.name, decode: gsmText },
  COT: { group: SECTIONS.cot, name: COT.name, decode: cotText },
  ADC: { group: SECTIONS.adc, name: ADC.name, decode: adcText },
  DTT: { group: SECTIONS.dtt, name: DTT.name, decode: dttText },
  IWD: { group: SECTIONS.iwd, name: IWD.name, decode: iwdText },
  ETD: { group: SECTIONS.etd, name: ETD.name, decode: (r, s, v, rec) => firstValue(r, s, v, rec, ETD.value, 'eventData') },
  OBD: { group: SECTIONS.obd, name: OBD.name, decode: obdText },
  TAG: { group: SECTIONS.tag, name: TAG.name, decode: (r, s, v, rec) => firstValue(r, s, v, rec, TAG.value, 'tagData') },
  FUL: { group: SECTIONS.ful, name: FUL.name, decode: (r, s, v) => (val(r, FUL.fuel, s, v[0], INT), extras(r, FUL.extra, s, v, 1)) },
  STT: { group: SECTIONS.stt, name: STT.name, decode: (r, s, v) => (str(r, STT.status, s, v[0]), str(r, STT.alarm, s, v[1]), extras(r, STT.extra, s, v, 2)) },
  MGR: { group: SECTIONS.mgr, name: MGR.name, decode: mgrText },
  GFS: { group: SECTIONS.gfs, name: GFS.name, decode: (r, s, v) => extras(r, GFS.value, s, v, 0) },
  CLL: { group: SECTIONS.cll, name: CLL.name, decode: (r, s, v) => extras(r, CLL.value, s, v, 0) },
};

function decodeSection(r: FieldReader, s: string, a: number, colon: number, b: number, version: string, rec: Rec): void {
  const tag = s.slice(a, colon);
  const known = TEXT_SECTIONS[tag];
  const vals = colon + 1 < b ? pieces(s, colon + 1, b, ';') : [];
  span(r, known?.group ?? SECTIONS.section, a, b, () => {
    const n = tag ? r.node(known?.name ?? SECTION.name, a, colon, tag) : undefined;
    if (known) known.decode(r, s, vals, rec, version);
    else {
      extras(r, SECTION.value, s, vals, 0);
      if (n) addIssue(n, issue('gosafe.unknown_section', 'protocol', 'info', `section ${tag} is not known; values shown as text`));
    }
  }, known ? undefined : `Section ${tag}`);
}

function sysText(r: FieldReader, s: string, v: Span[]): void {
  str(r, SYS.device, s, v[0]);
  str(r, SYS.firmware, s, v[1]);
  str(r, SYS.hardware, s, v[2]);
  extras(r, SYS.extra, s, v, 3);
}

const VALIDITY: Record<string, string> = { A: 'A (valid)', V: 'V (invalid)', L: 'L (last known position)' };

/** Hemisphere-prefixed decimal degrees (`N31.551856`, `W70.723832`) as a signed leaf. */
function coord(r: FieldReader, def: FieldDef, s: string, sp: Span | undefined, hemis: string): number | undefined {
  return val(r, def, s, sp, (t) => {
    const h = t[0]!;
    const body = hemis.includes(h.toUpperCase()) ? t.slice(1) : t;
    const v = DEC(body);
    if (v === undefined || v > (hemis === 'NS' ? 90 : 180)) return undefined;
    return h.toUpperCase() === hemis[1] ? -v : v;
  }, (v, t) => `${t} (${round(v)}°)`);
}

function gpsText(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  if (/^\d{6}$/.test(at(s, v[0]))) return gpsOld(r, s, v, rec);
  const valid = str(r, GPS.valid, s, v[0], VALIDITY[at(s, v[0])]);
  const sats = val(r, GPS.satellites, s, v[1], INT);
  const lat = coord(r, GPS.latitude, s, v[2], 'NS');
  const lon = coord(r, GPS.longitude, s, v[3], 'EW');
  const speed = val(r, GPS.speed, s, v[4], DEC);
  const course = val(r, GPS.course, s, v[5], DEC);
  const altitude = val(r, GPS.altitude, s, v[6], DEC);
  const hdop = val(r, GPS.hdop, s, v[7], DEC);
  const vdop = val(r, GPS.vdop, s, v[8], DEC);
  extras(r, GPS.extra, s, v, 9);
  rec.fix = { valid: valid === 'A', lat, lon, course, altitude, satellites: sats, speedKnots: speed === undefined ? undefined : kmhToKnots(speed) };
  if (sats !== undefined) rec.attrs.sat = sats;
  if (hdop !== undefined) rec.attrs.hdop = hdop;
  if (vdop !== undefined) rec.attrs.vdop = vdop;
}

/** Old (GS02) GPS: `hhmmss;[fix;][A|V;]lat;lon;speed;course;[hdop;]ddmmyy`. */
function gpsOld(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  rec.clock = str(r, GPS.time, s, v[0]);
  let k = 1;
  let fix: number | undefined;
  let valid: string | undefined;
  if (/^\d$/.test(at(s, v[k]))) fix = val(r, GPS.fix, s, v[k++], INT);
  if (/^[AVL]$/.test(at(s, v[k]))) valid = str(r, GPS.valid, s, v[k++], VALIDITY[at(s, v[k - 1])]);
  const lat = coord(r, GPS.latitude, s, v[k++], 'NS');
  const lon = coord(r, GPS.longitude, s, v[k++], 'EW');
  const speed = val(r, GPS.speed, s, v[k++], DEC);
  const course = val(r, GPS.course, s, v[k++], DEC);
  const last = v.length - 1;
  if (k < last) {
    const hdop = val(r, GPS.hdop, s, v[k++], DEC);
    if (hdop !== undefined) rec.attrs.hdop = hdop;
  }
  if (k === last && /^\d{6}$/.test(at(s, v[k]))) rec.date = str(r, GPS.date, s, v[k++]);
  extras(r, GPS.extra, s, v, k);
  rec.fix = { valid: valid !== undefined ? valid === 'A' : (fix ?? 0) >= 2, lat, lon, course, speedKnots: speed === undefined ? undefined : kmhToKnots(speed) };
}

function gsmText(r: FieldReader, s: string, v: Span[]): void {
  val(r, GSM.registration, s, v[0], INT);
  val(r, GSM.signal, s, v[1], INT);
  let k = 2;
  for (let n = 0; k + 5 <= v.length; k += 5, n++) {
    const c = v.slice(k, k + 5);
    span(r, GSM.cell, c[0]![0], c[4]![1], () => {
      val(r, CELL.mcc, s, c[0], INT);
      val(r, CELL.mnc, s, c[1], INT);
      val(r, CELL.lac, s, c[2], HEX, (x, t) => `${t} (${x})`);
      val(r, CELL.cid, s, c[3], HEX, (x, t) => `${t} (${x})`);
      val(r, CELL.rssi, s, c[4], INT);
    }, n === 0 ? 'Serving cell' : `Neighbour cell ${n}`);
  }
  extras(r, GSM.extra, s, v, k);
}

/** Engine hours `h[-m[-s]]` in milliseconds, or undefined. */
function hoursMs(t: string): number | undefined {
  if (!/^\d+(-\d+){0,2}$/.test(t)) return undefined;
  const [h = 0, m = 0, sec = 0] = t.split('-').map(Number);
  return (h * 3600 + m * 60 + sec) * 1000;
}

function cotText(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  const odo = val(r, COT.odometer, s, v[0], INT);
  if (odo !== undefined) rec.attrs.odometer = odo;
  const t = at(s, v[1]);
  if (t) {
    const ms = hoursMs(t);
    const n = r.node(COT.engine_hours, v[1]![0], v[1]![1], t, ms === undefined ? t : `${t} (${t.split('-').map((x, i) => `${x} ${['h', 'min', 's'][i]}`).join(' ')})`);
    if (ms === undefined) addIssue(n, issue('gosafe.bad_value', 'malformed', 'warning', `engine hours "${t}" are not h-m-s`));
    else rec.attrs.hours = ms;
  }
  extras(r, COT.extra, s, v, 2);
}

function adcText(r: FieldReader, s: string, v: Span[], rec: Rec, version: string): void {
  if (version === '02') {
    // Old layout: index;value pairs (0 external power, 2 backup battery).
    let k = 0;
    for (; k + 2 <= v.length; k += 2) {
      const idx = val(r, ADC.index, s, v[k], INT);
      const def = idx === 0 ? ADC.power : idx === 2 ? ADC.battery : ADC.input;
      const x = val(r, def, s, v[k + 1], DEC);
      if (x === undefined || idx === undefined) continue;
      rec.attrs[idx === 0 ? 'power' : idx === 2 ? 'battery' : `adc${idx}`] = x;
    }
    extras(r, ADC.extra, s, v, k);
    return;
  }
  const names = ['power', 'battery', 'adc1', 'adc2'];
  const defs = [ADC.power, ADC.battery, ADC.input, ADC.input];
  for (let k = 0; k < Math.min(4, v.length); k++) {
    const x = val(r, defs[k]!, s, v[k], DEC);
    if (x !== undefined) rec.attrs[names[k]!] = x;
  }
  extras(r, ADC.extra, s, v, 4);
}

const IO_BITS: readonly BitDef[] = [
  { id: 'gosafe.dtt.ignition', label: 'Ignition', bit: 0 },
  { id: 'gosafe.dtt.in1', label: 'Input 1', bit: 1 },
  { id: 'gosafe.dtt.in2', label: 'Input 2', bit: 2 },
  { id: 'gosafe.dtt.in3', label: 'Input 3', bit: 3 },
  { id: 'gosafe.dtt.in4', label: 'Input 4', bit: 4 },
  { id: 'gosafe.dtt.out1', label: 'Output 1', bit: 5 },
  { id: 'gosafe.dtt.out2', label: 'Output 2', bit: 6 },
  { id: 'gosafe.dtt.out3', label: 'Output 3', bit: 7 },
];

/** Ignition, inputs and outputs from the I/O status byte, as bit children and attributes. */
function ioAttrs(node: FieldNode, io: number, attrs: Attrs): void {
  const bits = addBits(node, io, IO_BITS);
  for (const d of IO_BITS) attrs[d.id.slice('gosafe.dtt.'.length)] = bits[d.id] === 1;
}

function dttText(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  const status = val(r, DTT.status, s, v[0], HEX, (_x, t) => `0x${t}`);
  if (status !== undefined) rec.attrs.status = status;
  const io = val(r, DTT.io, s, v[1], HEX, (_x, t) => `0x${t}`);
  if (io !== undefined) ioAttrs(r.last!, io, rec.attrs);
  str(r, DTT.geofence_low, s, v[2]);
  str(r, DTT.geofence_high, s, v[3]);
  if (v.length > 3) rec.attrs.geofence = at(s, v[2]) + at(s, v[3]);
  const ev = str(r, DTT.event_status, s, v[4]);
  if (v.length > 4) rec.attrs.eventStatus = ev ?? '';
  const pt = str(r, DTT.packet_type, s, v[5]);
  if (pt !== undefined) rec.attrs.packetType = pt;
  extras(r, DTT.extra, s, v, 6);
}

function iwdText(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  let k = 0;
  while (k + 2 <= v.length) {
    const kind = INT(at(s, v[k + 1]));
    const need = kind === 0 ? 3 : kind === 1 ? 4 : 0;
    if (!need || k + need > v.length) break;
    const c = v.slice(k, k + need);
    span(r, IWD.sensor, c[0]![0], c[need - 1]![1], () => {
      const idx = val(r, IWD.index, s, c[0], INT);
      val(r, IWD.kind, s, c[1], INT, (x) => (x === 0 ? '0 (driver id)' : '1 (temperature sensor)'));
      if (kind === 0) {
        const id = str(r, IWD.driver_id, s, c[2]);
        if (id !== undefined) rec.attrs.driverUniqueId = id;
      } else {
        str(r, IWD.serial, s, c[2]);
        const temp = val(r, IWD.temperature, s, c[3], DEC);
        if (temp !== undefined && idx !== undefined) rec.attrs[`temp${idx}`] = temp;
      }
    });
    k += need;
  }
  extras(r, IWD.extra, s, v, k);
}

function mgrText(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  const m = val(r, MGR.mileage, s, v[0], INT);
  if (m !== undefined) rec.attrs.odometer = m;
  extras(r, MGR.extra, s, v, 1);
}

/** Sections whose first value is one opaque string attribute (ETD, TAG). */
function firstValue(r: FieldReader, s: string, v: Span[], rec: Rec, def: FieldDef, attr: string): void {
  const x = str(r, def, s, v[0]);
  if (x !== undefined) rec.attrs[attr] = x;
  extras(r, def, s, v, 1);
}

/** Names and scaling of common OBD-II mode 01 PIDs (SAE J1979), by PID. */
const PIDS: Record<number, [string, (a: number[]) => string]> = {
  0x04: ['engine load', (a) => `${round((a[0]! * 100) / 255, 1)} %`],
  0x05: ['coolant temperature', (a) => `${a[0]! - 40} °C`],
  0x0c: ['engine speed', (a) => `${((a[0]! << 8) + (a[1] ?? 0)) / 4} rpm`],
  0x0d: ['vehicle speed', (a) => `${a[0]} km/h`],
  0x0f: ['intake air temperature', (a) => `${a[0]! - 40} °C`],
  0x10: ['MAF air flow', (a) => `${((a[0]! << 8) + (a[1] ?? 0)) / 100} g/s`],
  0x11: ['throttle position', (a) => `${round((a[0]! * 100) / 255, 1)} %`],
  0x1c: ['OBD standard', (a) => `${a[0]}`],
  0x1f: ['run time since start', (a) => `${(a[0]! << 8) + (a[1] ?? 0)} s`],
  0x2f: ['fuel level', (a) => `${round((a[0]! * 100) / 255, 1)} %`],
  0x31: ['distance since codes cleared', (a) => `${(a[0]! << 8) + (a[1] ?? 0)} km`],
};

function obdText(r: FieldReader, s: string, v: Span[], rec: Rec): void {
  const sp = v[0];
  const hex = at(s, sp);
  if (sp && hex) {
    rec.attrs.obd = hex;
    const node = r.node(OBD.value, sp[0], sp[1], hex, `${hex.length / 2} bytes`);
    const items = obdItems(hex);
    if (items) {
      node.children = items.map(([a, b]) => {
        const bytes = pairsHex(hex.slice(a + 2, b));
        return { id: OBD.item.id, label: OBD.item.label, start: sp[0] + a, end: sp[0] + b, value: hex.slice(a, b), display: obdDisplay(bytes) };
      });
    }
  }
  extras(r, OBD.extra, s, v, 1);
}

/** [start, end) char offsets of length-prefixed items in an OBD hex string, or null when they do not fit. */
function obdItems(hex: string): Span[] | null {
  if (!/^([0-9A-Fa-f]{2})+$/.test(hex)) return null;
  const out: Span[] = [];
  for (let i = 0; i < hex.length; ) {
    const len = parseInt(hex.slice(i, i + 2), 16);
    const end = i + 2 + len * 2;
    if (len === 0 || end > hex.length) return null;
    out.push([i, end]);
    i = end;
  }
  return out;
}

const pairsHex = (t: string) => Array.from({ length: t.length / 2 }, (_, i) => parseInt(t.slice(i * 2, i * 2 + 2), 16));

/** Display of one OBD response: mode, PID and, for known mode 01 PIDs, the scaled value. */
function obdDisplay(b: number[]): string {
  const [mode, pid, ...data] = b;
  if (mode === 0x7f) return `negative response to mode ${hex2(pid ?? 0)} (code ${hex2(data[0] ?? 0)})`;
  if (mode === undefined || pid === undefined) return 'empty';
  const known = mode === 0x41 ? PIDS[pid] : undefined;
  if (known && data.length) return `PID ${hex2(pid)} ${known[0]}: ${known[1](data)}`;
  return `mode ${hex2(mode)} PID ${hex2(pid)}: ${data.map(hex2).join('')}`;
}

// --- binary -----------------------------------------------------------------------------------

const TYPE_BITS: readonly BitDef[] = [{ id: 'gosafe.type.event', label: 'Event packet', bit: 6 }];

function decodeBinary(frame: Uint8Array, out: DecodedFrame): void {
  const u = unescapeBytes(frame, ESC, UNSTUFF);
  const b = u.bytes;
  const r = FieldReader.mapped(b, u.map);
  out.tree = r.tree;
  r.u8(F.start, { display: (v) => `0x${hex2(v)}` });
  const closed = b.length >= 2 && b[b.length - 1] === FLAG;
  const payloadEnd = closed ? b.length - 1 : b.length;
  const hasCrc = closed && payloadEnd >= 5;
  const dataEnd = hasCrc ? payloadEnd - 2 : payloadEnd;
  const rec: Rec = { attrs: {} };
  decodeBinaryBody(r.sub(dataEnd - r.pos), rec, out);
  if (hasCrc) {
    const crc = r.u16(F.crc)!;
    const node = r.last!;
    const computed = crc16Xmodem(b, 1, dataEnd);
    r.add({ id: F.crc_computed.id, label: F.crc_computed.label, start: node.start, end: node.end, value: computed, display: `0x${hex4(computed)}`, generated: true });
    if (computed !== crc) addIssue(node, issue('gosafe.checksum_incorrect', 'checksum', 'error', `CRC-16/XMODEM on the wire 0x${hex4(crc)}, computed 0x${hex4(computed)}`));
  }
  if (closed) r.u8(F.end, { display: (v) => `0x${hex2(v)}` });
  else addIssue(r.tree[0]!, issue('gosafe.truncated', 'malformed', 'error', 'binary packet has no closing f8: checksum and tail missing'));
  for (const o of u.bad) {
    const n = deepest(r.tree, o);
    if (n) addIssue(n, issue('gosafe.bad_escape', 'malformed', 'warning', `1b at offset ${o} is not followed by 00 or e3 (kept as is)`));
  }
  const p = rec.fix && rec.time ? position(rec) : undefined;
  if (p) out.positions.push(p);
  out.attributes = rec.attrs;
}

/** The innermost node whose range holds wire offset `o`. */
function deepest(nodes: FieldNode[], o: number): FieldNode | undefined {
  for (const n of nodes) {
    if (o >= n.start && o < n.end) return (n.children && deepest(n.children, o)) ?? n;
  }
  return undefined;
}

function decodeBinaryBody(r: FieldReader, rec: Rec, out: DecodedFrame): void {
  r.u8(F.version);
  const type = r.u8(F.type, { display: (v) => `0x${hex2(v)} (${v === 0 ? 'heartbeat' : v & 0x40 ? 'event packet' : 'data packet'})` });
  if (type === undefined) return;
  addBits(r.last!, type, TYPE_BITS);
  out.messageCode = `0x${hex2(type)}`;
  out.messageType = type & 0x40 ? 'event' : 'report';
  const imei = r.uint(F.imei, 7);
  if (imei !== undefined) {
    const id = String(imei);
    const n = r.last!;
    n.value = id;
    n.display = id;
    out.deviceId = id;
    if (id.length !== 15) addIssue(n, issue('gosafe.bad_imei', 'malformed', 'warning', `IMEI ${id} is not 15 digits`));
    else if (!luhnValid(id)) addIssue(n, issue('gosafe.imei_luhn', 'protocol', 'info', `IMEI ${id} fails the Luhn check`));
  }
  if (r.remaining === 0) {
    if (type === 0) out.messageType = 'heartbeat';
    return;
  }
  const secs = r.u32(F.time);
  if (secs !== undefined) {
    const iso = new Date((secs + EPOCH_2000) * 1000).toISOString();
    const n = r.last!;
    n.value = iso;
    n.display = `${iso.replace('T', ' ').replace('.000Z', ' UTC')} (${secs} s since 2000)`;
    rec.time = iso;
  }
  if (type & 0x40) {
    const ev = r.u8(F.event_id);
    if (ev !== undefined) rec.attrs.event = ev;
  }
  const mask = r.u16(F.mask, { display: (v) => `0x${hex4(v)}` });
  if (mask === undefined) return;
  const names = type & 0x40 ? EVENT_BLOCKS : BLOCKS;
  addBits(r.last!, mask, names.map((n, bit) => ({ id: `gosafe.mask.${n}`, label: `${n.toUpperCase()} block`, bit })));
  for (let bit = 0; bit < 16; bit++) {
    if (!(mask & (1 << bit)) || r.remaining === 0) continue;
    const name = names[bit];
    const group = name ? SECTIONS[name as keyof typeof SECTIONS] : F.block;
    const defs = name ? BLOCK_DEFS[name]! : SECTION;
    const { node } = r.group(group, () => {
      const len = r.u8(defs.length);
      if (len === undefined) return;
      if (len > r.remaining) addIssue(r.last!, issue('gosafe.block_truncated', 'malformed', 'error', `block says ${len} bytes, ${r.remaining} left`));
      const sub = r.sub(len);
      const decodeBlock = name ? BINARY_BLOCKS[name] : undefined;
      if (decodeBlock) decodeBlock(sub, rec);
      else sub.rest(defs.data, `${name ? name.toUpperCase() : `bit ${bit}`} block layout not decoded`);
    });
    if (!name) node.label = `Block of mask bit ${bit}`;
  }
  r.rest(F.extra, 'bytes after the last masked block');
}

const BLOCK_DEFS: Record<string, { length: FieldDef; tl: FieldDef; data: FieldDef }> = {
  sys: SYS, gps: GPS, gsm: GSM, cot: COT, adc: ADC, dtt: DTT, iwd: IWD, etd: ETD, obd: OBD, ful: FUL,
};

/** Value of a sub-data item of `len` bytes as an unsigned integer (raw above 6 bytes). */
function tlvValue(r: FieldReader, def: FieldDef, len: number): number | undefined {
  if (len >= 1 && len <= 6) return r.uint(def, len);
  if (len > 0) r.raw(def, len);
  return undefined;
}

/** Sub-data items `<id:4 | length:4> <value>` until the block ends. */
function tlv(r: FieldReader, tl: FieldDef, item: (id: number, len: number) => void): void {
  while (r.remaining > 0 && !r.truncated) {
    const h = r.u8(tl, { display: (v) => `id ${v >> 4}, ${v & 15} byte(s)` })!;
    item(h >> 4, h & 15);
  }
}

const BINARY_BLOCKS: Record<string, (r: FieldReader, rec: Rec) => void> = {
  sys: (r) =>
    tlv(r, SYS.tl, (id, len) => {
      r.ascii([SYS.device, SYS.firmware, SYS.hardware][id] ?? SYS.data, len);
    }),
  gps: gpsBinary,
  gsm: (r) => void r.rest(GSM.data, 'GSM block layout not decoded'),
  cot: (r, rec) =>
    tlv(r, COT.tl, (id, len) => {
      if (id === 0) {
        const v = tlvValue(r, COT.odometer, len);
        if (v !== undefined) rec.attrs.odometer = v;
      } else if (id === 1) {
        const v = tlvValue(r, COT.engine_hours, len);
        if (v !== undefined) {
          r.last!.display = `${v} s (${Math.floor(v / 3600)} h ${Math.floor((v % 3600) / 60)} min ${v % 60} s)`;
          rec.attrs.hours = v * 1000;
        }
      } else tlvValue(r, COT.data, len);
    }),
  adc: adcBinary,
  dtt: (r, rec) =>
    tlv(r, DTT.tl, (id, len) => {
      const def = [DTT.status, DTT.io, DTT.geofence_low, DTT.geofence_high, DTT.event_status, DTT.packet_type][id] ?? DTT.data;
      const v = tlvValue(r, def, len);
      if (v === undefined) return;
      if (id === 0) rec.attrs.status = v;
      else if (id === 1) ioAttrs(r.last!, v, rec.attrs);
      else if (id === 4) rec.attrs.eventStatus = v.toString(16);
      else if (id === 5) rec.attrs.packetType = String(v);
    }),
  iwd: (r) => void r.rest(IWD.data, 'IWD block layout not decoded'),
  etd: (r) => void r.rest(ETD.data, 'ETD block layout not decoded'),
  obd: (r) => void r.rest(OBD.data, 'OBD block layout not decoded'),
  ful: (r) => tlv(r, FUL.tl, (_id, len) => void tlvValue(r, FUL.fuel, len)),
};

function gpsBinary(r: FieldReader, rec: Rec): void {
  const m = r.u16(GPS.mask, { display: (v) => `0x${hex4(v)}` });
  if (m === undefined) return;
  const fix: NonNullable<Rec['fix']> = { valid: false };
  if (m & 1) {
    const f = r.u8(GPS.flags, { display: (v) => `0x${hex2(v)}` });
    if (f !== undefined) {
      const bits = addBits(r.last!, f, [
        { id: GPS.satellites.id, label: GPS.satellites.label, bit: 0, width: 5 },
        { id: GPS.fix.id, label: 'GPS fix', bit: 5, width: 2, names: { 0: 'no fix', 1: 'fix', 2: 'fix', 3: 'fix' } },
      ]);
      fix.valid = bits[GPS.fix.id]! > 0;
      fix.satellites = bits[GPS.satellites.id]!;
      rec.attrs.sat = fix.satellites;
    }
  }
  if (m & 2) {
    const lat = r.i32(GPS.latitude, { display: (v) => `${v / 1e6}°` });
    if (lat !== undefined) r.last!.value = fix.lat = degrees(r.last!, lat / 1e6, 90);
    const lon = r.i32(GPS.longitude, { display: (v) => `${v / 1e6}°` });
    if (lon !== undefined) r.last!.value = fix.lon = degrees(r.last!, lon / 1e6, 180);
  }
  if (m & 4) {
    const v = r.i16(GPS.speed);
    if (v !== undefined) fix.speedKnots = kmhToKnots(v);
  }
  if (m & 8) fix.course = r.u16(GPS.course);
  if (m & 16) fix.altitude = r.i16(GPS.altitude);
  if (m & 32) {
    const v = r.u16(GPS.hdop, { display: (x) => `${x / 100}` });
    if (v !== undefined) r.last!.value = rec.attrs.hdop = v / 100;
  }
  if (m & 64) {
    const v = r.u16(GPS.vdop, { display: (x) => `${x / 100}` });
    if (v !== undefined) r.last!.value = rec.attrs.vdop = v / 100;
  }
  r.rest(GPS.data, 'GPS sub-data past VDOP not decoded');
  rec.fix = fix;
}

/** `v` when within ±`max` degrees; otherwise undefined, with an issue on `node`. */
function degrees(node: FieldNode, v: number, max: number): number | undefined {
  if (Math.abs(v) <= max) return v;
  addIssue(node, issue('gosafe.bad_value', 'malformed', 'warning', `${node.label} ${v}° is off the globe`));
  return undefined;
}

/** ADC items: u16 with the input id in the top 4 bits and a 12-bit reading over −10…100 V. */
function adcBinary(r: FieldReader, rec: Rec): void {
  while (r.remaining >= 2) {
    const id = r.bytes[r.pos]! >> 4;
    const def = id === 0 ? ADC.power : id === 1 ? ADC.battery : ADC.input;
    const raw = r.u16(def)!;
    const volts = round(((raw & 0xfff) * 110) / 4096 - 10, 3);
    const n = r.last!;
    n.value = volts;
    n.display = `${volts} V (input ${id}, raw 0x${hex4(raw & 0xfff)})`;
    rec.attrs[id === 0 ? 'power' : id === 1 ? 'battery' : `adc${id}`] = volts;
  }
  r.rest(ADC.data, 'odd byte at the end of the ADC block');
}

// ---------------------------------------------------------------------------------------------

/** The server's answer: ASCII `1234` to every GoSafe message (text or binary). */
export function respond(frame: Uint8Array, _decoded: DecodedFrame): Uint8Array | null {
  if (frame.length === 0 || (frame[0] !== FLAG && !isTextHead(frame, 0))) return null;
  return ACK.slice();
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  if (p) {
    const more = d.positions.length > 1 ? ` (+${d.positions.length - 1} more)` : '';
    return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${more}`;
  }
  if (d.messageType === 'heartbeat' && d.deviceId) return `heartbeat IMEI ${d.deviceId}`;
  if (typeof d.attributes.result === 'string') return `result ${d.attributes.result}`;
  return d.messageType;
}

const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const hex4 = (v: number) => v.toString(16).padStart(4, '0');

export const gosafe: ProtocolDescriptor = {
  id: 'gosafe',
  name: 'GoSafe (G79W / SkyPatrol SP7600)',
  transports: ['tcp', 'udp'],
  defaultPort: 5078,
  detect,
  split,
  decode,
  respond,
  plain,
  commands,
};
